/**
 * Transfers between the kitchens of a district, as one kitchen's log sees them: the lots a
 * line leaves with, the lots it arrives as, and this kitchen's own receipts and refusals.
 * Each end values a line as the sender's lots did (first in, first out), so value moves with
 * the stock and USDA Foods stay USDA Foods.
 */
import type { EventOf, TransferLot } from './events';
import { cloneCell, drawStock, newCell, newLot, transferLotCost, type MutableCell } from './lots';
import { lotValueMicro, type Micro } from './money';
import { fromMilli, toMilli } from './quantity';
import type { KitchenState, Lot } from './state';

export { lotsReceived } from './lots';

/** A lot as a piece of a transfer: what the other kitchen adds, at the price it had here. */
export function transferLotOf(lot: Lot): TransferLot {
  return {
    qty: fromMilli(lot.qty),
    ...(lot.unitCost !== undefined && { unitCost: fromMilli(lot.unitCost) }),
    ...(lot.costPer !== undefined && { costPer: fromMilli(lot.costPer) }),
    ...(lot.bestBefore !== undefined && { bestBefore: lot.bestBefore }),
    ...(lot.lot !== undefined && { lot: lot.lot }),
    ...(lot.source !== undefined && { source: lot.source }),
  };
}

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
