/**
 * First-in first-out lots of one stock cell. Mutable on purpose: the fold applies a million
 * events a second and cannot copy a cell per event. Only the folder calls these, on cells it
 * owns; everyone else sees them through the read-only `StockCell`.
 */
import type { IsoDate } from './events';
import type { Milli } from './quantity';

export interface MutableLot {
  sourceId: string;
  qty: Milli;
  unitCost?: Milli;
  bestBefore?: IsoDate;
  lot?: string;
  supplier?: string;
  rank: number;
}

export interface MutableCell {
  itemId: string;
  locationId: string;
  qty: Milli;
  lots: MutableLot[];
  deficit: Milli;
  lastCountId?: string;
}

export function newCell(itemId: string, locationId: string): MutableCell {
  return { itemId, locationId, qty: 0, lots: [], deficit: 0 };
}

/** Dated lots first, earliest best-before first; then the oldest received. */
export function drawsBefore(a: MutableLot, b: MutableLot): boolean {
  if (a.bestBefore !== undefined) {
    if (b.bestBefore === undefined) return true;
    if (a.bestBefore !== b.bestBefore) return a.bestBefore < b.bestBefore;
  } else if (b.bestBefore !== undefined) return false;
  return a.rank < b.rank;
}

function insertLot(cell: MutableCell, lot: MutableLot): void {
  const lots = cell.lots;
  // New stock is usually the latest to draw: scan from the end.
  let i = lots.length;
  while (i > 0 && drawsBefore(lot, lots[i - 1] as MutableLot)) i--;
  if (i === lots.length) lots.push(lot);
  else lots.splice(i, 0, lot);
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
    lot.qty -= pay;
    if (lot.qty === 0) return;
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
      if (taken) taken.push(lot);
    } else {
      lot.qty -= left;
      if (taken) taken.push({ ...lot, qty: left });
      left = 0;
    }
  }
  if (used > 0) lots.splice(0, used);
  cell.deficit += left;
  return left;
}

/**
 * A count is the truth: the cell holds exactly `counted`, with no deficit. Below the lots'
 * total it draws FIFO; above, the surplus becomes a lot at `unitCost` (the item's last known).
 */
export function setCount(cell: MutableCell, counted: Milli, surplus: MutableLot): void {
  cell.deficit = 0;
  let inLots = 0;
  for (const lot of cell.lots) inLots += lot.qty;
  if (inLots > counted) drawStock(cell, inLots - counted);
  else if (counted > inLots) insertLot(cell, { ...surplus, qty: counted - inLots });
  cell.deficit = 0;
  cell.qty = counted;
}

export function cloneCell(cell: MutableCell): MutableCell {
  const copy: MutableCell = { ...cell, lots: cell.lots.map((lot) => ({ ...lot })) };
  return copy;
}
