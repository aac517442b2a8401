/**
 * Tables downloaded from the tablet as CSV that the chosen locale's spreadsheets open as they
 * are: UTF-8 with its mark, `;` between cells and a decimal comma where the locale writes
 * decimals with a comma.
 */
import { decimalSeparator } from '$lib/i18n/format';
import { csvTable, UTF8_BOM, type Cell, type CsvFormat } from './csv';
import type { Table } from './tables';

/** The CSV format of the chosen locale. */
export function localCsvFormat(): CsvFormat {
  const decimal = decimalSeparator();
  return { separator: decimal === ',' ? ';' : ',', decimal };
}

/** Hands the table to the browser as a file download named `name`. */
export function downloadCsv(
  name: string,
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
): void {
  downloadFile(name, UTF8_BOM + csvTable(headers, rows, localCsvFormat()), 'text/csv');
}

/** Hands `text` to the browser as a file download named `name`. */
export function downloadFile(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Hands an export (`tables.ts`) to the browser as a file download. */
export function downloadTable(table: Table): void {
  downloadCsv(table.file, table.headers, table.rows);
}
