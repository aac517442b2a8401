/**
 * CSV that spreadsheets open correctly (RFC 4180 quoting), guarded against formula
 * injection. Shared by the tablet's downloads and the server's exports.
 */

export type Cell = string | number | boolean | null | undefined;

export interface CsvFormat {
  /** Between cells: `,`, or `;` where the locale writes decimals with a comma. */
  separator: string;
  /** Written for the decimal point of numbers (numbers are never grouped). */
  decimal: string;
}

export const MACHINE_CSV: CsvFormat = { separator: ',', decimal: '.' };

/** The byte order mark: the common spreadsheets read the file as UTF-8 when it starts so. */
export const UTF8_BOM = '\uFEFF';

export function csvField(value: Cell, format: CsvFormat = MACHINE_CSV): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(value).replace('.', format.decimal) : String(value);
  // A name typed as "=HYPERLINK(...)" must not become a formula when a spreadsheet opens it.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  const quoted = text.includes(format.separator) || /["\r\n]/.test(text);
  return quoted ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header line and one line per row, each line ended with CRLF. */
export function csvTable(
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
  format: CsvFormat = MACHINE_CSV,
): string {
  const line = (cells: readonly Cell[]) =>
    cells.map((cell) => csvField(cell, format)).join(format.separator);
  return [headers, ...rows].map((cells) => `${line(cells)}\r\n`).join('');
}
