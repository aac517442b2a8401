/**
 * A kitchen's log held in memory, with its state kept up to date as events arrive. Equal,
 * always, to `fold` of the same events (property tests check it against a plain reference);
 * only faster for a log that grows:
 *
 * - An event that sorts last (the common case: recorded here, or pulled in order) is applied
 *   to the live state: constant time.
 * - An event that sorts earlier (a tablet back from the walk-in freezer), or an undo or redo
 *   that changes the status of an earlier event, refolds from the latest snapshot before
 *   that point, or from the start when there is none.
 *
 * Snapshots are copies of the state taken every `spacing` events near the end of the log,
 * where late events land; the latest few are kept. They exist for the figure "tablet to
 * tablet": an event from another tablet often sorts a little before this tablet's latest,
 * and refolding 100k events for it would take a tablet's CPU for a large part of a second.
 */
import type { EventEnvelope, LarderEvent } from './events';
import { Folder } from './folder';
import { compareEvents } from './order';
import type { KitchenState } from './state';
import { flippedIds, isUndoEvent, undoneOf, type UndoEvent } from './undo';
import { upcast } from './upcast';

/** How many snapshots are kept: they cover the last `KEPT * spacing` events. */
const KEPT = 16;

export interface KitchenLogOptions {
  /** Events between snapshots, at least (1024 by default); 4x the state's size at the last. */
  snapshotEvery?: number;
}

export class KitchenLog {
  readonly #log: LarderEvent[] = [];
  readonly #byId = new Map<string, LarderEvent>();
  readonly #undos: UndoEvent[] = [];
  /** One set for the life of the log: every folder and snapshot reads this one. */
  readonly #undone = new Set<string>();
  #folder: Folder;
  #snapshots: { at: number; folder: Folder }[] = [];
  #spacing: number;

  constructor(events: Iterable<EventEnvelope> = [], options: KitchenLogOptions = {}) {
    this.#spacing = Math.max(1, options.snapshotEvery ?? 1024);
    this.#folder = new Folder(this.#log, this.#undone);
    this.addAll(events);
  }

  /** The number of distinct events held. */
  get size(): number {
    return this.#log.length;
  }

  /**
   * The current state. A live view: it reflects later `add`s only until the next refold, so
   * read what you need from it before adding more (or fold a copy to keep one).
   */
  get state(): KitchenState {
    return this.#folder;
  }

  /** The events, sorted by (hlc, device, id), upcast. */
  get events(): readonly LarderEvent[] {
    return this.#log;
  }

  /** How many snapshots are held (for tests). */
  get snapshots(): number {
    return this.#snapshots.length;
  }

  /** The stamp of the event held with this id, if any. */
  stampOf(id: string): string | undefined {
    return this.#byId.get(id)?.hlc;
  }

  /** Adds one event; false when its id was already held (the log is a set). */
  add(event: EventEnvelope): boolean {
    return this.addAll([event]) === 1;
  }

  /** Adds events in any order, repeats allowed; returns how many were new. */
  addAll(inputs: Iterable<EventEnvelope>): number {
    const fresh: LarderEvent[] = [];
    for (const input of inputs) {
      if (this.#byId.has(input.id)) continue;
      const event = upcast(input);
      this.#byId.set(event.id, event);
      fresh.push(event);
    }
    if (fresh.length === 0) return 0;
    fresh.sort(compareEvents);

    // Where the state must be refolded from: the first new event's place, or earlier.
    let from = this.#position(fresh[0] as LarderEvent);
    if (fresh.length === 1) this.#log.splice(from, 0, fresh[0] as LarderEvent);
    else {
      for (const event of fresh) this.#log.push(event); // push(...fresh) overflows the stack
      if (from < this.#log.length - fresh.length) this.#log.sort(compareEvents);
    }

    const undos = fresh.filter(isUndoEvent);
    if (undos.length > 0) {
      // Refold from the first event whose status changed, wherever it sits.
      for (const undo of undos) this.#undos.push(undo);
      const after = undoneOf(this.#undos);
      const flipped = flippedIds(this.#undone, after);
      this.#undone.clear();
      for (const id of after) this.#undone.add(id);
      for (const target of flipped.map((id) => this.#byId.get(id))) {
        if (target) from = Math.min(from, this.#position(target));
      }
    }

    if (from < this.#folder.applied) this.#refoldFrom(from);
    else this.#applyUpTo(this.#log.length);
    return fresh.length;
  }

  /** The index of the first event of the log that does not sort before `event`. */
  #position(event: LarderEvent): number {
    let lo = 0;
    let hi = this.#log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEvents(this.#log[mid] as LarderEvent, event) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #refoldFrom(position: number): void {
    this.#snapshots = this.#snapshots.filter((snapshot) => snapshot.at <= position);
    const base = this.#snapshots.at(-1);
    this.#folder = base ? base.folder.clone() : new Folder(this.#log, this.#undone);
    this.#applyUpTo(this.#log.length);
  }

  #applyUpTo(end: number): void {
    const folder = this.#folder;
    while (folder.applied < end) {
      const at = folder.applied;
      const event = this.#log[at] as LarderEvent;
      folder.apply(event, at, !this.#undone.has(event.id));
      const applied = folder.applied;
      if (applied % this.#spacing === 0 && end - applied < KEPT * this.#spacing) {
        this.#snapshots.push({ at: applied, folder: folder.clone() });
        this.#spacing = Math.max(this.#spacing, 4 * folder.size);
        if (this.#snapshots.length > KEPT) this.#snapshots.shift();
      }
    }
  }
}
