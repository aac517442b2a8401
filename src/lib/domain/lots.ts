/**
 * First-in first-out lots of one stock cell. A cell is changed in place by the fold that
 * owns it; a lot is never changed once made (a partial draw replaces it with a smaller one),
 * so a copy of a cell (`cloneCell`) needs only a copy of its list of lots. Only the folder
 * calls these; everyone else sees cells through `StockCell`.
 */
import type { FoodSource, IsoDate, StockReceived, TransferLot } from './events';
import { fromMilli, toMilli, type Milli } from './quantity';
import type { Lot } from './state';

export interface MutableCell {
  itemId: string;
  locationId: string;
  qty: Milli;
  lots: Lot[];
  deficit: Milli;
  lastCountId: string | undefined;
}

/** What a lot cost: per unit of the item, or per pack (`Lot.costPer`). */
export interface LotCost {
  unitCost: Milli;
  costPer?: Milli | undefined;
}

/** The price a delivery gives, per unit or per pack. */
export function costOf(d: StockReceived): LotCost | undefined {
  if (d.packCost)
    return { unitCost: toMilli(d.packCost.cost), costPer: toMilli(d.packCost.factor) };
  return d.unitCost === undefined ? undefined : { unitCost: toMilli(d.unitCost) };
}

/** The price a piece of a transfer carries, as the sending kitchen's lot had it. */
export function transferLotCost(piece: TransferLot): LotCost | undefined {
  if (piece.unitCost === undefined) return undefined;
  const unitCost = toMilli(piece.unitCost);
  return piece.costPer === undefined ? { unitCost } : { unitCost, costPer: toMilli(piece.costPer) };
}

/**
 * The lots `qty` arrived as: the sent lots in order, a shortage taken off the last ones, a
 * surplus valued as the last lot sent.
 */
export function lotsReceived(sent: readonly TransferLot[], qty: number): TransferLot[] {
  let left: Milli = toMilli(qty);
  const lots: TransferLot[] = [];
  for (const lot of sent) {
    if (left <= 0) break;
    const take = Math.min(left, toMilli(lot.qty));
    lots.push({ ...lot, qty: fromMilli(take) });
    left -= take;
  }
  if (left > 0) {
    const last = sent[sent.length - 1];
    lots.push({ ...last, qty: fromMilli(left) });
  }
  return lots;
}

/** One line of a transfer: a sheet (`transferId`) and the sent item. */
export const transferLine = (transferId: string, sentItemId: string) =>
  `${transferId}\n${sentItemId}`;

export function newLot(
  sourceId: string,
  qty: Milli,
  rank: number,
  cost: LotCost | undefined,
  bestBefore?: IsoDate,
  lot?: string,
  supplier?: string,
  source?: FoodSource,
): Lot {
  const { unitCost, costPer } = cost ?? {};
  return { sourceId, qty, unitCost, costPer, bestBefore, lot, supplier, source, rank };
}

export function newCell(itemId: string, locationId: string): MutableCell {
  return { itemId, locationId, qty: 0, lots: [], deficit: 0, lastCountId: undefined };
}

export function cloneCell(cell: MutableCell): MutableCell {
  return { ...cell, lots: [...cell.lots] };
}

/** Dated lots first, earliest best-before first (ISO dates sort as text); then the oldest. */
export function drawsBefore(a: Lot, b: Lot): boolean {
  if (a.bestBefore !== b.bestBefore) {
    if (a.bestBefore === undefined) return false;
    if (b.bestBefore === undefined) return true;
    return a.bestBefore < b.bestBefore;
  }
  return a.rank < b.rank;
}

function insertLot(cell: MutableCell, lot: Lot): void {
  const at = cell.lots.findIndex((other) => drawsBefore(lot, other));
  if (at === -1) cell.lots.push(lot);
  else cell.lots.splice(at, 0, lot);
}

/**
 * Stock arriving in the cell. It first covers any deficit (uses recorded before the stock
 * that covered them consumed part of it), and the rest becomes a lot.
 */
export function addStock(cell: MutableCell, lot: Lot): void {
  cell.qty += lot.qty;
  const pay = Math.min(cell.deficit, lot.qty);
  cell.deficit -= pay;
  if (pay < lot.qty) insertLot(cell, { ...lot, qty: lot.qty - pay });
}

/**
 * Takes `amount` out of the cell, FIFO. What no lot covers becomes deficit (the quantity
 * goes negative). The pieces of lots taken are pushed onto `taken` when given (for moves).
 * Returns the amount no lot covered.
 */
export function drawStock(cell: MutableCell, amount: Milli, taken?: Lot[]): Milli {
  cell.qty -= amount;
  let left = amount;
  while (left > 0 && cell.lots.length > 0) {
    const lot = cell.lots[0] as Lot;
    if (lot.qty <= left) {
      taken?.push(lot);
      cell.lots.shift();
      left -= lot.qty;
    } else {
      taken?.push({ ...lot, qty: left });
      cell.lots[0] = { ...lot, qty: lot.qty - left };
      left = 0;
    }
  }
  cell.deficit += left;
  return left;
}

/**
 * A count is the truth: the cell holds exactly `counted`, with no deficit. Below the lots'
 * total it draws FIFO; above, the surplus becomes a lot at the item's last known cost.
 */
export function setCount(cell: MutableCell, counted: Milli, surplus: Lot): void {
  // The lots hold the quantity plus what no lot covered.
  const inLots = cell.qty + cell.deficit;
  if (inLots > counted) drawStock(cell, inLots - counted);
  else if (counted > inLots) insertLot(cell, { ...surplus, qty: counted - inLots });
  cell.deficit = 0;
  cell.qty = counted;
}
