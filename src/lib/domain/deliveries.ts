/**
 * What each item's latest delivery said, for the defaults of the next one and for the order
 * list: its supplier, unit cost and where the food came from. Each field is taken from the
 * latest delivery that still counts (not undone) and names it.
 */
import type { FoodSource, PackCost } from './events';
import type { KitchenState } from './state';

export interface LastDelivery {
  supplier?: string | undefined;
  /** The latest price: per unit, or per pack (one of the two). */
  unitCost?: number | undefined;
  packCost?: PackCost | undefined;
  source?: FoodSource | undefined;
}

export function latestDeliveries(state: KitchenState): Map<string, LastDelivery> {
  const latest = new Map<string, LastDelivery>();
  for (let i = state.log.length - 1; i >= 0; i--) {
    const event = state.log[i]!;
    if (event.type !== 'stock.received' || state.undone.has(event.id)) continue;
    const { itemId, supplier, unitCost, packCost, source } = event.data;
    const known = latest.get(itemId);
    if (!known) {
      // The latest delivery decides the source: one without a source was purchased.
      latest.set(itemId, { supplier, unitCost, packCost, source: source ?? 'purchased' });
    } else {
      known.supplier ??= supplier;
      if (known.unitCost === undefined && known.packCost === undefined) {
        known.unitCost = unitCost;
        known.packCost = packCost;
      }
    }
  }
  return latest;
}
