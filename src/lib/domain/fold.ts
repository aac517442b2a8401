/**
 * The state of a kitchen is a pure function of its set of events:
 *
 *     state = fold(sort(events, by (hlc, device, id)), initialState)
 *
 * `fold` upcasts old versions, drops repeated ids, sorts (`order.ts`), works out which
 * events are undone (`undo.ts`), then applies every event in order (`Folder.apply`). Any
 * permutation and any duplication of the same events gives the same state. For a log that
 * grows one event at a time, `KitchenLog` gives the same state without refolding.
 */
import type { EventEnvelope, LarderEvent } from './events';
import { Folder } from './folder';
import { compareEvents } from './order';
import type { KitchenState } from './state';
import { isUndoEvent, undoneOf } from './undo';
import { upcast } from './upcast';

/** The state of a kitchen with no events. */
export function initialState(): KitchenState {
  return new Folder([], new Set());
}

/**
 * Sorted by (hlc, device, id), one event per id (the first copy), upcast. One id with two
 * different contents is refused at every edge, so which copy is kept does not matter.
 */
export function sortLog(events: Iterable<EventEnvelope>): LarderEvent[] {
  const byId = new Map<string, LarderEvent>();
  for (const event of events) if (!byId.has(event.id)) byId.set(event.id, upcast(event));
  return [...byId.values()].sort(compareEvents);
}

/** Folds a log that is already sorted, one event per id (as `sortLog` leaves it). */
export function foldSorted(log: readonly LarderEvent[]): Folder {
  const folder = new Folder(log, undoneOf(log.filter(isUndoEvent)));
  for (const [rank, event] of log.entries()) {
    folder.apply(event, rank, !folder.undone.has(event.id));
  }
  return folder;
}

/** The state of a kitchen holding `events`, in any order, repeats allowed. */
export function fold(events: Iterable<EventEnvelope>): KitchenState {
  return foldSorted(sortLog(events));
}

/** The state once `event` is added too. For a log that grows, use `KitchenLog`. */
export function evolve(state: KitchenState, event: EventEnvelope): KitchenState {
  return fold([...state.log, event]);
}
