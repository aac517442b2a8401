/**
 * "4 case + 2 can (26 can)": a quantity in the item's packs and its unit, in the chosen
 * language. Apart from `words.ts` so the stock screen's first load does not carry it.
 */
import { m } from '$lib/paraglide/messages';
import { packBreakdown } from '$lib/ui-model/pack-breakdown';
import { amountText } from './words';

export function packedAmount(
  qty: number,
  unit: string,
  packs: Readonly<Record<string, number>> | undefined,
): string {
  const total = amountText(qty, unit);
  const split = packBreakdown(qty, packs);
  if (!split) return total;
  const parts = split.parts.map(({ pack, count }) => amountText(count, pack));
  if (split.rest > 0) parts.push(amountText(split.rest, unit));
  return m.packed_amount({ parts: parts.join(' + '), total });
}
