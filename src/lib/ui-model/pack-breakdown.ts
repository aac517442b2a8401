/**
 * A quantity as people count it: whole packs first, the largest first, then what is left in
 * the item's unit ("26 can" with a case of 6 → 4 case + 2 can). Exact: thousandths.
 */
import { fromMilli, toMilli } from '$lib/domain/quantity';

export interface PackPart {
  pack: string;
  count: number;
}

/** An item's packs, the largest first (by name where two hold the same). */
export function packsBySize(
  packs: Readonly<Record<string, number>> | undefined,
): [string, number][] {
  return Object.entries(packs ?? {}).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
}

/** Undefined when no whole pack fits (or the quantity is not above zero). */
export function packBreakdown(
  qty: number,
  packs: Readonly<Record<string, number>> | undefined,
): { parts: PackPart[]; rest: number } | undefined {
  let left = toMilli(qty);
  if (!packs || left <= 0) return undefined;
  const parts: PackPart[] = [];
  for (const [pack, factor] of packsBySize(packs)) {
    const size = toMilli(factor);
    const count = Math.floor(left / size);
    if (count > 0) {
      parts.push({ pack, count });
      left -= count * size;
    }
  }
  return parts.length ? { parts, rest: fromMilli(left) } : undefined;
}
