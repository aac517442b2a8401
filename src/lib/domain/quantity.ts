/**
 * Quantities travel as JSON numbers with at most 3 decimals and are computed as integer
 * thousandths ("milli"), so that a year of deltas adds up exactly: 0.1 + 0.2 is 300 milli,
 * never 0.30000000000000004.
 */
export type Milli = number;

/** Largest magnitude a quantity or cost may have; keeps every milli sum a safe integer. */
export const MAX_QUANTITY = 1_000_000_000;

/** True when `value` is finite, within bounds and has no more than 3 decimals. */
export function hasAtMostThreeDecimals(value: number): boolean {
  if (!Number.isFinite(value) || Math.abs(value) > MAX_QUANTITY) return false;
  const scaled = value * 1000;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

export function toMilli(value: number): Milli {
  return Math.round(value * 1000);
}

export function fromMilli(milli: Milli): number {
  // Division of an integer by 1000 gives the shortest decimal with <= 3 places.
  return milli / 1000;
}

/** `a / b` rounded to the nearest integer, halves away from zero. */
export function divideRounded(a: bigint, b: bigint): bigint {
  const negative = a < 0n !== b < 0n;
  const [n, d] = [a < 0n ? -a : a, b < 0n ? -b : b];
  const q = (n * 2n + d) / (d * 2n);
  return negative ? -q : q;
}
