/**
 * The order list: every item below par with the quantity that brings it back to par, grouped
 * by its supplier (the one set on the item, else the one of its latest delivery), with the
 * last unit cost and the order's value.
 */
import { belowPar, type ReorderLine } from '$lib/domain/below-par';
import { latestDeliveries } from '$lib/domain/deliveries';
import type { FoodSource } from '$lib/domain/events';
import { fromMilli, toMilli } from '$lib/domain/quantity';
import { packsBySize } from './pack-breakdown';
import type { KitchenState } from '$lib/domain/state';

export interface OrderLine extends ReorderLine {
  supplier: string;
  /** Per unit of the item, as last delivered. */
  lastUnitCost?: number;
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

export function orderList(state: KitchenState): OrderGroup[] {
  const deliveries = latestDeliveries(state);
  const groups = new Map<string, OrderLine[]>();
  for (const line of belowPar(state)) {
    const last = deliveries.get(line.itemId);
    const supplier = (state.items.get(line.itemId)?.supplier || last?.supplier || '').trim();
    const [orderUnit, orderFactor] = packsBySize(state.items.get(line.itemId)?.packs)[0] ?? [
      line.unit,
      1,
    ];
    const entry: OrderLine = {
      ...line,
      supplier,
      orderUnit,
      orderFactor,
      toOrderUnits:
        orderFactor === 1 ? line.toOrder : Math.ceil(toMilli(line.toOrder) / toMilli(orderFactor)),
      ...(last?.unitCost !== undefined && { lastUnitCost: last.unitCost }),
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

/** A line's value at its last unit cost, exact to the cent; undefined when no cost is known. */
export function orderValue(qty: number, unitCost: number | undefined): number | undefined {
  if (unitCost === undefined) return undefined;
  return Math.round((Math.round(qty * 1000) * Math.round(unitCost * 1000)) / 10_000) / 100;
}
