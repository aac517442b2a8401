/** The reorder list: items whose total on hand is below their par level. */
import { byName, visibleItem, visibleLocation, type ViewOptions } from './catalog-filter';
import { fromMilli, toMilli } from './quantity';
import type { KitchenState } from './state';

export interface ReorderLine {
  itemId: string;
  name: string;
  unit: string;
  par: number;
  /** Total across visible locations; may be negative. */
  onHand: number;
  /**
   * What brings the item back to par. A negative total counts as zero: it means uses were
   * recorded before the stock that covered them, not that the shelf owes stock.
   */
  toOrder: number;
}

export function belowPar(state: KitchenState, options: ViewOptions = {}): ReorderLine[] {
  const lines: ReorderLine[] = [];
  for (const item of state.items.values()) {
    if (item.par === undefined || !visibleItem(state, item.itemId, options)) continue;
    let onHand = 0;
    for (const [locationId, cell] of state.stock.get(item.itemId) ?? []) {
      if (visibleLocation(state, locationId, options)) onHand += cell.qty;
    }
    const par = toMilli(item.par);
    if (onHand >= par) continue;
    lines.push({
      itemId: item.itemId,
      name: item.name,
      unit: item.unit,
      par: item.par,
      onHand: fromMilli(onHand),
      toOrder: fromMilli(par - Math.max(onHand, 0)),
    });
  }
  return lines.sort((a, b) => byName(a, b) || a.itemId.localeCompare(b.itemId));
}
