/**
 * What `decide` needs to know of count sessions, apart from their summaries
 * (`count-sessions.ts`), so that recording does not load the summaries' code.
 */
import type { KitchenState } from './state';

/** The counts in effect of one session, by item id: the event id of each. */
export function sessionCountsOf(state: KitchenState, session: string): Map<string, string> {
  const counts = new Map<string, string>();
  for (const event of state.log) {
    if (event.type === 'stock.counted' && event.data.session === session) {
      if (state.counts.has(event.id)) counts.set(event.data.itemId, event.id);
    }
  }
  return counts;
}

/** Ids of the sessions a `count.finished` in effect has closed. */
export function finishedSessions(state: KitchenState): Set<string> {
  const finished = new Set<string>();
  for (const event of state.log) {
    if (event.type === 'count.finished' && !state.undone.has(event.id)) {
      finished.add(event.data.session);
    }
  }
  return finished;
}
