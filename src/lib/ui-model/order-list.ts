/**
 * The order list: every item below par with the quantity that brings it back to par, grouped
 * by its supplier (the one set on the item, else the one of its latest delivery), with the
 * last unit cost and the order's value.
 */
import { belowPar, type ReorderLine } from '$lib/domain/below-par';
import { latestDeliveries } from '$lib/domain/deliveries';
import type { FoodSource, PackCost } from '$lib/domain/events';
import { divideRounded, fromMilli, toMilli } from '$lib/domain/quantity';
import { packsBySize } from './pack-breakdown';
import type { ItemState, KitchenState } from '$lib/domain/state';

export interface OrderLine extends ReorderLine {
  supplier: string;
  /** The last delivery's price: per unit of the item, or per pack. */
  lastUnitCost?: number;
  lastPackCost?: PackCost;
  /**
   * What the supplier sells: the item's largest pack (or its own unit when it has none),
   * how many of its unit that holds, and how many of them bring it back to par (rounded up).
   */
  orderUnit: string;
  orderFactor: number;
  toOrderUnits: number;
  /** Where its latest delivery came from, when not purchased (USDA Foods, a donation). */
  source?: FoodSource;
}

export interface OrderGroup {
  /** Empty when no delivery of its items named a supplier. */
  supplier: string;
  lines: OrderLine[];
}

/** The unit an item is ordered in, with its size: as set on the item, else its largest pack. */
function orderUnitOf(item: ItemState | undefined, unit: string): [string, number] {
  const packs = packsBySize(item?.packs);
  const chosen = item?.orderUnit;
  if (chosen === unit) return [unit, 1];
  // A pack removed since it was chosen: the largest one left.
  return packs.find(([pack]) => pack === chosen) ?? packs[0] ?? [unit, 1];
}

export function orderList(state: KitchenState): OrderGroup[] {
  const deliveries = latestDeliveries(state);
  const groups = new Map<string, OrderLine[]>();
  for (const line of belowPar(state)) {
    const last = deliveries.get(line.itemId);
    const supplier = (state.items.get(line.itemId)?.supplier || last?.supplier || '').trim();
    const [orderUnit, orderFactor] = orderUnitOf(state.items.get(line.itemId), line.unit);
    const entry: OrderLine = {
      ...line,
      supplier,
      orderUnit,
      orderFactor,
      toOrderUnits:
        orderFactor === 1 ? line.toOrder : Math.ceil(toMilli(line.toOrder) / toMilli(orderFactor)),
      ...(last?.unitCost !== undefined && { lastUnitCost: last.unitCost }),
      ...(last?.packCost !== undefined && { lastPackCost: last.packCost }),
      ...(last?.source && last.source !== 'purchased' && { source: last.source }),
    };
    groups.set(supplier, [...(groups.get(supplier) ?? []), entry]);
  }
  return [...groups]
    .map(([supplier, lines]) => ({ supplier, lines }))
    .sort((a, b) => (!a.supplier ? 1 : !b.supplier ? -1 : a.supplier.localeCompare(b.supplier)));
}

/** `units` of a line's order unit in the item's own unit, exact to the thousandth. */
export function inItemUnits(line: OrderLine, units: number): number {
  return fromMilli(Math.round((toMilli(units) * toMilli(line.orderFactor)) / 1000));
}

/**
 * `units` of a line's order unit at its last price (per unit or per pack), exact to the
 * cent: cases priced per case cost a whole number of that price. Undefined: no price known.
 */
export function orderValue(line: OrderLine, units: number): number | undefined {
  const price =
    line.lastPackCost ??
    (line.lastUnitCost === undefined ? undefined : { cost: line.lastUnitCost, factor: 1 });
  if (!price) return undefined;
  const priced = BigInt(toMilli(units)) * BigInt(toMilli(line.orderFactor));
  const cents = divideRounded(
    priced * BigInt(toMilli(price.cost)),
    BigInt(toMilli(price.factor)) * 10_000n,
  );
  return Number(cents) / 100;
}
