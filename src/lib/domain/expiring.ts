/** Lots whose best-before falls within the next days: what to use first (or already past). */
import { byName, visibleItem, visibleLocation, type ViewOptions } from './catalog-filter';
import type { IsoDate } from './events';
import { addDays, daysBetween } from './iso-date';
import { fromMilli } from './quantity';
import type { KitchenState } from './state';

export interface ExpiringLot {
  itemId: string;
  itemName: string;
  unit: string;
  locationId: string;
  locationName: string;
  bestBefore: IsoDate;
  qty: number;
  /** Days from today to the best-before: 0 is today, negative is past. */
  daysLeft: number;
  expired: boolean;
  /** The event that brought the lot in. */
  sourceId: string;
  lot?: string;
}

/**
 * Dated lots with a best-before on or before `today + days` (past ones included, flagged),
 * soonest first. `today` comes in as an argument: the domain reads no clock.
 */
export function expiringWithin(
  state: KitchenState,
  today: IsoDate,
  days: number,
  options: ViewOptions = {},
): ExpiringLot[] {
  const limit = addDays(today, days);
  const rows: ExpiringLot[] = [];
  for (const [itemId, byLocation] of state.stock) {
    const item = visibleItem(state, itemId, options);
    if (!item) continue;
    for (const [locationId, cell] of byLocation) {
      const location = visibleLocation(state, locationId, options);
      if (!location) continue;
      for (const lot of cell.lots) {
        if (lot.bestBefore === undefined || lot.bestBefore > limit || lot.qty <= 0) continue;
        const daysLeft = daysBetween(today, lot.bestBefore);
        rows.push({
          itemId,
          itemName: item.name,
          unit: item.unit,
          locationId,
          locationName: location.name,
          bestBefore: lot.bestBefore,
          qty: fromMilli(lot.qty),
          daysLeft,
          expired: daysLeft < 0,
          sourceId: lot.sourceId,
          ...(lot.lot !== undefined && { lot: lot.lot }),
        });
      }
    }
  }
  return rows.sort(
    (a, b) =>
      (a.bestBefore < b.bestBefore ? -1 : a.bestBefore > b.bestBefore ? 1 : 0) ||
      byName({ name: a.itemName }, { name: b.itemName }) ||
      byName({ name: a.locationName }, { name: b.locationName }) ||
      (a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : 0),
  );
}
