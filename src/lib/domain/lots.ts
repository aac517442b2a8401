/**
 * First-in first-out lots of one stock cell. Cells are mutable on purpose: the fold applies
 * a million events a second and cannot copy a cell per event. Lot objects, though, are never
 * changed once made (a partial draw replaces the lot with a smaller one), so a snapshot of
 * the state copies cells and their lot arrays but shares the lots themselves. Only the
 * folder calls these, on cells it owns; everyone else sees them through `StockCell`.
 */
import type { IsoDate } from './events';
import type { Milli } from './quantity';

/** Every field always present (`undefined` when absent): one object shape, fast property access. */
export interface MutableLot {
  readonly sourceId: string;
  readonly qty: Milli;
  readonly unitCost: Milli | undefined;
  readonly bestBefore: IsoDate | undefined;
  readonly lot: string | undefined;
  readonly supplier: string | undefined;
  readonly rank: number;
  /** `expiryKey(bestBefore)`: kept on the lot so FIFO placement compares integers. */
  readonly expiry: number;
}

/** The same lot with another quantity, for lots a snapshot may share. */
function withQty(lot: MutableLot, qty: Milli): MutableLot {
  return {
    sourceId: lot.sourceId,
    qty,
    unitCost: lot.unitCost,
    bestBefore: lot.bestBefore,
    lot: lot.lot,
    supplier: lot.supplier,
    rank: lot.rank,
    expiry: lot.expiry,
  };
}

export interface MutableCell {
  itemId: string;
  locationId: string;
  qty: Milli;
  lots: MutableLot[];
  deficit: Milli;
  lastCountId: string | undefined;
  /**
   * True once a snapshot holds this cell's lots too: from then on a lot is replaced, never
   * changed. A cell no snapshot saw (all of a plain `fold`) changes its lots in place, which
   * saves an allocation per use.
   */
  shared: boolean;
}

export function newLot(
  sourceId: string,
  qty: Milli,
  rank: number,
  unitCost: Milli | undefined,
  bestBefore?: IsoDate,
  lot?: string,
  supplier?: string,
): MutableLot {
  return {
    sourceId,
    qty,
    unitCost,
    bestBefore,
    lot,
    supplier,
    rank,
    expiry: expiryKey(bestBefore),
  };
}

export function newCell(itemId: string, locationId: string): MutableCell {
  // Every field from the start: a field added later would give some cells a second shape.
  return {
    itemId,
    locationId,
    qty: 0,
    lots: [],
    deficit: 0,
    lastCountId: undefined,
    shared: false,
  };
}

/**
 * Undated lots draw after every dated one: above any `YYYYMMDD`, and small enough to be a
 * V8 small integer, so that no lot holds its key as a boxed number.
 */
const UNDATED = 100_000_000;

/**
 * The best-before as a number (`YYYYMMDD`), so that placing a lot costs integer compares
 * and no allocation; `UNDATED` without one.
 */
export function expiryKey(bestBefore: IsoDate | undefined): number {
  if (bestBefore === undefined) return UNDATED;
  let key = 0;
  for (let i = 0; i < bestBefore.length; i++) {
    const digit = bestBefore.charCodeAt(i) - 48;
    if (digit >= 0 && digit <= 9) key = key * 10 + digit;
  }
  return key;
}

/** Dated lots first, earliest best-before first; then the oldest received. */
export function drawsBefore(a: MutableLot, b: MutableLot): boolean {
  return a.expiry !== b.expiry ? a.expiry < b.expiry : a.rank < b.rank;
}

function insertLot(cell: MutableCell, lot: MutableLot): void {
  const lots = cell.lots;
  const last = lots[lots.length - 1];
  if (last === undefined || !drawsBefore(lot, last)) {
    lots.push(lot);
    return;
  }
  // Binary search: a cell can hold a hundred lots when deliveries outpace use.
  let lo = 0;
  let hi = lots.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (drawsBefore(lot, lots[mid] as MutableLot)) hi = mid;
    else lo = mid + 1;
  }
  // By hand: `splice` allocates an array of the (no) lots it removes, and is slower here.
  let i = lots.length;
  lots.push(lot);
  for (; i > lo; i--) lots[i] = lots[i - 1] as MutableLot;
  lots[lo] = lot;
}

/**
 * Stock arriving in the cell. It first covers any deficit (uses recorded before the stock
 * that covered them consumed part of it), and the rest becomes a lot.
 */
export function addStock(cell: MutableCell, lot: MutableLot): void {
  cell.qty += lot.qty;
  if (cell.deficit > 0) {
    const pay = Math.min(cell.deficit, lot.qty);
    cell.deficit -= pay;
    if (pay === lot.qty) return;
    insertLot(cell, withQty(lot, lot.qty - pay));
    return;
  }
  insertLot(cell, lot);
}

/**
 * Takes `amount` out of the cell, FIFO. What no lot covers becomes deficit (the quantity
 * goes negative). When `taken` is given, the drawn pieces are pushed onto it (for moves).
 * Returns the amount no lot covered.
 */
export function drawStock(cell: MutableCell, amount: Milli, taken?: MutableLot[]): Milli {
  cell.qty -= amount;
  const lots = cell.lots;
  let left = amount;
  let used = 0;
  while (left > 0 && used < lots.length) {
    const lot = lots[used] as MutableLot;
    if (lot.qty <= left) {
      left -= lot.qty;
      used++;
      // A lot moving on must not be one a snapshot still holds: its new cell may change it.
      if (taken) taken.push(cell.shared ? withQty(lot, lot.qty) : lot);
    } else {
      if (taken) taken.push(withQty(lot, left));
      if (cell.shared) lots[used] = withQty(lot, lot.qty - left);
      else (lot as { qty: Milli }).qty -= left;
      left = 0;
    }
  }
  // Not splice: it would allocate an array of the removed lots on every use.
  if (used === 1) lots.shift();
  else if (used > 1) {
    lots.copyWithin(0, used);
    lots.length -= used;
  }
  cell.deficit += left;
  return left;
}

/**
 * A count is the truth: the cell holds exactly `counted`, with no deficit. Below the lots'
 * total it draws FIFO; above, the surplus becomes a lot at `unitCost` (the item's last known).
 */
export function setCount(cell: MutableCell, counted: Milli, surplus: MutableLot): void {
  // The lots hold the quantity plus what no lot covered.
  const inLots = cell.qty + cell.deficit;
  cell.deficit = 0;
  if (inLots > counted) drawStock(cell, inLots - counted);
  else if (counted > inLots) insertLot(cell, withQty(surplus, counted - inLots));
  cell.deficit = 0;
  cell.qty = counted;
}

/** A copy to mutate; both now share their lots, so neither changes a lot in place again. */
export function cloneCell(cell: MutableCell): MutableCell {
  cell.shared = true;
  return { ...cell, lots: cell.lots.slice() };
}
