/**
 * The "use first" list: every dated lot in stock, in the order to use it (first expiring,
 * first out), grouped as a cook plans: past best-before, today, this week, later.
 */
import type { IsoDate } from '$lib/domain/events';
import { expiringWithin, type ExpiringLot } from '$lib/domain/expiring';
import type { KitchenState } from '$lib/domain/state';

export type UseFirstGroup = 'expired' | 'today' | 'week' | 'later';

/** Far enough ahead to take in every dated lot. */
const ALL_DAYS = 36_500;

export function useFirst(
  state: KitchenState,
  today: IsoDate,
): { group: UseFirstGroup; lots: ExpiringLot[] }[] {
  const groups = new Map<UseFirstGroup, ExpiringLot[]>();
  for (const lot of expiringWithin(state, today, ALL_DAYS)) {
    const group: UseFirstGroup =
      lot.daysLeft < 0
        ? 'expired'
        : lot.daysLeft === 0
          ? 'today'
          : lot.daysLeft <= 7
            ? 'week'
            : 'later';
    groups.set(group, [...(groups.get(group) ?? []), lot]);
  }
  return (['expired', 'today', 'week', 'later'] as const)
    .filter((group) => groups.has(group))
    .map((group) => ({ group, lots: groups.get(group) ?? [] }));
}
