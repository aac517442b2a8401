/**
 * Undo status. An event's effect is removed when, among the `event.undone` and
 * `event.redone` events targeting it that are themselves in effect, the latest in log order
 * is an undo. An undo or redo is in effect unless it is itself undone, so undoing an undo is
 * a redo, and redoing an undone undo undoes again.
 *
 * Status is a function of the set of undo/redo events only, not of where the target sits in
 * the order: an undo arriving late for an early event removes it from the start, and an undo
 * arriving before its target (or sorting before it, with a skewed clock) waits for it. The
 * fold skips the undone events; undo and redo events have no other effect on the state.
 *
 * A cycle of undos (A undoes B, B undoes A) cannot be made honestly, since each would need
 * the other's id first; if forged, every event on the cycle is treated as having no effect,
 * which depends only on the set, so replicas still agree.
 */
import type { EventOf } from './events';
import { compareEvents } from './order';

export type UndoEvent = EventOf<'event.undone'> | EventOf<'event.redone'>;

export function isUndoEvent(event: { type: string }): event is UndoEvent {
  return event.type === 'event.undone' || event.type === 'event.redone';
}

/** The ids whose effect is removed, given every undo and redo event (repeats allowed). */
export function undoneOf(undos: Iterable<UndoEvent>): Set<string> {
  const byId = new Map<string, UndoEvent>();
  for (const event of undos) byId.set(event.id, event);
  const byTarget = new Map<string, UndoEvent[]>();
  for (const event of byId.values()) {
    const list = byTarget.get(event.data.eventId);
    if (list) list.push(event);
    else byTarget.set(event.data.eventId, [event]);
  }
  for (const list of byTarget.values()) list.sort(compareEvents);

  const onCycle = (event: UndoEvent): boolean => {
    let next = byId.get(event.data.eventId);
    for (let steps = 0; next && steps < byId.size; steps++) {
      if (next === event) return true;
      next = byId.get(next.data.eventId);
    }
    return false;
  };
  // Only events on a cycle target one another in a ring, so this recursion ends: it follows
  // undos of undos backwards and never enters a cycle it did not start on.
  const memo = new Map<string, boolean>();
  const isUndone = (id: string): boolean => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    let undone = false;
    for (const by of [...(byTarget.get(id) ?? [])].reverse()) {
      if (onCycle(by) || isUndone(by.id)) continue;
      undone = by.type === 'event.undone';
      break;
    }
    memo.set(id, undone);
    return undone;
  };
  return new Set([...byTarget.keys()].filter(isUndone));
}

/** The ids undone in one of two undone sets and not in the other. */
export function flippedIds(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  return [...a, ...b].filter((id) => a.has(id) !== b.has(id));
}
