/**
 * The stock as a spreadsheet, from the tablet: one row per item and storage area with its
 * quantity and value, headers in the chosen language. Loaded when a person asks for it: not
 * part of the app shell.
 */
import { stockOnHand } from '$lib/domain/stock-on-hand';
import type { KitchenState } from '$lib/domain/state';
import { m } from '$lib/paraglide/messages';
import { downloadCsv } from './download';

export function downloadStock(state: KitchenState, today: string): void {
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
  downloadCsv(m.export_stock_file({ date: today }), headers, rows);
}
