/** The stock as CSV for the district office, written by the same code as the tablet's. */
import { csvTable } from '../../src/lib/export/csv';
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

export function stockCsv(rows: readonly StockRow[]): string {
  return csvTable(
    COLUMNS.map(([, header]) => header),
    rows.map((row) => COLUMNS.map(([key]) => row[key])),
  );
}
