/** Stock on hand: per item and location, and per item across locations. */
import { byName, visibleItem, visibleLocation, type ViewOptions } from './catalog-filter';
import { lotsValueMicro, microToCurrency } from './money';
import { fromMilli } from './quantity';
import type { KitchenState, StockCell } from './state';

export interface StockRow {
  itemId: string;
  itemName: string;
  unit: string;
  locationId: string;
  locationName: string;
  /** In the item's unit, up to 3 decimals. */
  qty: number;
  /** Currency units, cents precision; stock without a known cost counts 0. */
  value: number;
  /** True when the quantity is below zero: recorded uses exceed recorded stock. */
  negative: boolean;
}

export interface ItemStockRow {
  itemId: string;
  name: string;
  unit: string;
  qty: number;
  value: number;
  negative: boolean;
  locations: StockRow[];
}

/** Visible cells with stock (or a negative quantity), by item name then location name. */
export function stockOnHand(state: KitchenState, options: ViewOptions = {}): StockRow[] {
  const rows: StockRow[] = [];
  for (const [itemId, byLocation] of state.stock) {
    const item = visibleItem(state, itemId, options);
    if (!item) continue;
    for (const [locationId, cell] of byLocation) {
      const location = visibleLocation(state, locationId, options);
      if (!location || (cell.qty === 0 && cell.lots.length === 0)) continue;
      rows.push(rowOf(cell, item.name, item.unit, location.name));
    }
  }
  return rows.sort(
    (a, b) =>
      byName({ name: a.itemName }, { name: b.itemName }) ||
      a.itemId.localeCompare(b.itemId) ||
      byName({ name: a.locationName }, { name: b.locationName }) ||
      a.locationId.localeCompare(b.locationId),
  );
}

function rowOf(cell: StockCell, itemName: string, unit: string, locationName: string): StockRow {
  return {
    itemId: cell.itemId,
    itemName,
    unit,
    locationId: cell.locationId,
    locationName,
    qty: fromMilli(cell.qty),
    value: microToCurrency(lotsValueMicro(cell.lots)),
    negative: cell.qty < 0,
  };
}

/** Every visible item (stocked or not), with its total across visible locations. */
export function stockByItem(state: KitchenState, options: ViewOptions = {}): ItemStockRow[] {
  const rows = new Map<string, ItemStockRow & { milli: number; micro: bigint }>();
  for (const item of state.items.values()) {
    if (!visibleItem(state, item.itemId, options)) continue;
    rows.set(item.itemId, {
      itemId: item.itemId,
      name: item.name,
      unit: item.unit,
      qty: 0,
      value: 0,
      negative: false,
      locations: [],
      milli: 0,
      micro: 0n,
    });
  }
  for (const row of stockOnHand(state, options)) {
    const total = rows.get(row.itemId);
    if (!total) continue;
    total.locations.push(row);
    const cell = state.stock.get(row.itemId)?.get(row.locationId);
    if (!cell) continue;
    total.milli += cell.qty;
    total.micro += lotsValueMicro(cell.lots);
  }
  return [...rows.values()]
    .map(({ milli, micro, ...row }) => ({
      ...row,
      qty: fromMilli(milli),
      value: microToCurrency(micro),
      negative: milli < 0,
    }))
    .sort((a, b) => byName(a, b) || a.itemId.localeCompare(b.itemId));
}
