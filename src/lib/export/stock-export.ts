/**
 * The stock as a spreadsheet, from the tablet: one row per item and storage area with its
 * quantity and value, headers in the chosen language, numbers written as the chosen locale's
 * spreadsheets read them (a decimal comma and `;` between cells in Spanish from Spain).
 * Loaded when a person asks for it: not part of the app shell.
 */
import { stockOnHand } from '$lib/domain/stock-on-hand';
import type { KitchenState } from '$lib/domain/state';
import { decimalSeparator } from '$lib/i18n/format';
import { m } from '$lib/paraglide/messages';
import { csvTable, UTF8_BOM, type CsvFormat } from './csv';

/** The CSV format of the chosen locale. */
export function localCsvFormat(): CsvFormat {
  const decimal = decimalSeparator();
  return { separator: decimal === ',' ? ';' : ',', decimal };
}

export function stockExport(state: KitchenState, today: string): { name: string; text: string } {
  const rows = stockOnHand(state).map((row) => [
    row.itemName,
    state.items.get(row.itemId)?.category ?? '',
    row.locationName,
    row.qty,
    row.unit,
    row.value,
  ]);
  const headers = [
    m.export_item(),
    m.export_category(),
    m.export_location(),
    m.export_quantity(),
    m.export_unit(),
    m.export_value(),
  ];
  return {
    name: m.export_stock_file({ date: today }),
    text: UTF8_BOM + csvTable(headers, rows, localCsvFormat()),
  };
}

/** Hands `text` to the browser as a file download named `name`. */
export function download(name: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
