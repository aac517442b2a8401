/** CSV as spreadsheets read it (RFC 4180), guarded against formula injection. */
import type { StockRow } from './read-models';

const COLUMNS: [keyof StockRow, string][] = [
  ['itemId', 'item_id'],
  ['itemName', 'item'],
  ['unit', 'unit'],
  ['locationId', 'location_id'],
  ['locationName', 'location'],
  ['qty', 'qty'],
  ['value', 'value'],
  ['negative', 'negative'],
];

export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  // A name typed as "=HYPERLINK(...)" must not become a formula when the district opens it.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function stockCsv(rows: readonly StockRow[]): string {
  const lines = [COLUMNS.map(([, header]) => header).join(',')];
  for (const row of rows) lines.push(COLUMNS.map(([key]) => csvField(row[key])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
