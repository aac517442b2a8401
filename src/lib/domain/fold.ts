/**
 * The state of a kitchen is a pure function of its set of events:
 *
 *     state = fold(sort(events, by (hlc, device, id)), initialState)
 *
 * `fold` sorts, drops repeated ids, upcasts old versions, works out which events are undone
 * (`undo.ts`), then applies every event in order (`folder.ts`). Any permutation and any
 * duplication of the same events gives the same state. For a log that grows one event at a
 * time, `KitchenLog` (`kitchen-log.ts`) gives the same state without refolding.
 */
import type { EventEnvelope, LarderEvent } from './events';
import { Folder } from './folder';
import { compareEvents } from './order';
import type { KitchenState } from './state';
import { isUndoEvent, UndoIndex } from './undo';
import { upcast } from './upcast';

/** The state of a kitchen with no events. */
export function initialState(): KitchenState {
  return new Folder([], new Set());
}

/**
 * Sorted by (hlc, device, id), one event per id, upcast. When one id comes with two
 * contents (which the edges refuse), the one that sorts first is kept, so replicas agree.
 */
export function sortLog(events: Iterable<EventEnvelope>): LarderEvent[] {
  const sorted: LarderEvent[] = [];
  let inOrder = true;
  let last: LarderEvent | undefined;
  for (const input of events) {
    const event = upcast(input);
    if (last && compareEvents(last, event) >= 0) inOrder = false;
    sorted.push(event);
    last = event;
  }
  if (!inOrder) sorted.sort(compareEvents);
  // Sorted strictly increasing means no exact repeats; ids are still checked, as one id with
  // two stamps would not sit side by side.
  const seen = new Set<string>();
  let kept = 0;
  for (const event of sorted) {
    if (seen.has(event.id)) continue;
    seen.add(event.id);
    sorted[kept++] = event;
  }
  sorted.length = kept;
  return sorted;
}

export function undoIndexOf(log: readonly LarderEvent[]): UndoIndex {
  const undo = new UndoIndex();
  for (const event of log) if (isUndoEvent(event)) undo.add(event);
  return undo;
}

/** Folds a log that is already sorted and deduplicated (see `sortLog`). */
export function foldSorted(log: readonly LarderEvent[], undone?: ReadonlySet<string>): Folder {
  const folder = new Folder(log, undone ?? undoIndexOf(log).undone);
  for (let i = 0; i < log.length; i++) folder.apply(log[i] as LarderEvent, i);
  return folder;
}

/** The state of a kitchen holding `events`, in any order, repeats allowed. */
export function fold(events: Iterable<EventEnvelope>): KitchenState {
  return foldSorted(sortLog(events));
}

/**
 * The state once `event` is added too. Pure and simple, so O(log): for a log that grows,
 * use `KitchenLog`, which applies an event that sorts last in constant time.
 */
export function evolve(state: KitchenState, event: EventEnvelope): KitchenState {
  return fold([...state.log, event]);
}
