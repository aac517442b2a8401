/**
 * A transfer line received into an item this kitchen keeps in another unit of the same kind
 * (sent in kg, kept here in lb). The receipt is written in the receiving kitchen's unit: its
 * `lots` are the sent lots converted (`lotsInUnit`) and its `sentQty` their sum, so that
 * kitchen's fold, views and month-end never convert (and the app shell carries no unit
 * table for them); the server checks the conversion against the send.
 */
import type { TransferLot } from './events';
import { newLot, transferLotCost } from './lots';
import { lotValueMicro } from './money';
import { divideRounded, fromMilli, toMilli } from './quantity';
import { convertible, convertQty, sameUnit } from './units';

/** Whether a line sent in `from` can go into an item kept in `to`: that unit, or its kind. */
export function fitsUnit(from: string, to: string): boolean {
  return sameUnit(from, to) || convertible(from, to);
}

/**
 * Lots sent in unit `from` as lots of unit `to` (of the same kind): each quantity converted
 * to the thousandth, and a priced lot priced as a whole (its value per its converted
 * quantity, `costPer`), so it is worth what it was worth sent to the thousandth of a
 * currency unit, not a per-unit price rounded and multiplied back. A lot too small to show
 * in `to` (under half a thousandth) is left out.
 */
export function lotsInUnit(lots: readonly TransferLot[], from: string, to: string): TransferLot[] {
  const converted: TransferLot[] = [];
  for (const lot of lots) {
    const qty = convertQty(lot.qty, from, to, 'qty');
    if (qty === 0) continue;
    const { unitCost: _unitCost, costPer: _costPer, ...rest } = lot;
    const cost = transferLotCost(lot);
    if (!cost) {
      converted.push({ ...rest, qty });
      continue;
    }
    const value = lotValueMicro(newLot('', toMilli(lot.qty), 0, cost));
    const unitCost = fromMilli(Number(divideRounded(value, 1000n)));
    converted.push({ ...rest, qty, unitCost, costPer: qty });
  }
  return converted;
}

/**
 * What was sent of a line, in unit `to`: its lots converted and their sum (as sent when `to`
 * is the sent unit). The receipt's `sentQty` and `lots`; the receive sheet fills it in.
 */
export function sentInUnit(
  line: { unit: string; qty: number; lots: readonly TransferLot[] },
  to: string,
): { qty: number; lots: TransferLot[] } {
  if (sameUnit(line.unit, to)) return { qty: line.qty, lots: [...line.lots] };
  const lots = lotsInUnit(line.lots, line.unit, to);
  return { qty: fromMilli(lots.reduce((sum, lot) => sum + toMilli(lot.qty), 0)), lots };
}
