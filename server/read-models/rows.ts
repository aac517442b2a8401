/**
 * The rows of the read tables, computed from a kitchen state with the domain's own
 * arithmetic (integer thousandths, exact money). Every item, location and stock cell is
 * kept, archived and not-yet-known ones included: the tables mirror the state; the stock
 * route filters what a cook would see.
 */
import { lotsValueMicro, microToCurrency } from '../../src/lib/domain/money';
import { fromMilli } from '../../src/lib/domain/quantity';
import { belowPar } from '../../src/lib/domain/below-par';
import { inventoryValue } from '../../src/lib/domain/inventory-value';
import type { KitchenState } from '../../src/lib/domain/state';
import { localToday, startOfDay } from '../../src/lib/ui-model/local-today';

export interface ItemRow {
  item_id: string;
  name: string;
  unit: string;
  category: string | null;
  par: number | null;
  archived: number;
}

export interface LocationRow {
  location_id: string;
  name: string;
  kind: string;
  archived: number;
}

export interface CellRow {
  item_id: string;
  location_id: string;
  qty: number;
  value: number;
  lots: number;
}

/** A kitchen's figures for the district office: one row, keyed '' in `KitchenRows`. */
export interface SummaryRow {
  /** Currency units, as the tablet's inventory value (archived items and areas left out). */
  inventory_value: number;
  /** How many items are below their par level, as the tablet's order list. */
  below_par: number;
  /** The server's local month (YYYY-MM) `month_waste` is of. */
  month: string;
  /** Value of the waste recorded in `month`, as the month-end report counts it. */
  month_waste: number;
}

export interface KitchenRows {
  items: Map<string, ItemRow>;
  locations: Map<string, LocationRow>;
  stock: Map<string, CellRow>;
  summary: Map<string, SummaryRow>;
}

/** The month's waste, given with the state: it needs the time, and more than a state holds. */
export interface MonthWaste {
  month: string;
  waste: number;
}

export const cellKey = (itemId: string, locationId: string) => `${itemId} ${locationId}`;

export function rowsOf(state: KitchenState, monthWaste: MonthWaste): KitchenRows {
  const items = new Map<string, ItemRow>();
  for (const item of state.items.values()) {
    items.set(item.itemId, {
      item_id: item.itemId,
      name: item.name,
      unit: item.unit,
      category: item.category ?? null,
      par: item.par ?? null,
      archived: item.archived ? 1 : 0,
    });
  }
  const locations = new Map<string, LocationRow>();
  for (const location of state.locations.values()) {
    locations.set(location.locationId, {
      location_id: location.locationId,
      name: location.name,
      kind: location.kind,
      archived: location.archived ? 1 : 0,
    });
  }
  const stock = new Map<string, CellRow>();
  for (const [itemId, byLocation] of state.stock) {
    for (const [locationId, cell] of byLocation) {
      stock.set(cellKey(itemId, locationId), {
        item_id: itemId,
        location_id: locationId,
        qty: fromMilli(cell.qty),
        value: microToCurrency(lotsValueMicro(cell.lots)),
        lots: cell.lots.length,
      });
    }
  }
  const summary = new Map<string, SummaryRow>([
    [
      '',
      {
        inventory_value: inventoryValue(state).total,
        below_par: belowPar(state).length,
        month: monthWaste.month,
        month_waste: monthWaste.waste,
      },
    ],
  ]);
  return { items, locations, stock, summary };
}

/** The server's local month of `wall` (ms), as YYYY-MM, and when it started. */
export function localMonth(wall: number): { month: string; start: number } {
  const month = localToday(new Date(wall)).slice(0, 7);
  return { month, start: startOfDay(`${month}-01`) };
}

/** Rows of `next` that differ from `prev`, and keys of `prev` that `next` no longer has. */
export function diff<R>(prev: Map<string, R>, next: Map<string, R>): { put: R[]; gone: string[] } {
  const put: R[] = [];
  for (const [key, row] of next) {
    const old = prev.get(key);
    if (!old || !shallowEqual(old, row)) put.push(row);
  }
  const gone = [...prev.keys()].filter((key) => !next.has(key));
  return { put, gone };
}

function shallowEqual<R>(a: R, b: R): boolean {
  for (const key in a) if (a[key] !== b[key]) return false;
  return true;
}
