/**
 * Inventory value. A lot's value is its quantity (thousandths of a unit) times its unit cost
 * (thousandths of a currency unit): millionths of a currency unit, summed exactly as
 * integers (BigInt only when a product would pass 2^53), and rounded to cents once, at the
 * end, half away from zero. Values are returned as numbers of currency units with cents.
 */
import { divideRounded } from './quantity';
import type { Lot } from './state';

/** Millionths of a currency unit. */
export type Micro = bigint;

export function lotValueMicro(lot: Lot): Micro {
  if (lot.unitCost === undefined || lot.qty === 0) return 0n;
  if (lot.costPer !== undefined) {
    // Priced per pack: qty × price ÷ pack size, one rounding to the millionth.
    return divideRounded(BigInt(lot.qty) * BigInt(lot.unitCost) * 1000n, BigInt(lot.costPer));
  }
  const product = lot.qty * lot.unitCost;
  return Number.isSafeInteger(product) ? BigInt(product) : BigInt(lot.qty) * BigInt(lot.unitCost);
}

export function lotsValueMicro(lots: readonly Lot[]): Micro {
  let sum = 0n;
  for (const lot of lots) sum += lotValueMicro(lot);
  return sum;
}

/** Currency units rounded to cents. */
export function microToCurrency(micro: Micro): number {
  const negative = micro < 0n;
  const abs = negative ? -micro : micro;
  const cents = (abs + 5_000n) / 10_000n;
  const value = Number(cents) / 100;
  return negative ? -value : value;
}

/** A lot's price per unit of the item, in currency units (to show; values use `lotValueMicro`). */
export function unitCostOf(lot: Lot): number | undefined {
  if (lot.unitCost === undefined) return undefined;
  return lot.costPer === undefined ? lot.unitCost / 1000 : lot.unitCost / lot.costPer;
}
