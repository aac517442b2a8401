/**
 * Undo status. An event's effect is removed when, among the `event.undone` and
 * `event.redone` events targeting it that are themselves in effect, the latest in log order
 * is an undo. An undo or redo is in effect unless it is itself undone, so undoing an undo is
 * a redo, and redoing an undone undo undoes again.
 *
 * Status is a function of the set of undo/redo events only, not of where the target sits in
 * the order: an undo arriving late for an early event removes it from the start, and an undo
 * arriving before its target (or sorting before it, with a skewed clock) waits for it. The
 * fold reads the resulting `undone` set and skips those events; undo and redo events have no
 * other effect on the state.
 *
 * A cycle of undos (A undoes B, B undoes A) cannot be made honestly, since each would need
 * the other's id first; if forged, every event on the cycle is treated as having no effect,
 * which depends only on the set, so replicas still agree.
 */
import { keepShape } from './shapes';
import type { EventOf } from './events';
import { compareEvents } from './order';

export type UndoEvent = EventOf<'event.undone'> | EventOf<'event.redone'>;

export function isUndoEvent(event: { type: string }): event is UndoEvent {
  return event.type === 'event.undone' || event.type === 'event.redone';
}

export class UndoIndex {
  /** Undo/redo events by the id they target, in log order. */
  readonly #byTarget = new Map<string, UndoEvent[]>();
  readonly #byId = new Map<string, UndoEvent>();
  readonly #cyclic = new Set<string>();
  /** Ids (of events present or not yet arrived) whose effect is removed. */
  readonly undone = new Set<string>();

  get size(): number {
    return this.#byId.size;
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** Undo/redo events targeting `id`, in log order. */
  targeting(id: string): readonly UndoEvent[] {
    return this.#byTarget.get(id) ?? [];
  }

  /**
   * Adds an undo or redo event and returns the ids whose status changed (the target, and up
   * the chain when the target is itself an undo or redo).
   */
  add(event: UndoEvent): string[] {
    if (this.#byId.has(event.id)) return [];
    this.#byId.set(event.id, event);
    const target = event.data.eventId;
    const list = this.#byTarget.get(target);
    if (!list) this.#byTarget.set(target, [event]);
    else {
      let i = list.length;
      while (i > 0 && compareEvents(event, list[i - 1] as UndoEvent) < 0) i--;
      list.splice(i, 0, event);
    }
    this.#markCycle(event);
    const changed: string[] = [];
    // The new event's own status may already be set by undos that arrived before it.
    for (let id: string | undefined = target; id !== undefined;) {
      const now = this.#computeUndone(id, 0);
      if (now === this.undone.has(id)) break;
      if (now) this.undone.add(id);
      else this.undone.delete(id);
      changed.push(id);
      id = this.#byId.get(id)?.data.eventId;
    }
    return changed;
  }

  #markCycle(event: UndoEvent): void {
    if (!this.#byId.has(event.data.eventId)) return;
    const path: string[] = [event.id];
    for (
      let next = this.#byId.get(event.data.eventId);
      next;
      next = this.#byId.get(next.data.eventId)
    ) {
      if (next.id === event.id) {
        for (const id of path) this.#cyclic.add(id);
        return;
      }
      if (this.#cyclic.has(next.id) || path.length > this.#byId.size) return;
      path.push(next.id);
    }
  }

  #computeUndone(id: string, depth: number): boolean {
    const list = this.#byTarget.get(id);
    if (!list || depth > this.#byId.size) return false;
    for (let i = list.length - 1; i >= 0; i--) {
      const by = list[i] as UndoEvent;
      if (this.#cyclic.has(by.id) || this.#computeUndone(by.id, depth + 1)) continue;
      return by.type === 'event.undone';
    }
    return false;
  }
}

keepShape(new UndoIndex());

/**
 * The ids whose effect is removed, for a whole log's undo and redo events at once (repeats
 * allowed); the same answer as an `UndoIndex` holding them.
 *
 * The usual log is the simple case: no undo or redo is itself undone or redone. Then every
 * undo and redo is in effect, and a target is undone exactly when the latest one naming it
 * is an undo: one pass with a few hash lookups per event says so. Anything else (an undo of
 * an undo, a cycle) goes to the `UndoIndex`.
 */
export function undoneOf(undos: readonly UndoEvent[]): ReadonlySet<string> {
  const ids = new Set<string>();
  for (let i = 0; i < undos.length; i++) ids.add((undos[i] as UndoEvent).id);
  const latest = new Map<string, UndoEvent>();
  for (let i = 0; i < undos.length; i++) {
    const event = undos[i] as UndoEvent;
    const target = event.data.eventId;
    if (ids.has(target)) return generalUndone(undos);
    const known = latest.get(target);
    if (known === undefined || compareEvents(known, event) < 0) latest.set(target, event);
  }
  const undone = new Set<string>();
  for (const [target, event] of latest) if (event.type === 'event.undone') undone.add(target);
  return undone;
}

function generalUndone(undos: readonly UndoEvent[]): ReadonlySet<string> {
  const index = new UndoIndex();
  for (const event of undos) index.add(event);
  return index.undone;
}
