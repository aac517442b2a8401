/**
 * Transfers between the kitchens of a district, as one kitchen's log sees them: the lots a
 * line leaves with, the lots it arrives as, and this kitchen's own receipts and refusals.
 * Each end values a line as the sender's lots did (first in, first out), so value moves with
 * the stock and USDA Foods stay USDA Foods.
 */
import type { EventOf, LarderEvent, TransferLot } from './events';
import {
  cloneCell,
  drawStock,
  newCell,
  newLot,
  transferLine,
  transferLotCost,
  transferLotOf,
  type MutableCell,
} from './lots';
import { lotValueMicro, type Micro } from './money';
import { fromMilli, toMilli, type Milli } from './quantity';
import type { KitchenState, Lot } from './state';

/** The lots `qty` of an item would be drawn from at a location now (first in, first out). */
export function lotsToSend(
  state: KitchenState,
  itemId: string,
  locationId: string,
  qty: number,
): TransferLot[] {
  const cell = state.stock.get(itemId)?.get(locationId);
  const copy: MutableCell = cell ? cloneCell(cell as MutableCell) : newCell(itemId, locationId);
  const taken: Lot[] = [];
  const uncovered = drawStock(copy, toMilli(qty), taken);
  const lots = taken.map(transferLotOf);
  // Sent beyond what is on record: it leaves with no price, as it would be used.
  if (uncovered > 0) lots.push({ qty: fromMilli(uncovered) });
  return lots;
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

/** What pieces of a transfer are worth, each at its price (millionths). */
export function transferValue(lots: readonly TransferLot[]): Micro {
  let value = 0n;
  for (const piece of lots) {
    value += lotValueMicro(newLot('', toMilli(piece.qty), 0, transferLotCost(piece)));
  }
  return value;
}

/** This kitchen's receipts and refusals of a transfer that are in effect. */
export function answersTo(
  state: KitchenState,
  transferId: string,
): (EventOf<'transfer.received'> | EventOf<'transfer.refused'>)[] {
  return state.log.filter(
    (event): event is EventOf<'transfer.received'> | EventOf<'transfer.refused'> =>
      (event.type === 'transfer.received' || event.type === 'transfer.refused') &&
      event.data.transferId === transferId &&
      !state.undone.has(event.id),
  );
}

/** The line of a transfer an event is about, for receipts and sends alike. */
export function lineOf(event: LarderEvent): string | undefined {
  if (event.type === 'stock.sent') return transferLine(event.data.transferId, event.data.itemId);
  if (event.type === 'transfer.received')
    return transferLine(event.data.transferId, event.data.sentItemId);
  return undefined;
}
