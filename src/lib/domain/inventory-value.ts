/** The value of the inventory, for the cost-of-food report. See `money.ts` for the arithmetic. */
import { byName, visibleItem, visibleLocation, type ViewOptions } from './catalog-filter';
import { FOOD_SOURCES, type FoodSource } from './events';
import { lotValueMicro, lotsValueMicro, microToCurrency } from './money';
import { fromMilli } from './quantity';
import type { KitchenState } from './state';

export interface InventoryValue {
  /** Currency units, cents precision. */
  total: number;
  byLocation: { locationId: string; name: string; value: number }[];
  /** Stock with no known unit cost (valued 0), so the report can say what is missing. */
  unpriced: { itemId: string; locationId: string; qty: number }[];
}

export function inventoryValue(state: KitchenState, options: ViewOptions = {}): InventoryValue {
  let total = 0n;
  const perLocation = new Map<string, bigint>();
  const unpriced: InventoryValue['unpriced'] = [];
  for (const [itemId, byLocation] of state.stock) {
    if (!visibleItem(state, itemId, options)) continue;
    for (const [locationId, cell] of byLocation) {
      if (!visibleLocation(state, locationId, options)) continue;
      const value = lotsValueMicro(cell.lots);
      total += value;
      perLocation.set(locationId, (perLocation.get(locationId) ?? 0n) + value);
      let missing = 0;
      for (const lot of cell.lots) if (lot.unitCost === undefined) missing += lot.qty;
      if (missing > 0) unpriced.push({ itemId, locationId, qty: fromMilli(missing) });
    }
  }
  const byLocation = [...perLocation].map(([locationId, value]) => ({
    locationId,
    name: state.locations.get(locationId)?.name ?? '',
    value: microToCurrency(value),
  }));
  return {
    total: microToCurrency(total),
    byLocation: byLocation.sort((a, b) => byName(a, b) || a.locationId.localeCompare(b.locationId)),
    unpriced,
  };
}

/** The value of all of an item's stock, each lot at what it cost, rounded to cents once. */
export function itemValue(state: KitchenState, itemId: string): number {
  let sum = 0n;
  for (const cell of state.stock.get(itemId)?.values() ?? []) sum += lotsValueMicro(cell.lots);
  return microToCurrency(sum);
}

/** The value of an item's stock by where it came from (purchased when a lot does not say). */
export function itemValueBySource(
  state: KitchenState,
  itemId: string,
): { source: FoodSource; value: number }[] {
  const sums = new Map<FoodSource, bigint>();
  for (const cell of state.stock.get(itemId)?.values() ?? []) {
    for (const lot of cell.lots) {
      const source = lot.source ?? 'purchased';
      sums.set(source, (sums.get(source) ?? 0n) + lotValueMicro(lot));
    }
  }
  return FOOD_SOURCES.filter((source) => sums.has(source)).map((source) => ({
    source,
    value: microToCurrency(sums.get(source) ?? 0n),
  }));
}
