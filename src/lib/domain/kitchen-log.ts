/**
 * A kitchen's log held in memory, with its state kept up to date as events arrive. Equal,
 * always, to `fold` of the same events (a property test checks it); only faster:
 *
 * - An event that sorts last (the common case: recorded here, or pulled in order) is applied
 *   to the live state: no refold, constant time.
 * - An event that sorts in the middle (a tablet back from the walk-in freezer) is inserted,
 *   and the state is refolded from the latest snapshot before it.
 * - An undo or redo changes the status of its target (and, for an undo of an undo, of the
 *   target's target): the state is refolded from the latest snapshot before the earliest
 *   event whose status changed, wherever that event sits.
 *
 * Snapshots are clones of the folder taken every so many applied events; the spacing grows
 * with the size of the state, so cloning costs a small fraction of folding. They are dense
 * near the end of the log and sparse far from it (a build or a long refold takes one every
 * 16 spacings), and older ones are thinned out (every other one dropped) as they pile up,
 * because late events land near the end far more often than near the start.
 */
import type { EventEnvelope, LarderEvent } from './events';
import { foldSorted } from './fold';
import { Folder } from './folder';
import type { Hlc } from './hlc';
import { compareEvents } from './order';
import type { KitchenState } from './state';
import { isUndoEvent, UndoIndex } from './undo';
import { upcast } from './upcast';

interface Snapshot {
  /** The folder after applying `log[0 .. at)`. */
  at: number;
  folder: Folder;
}

const MIN_SNAPSHOT_SPACING = 512;
const MAX_SNAPSHOTS = 48;
/** Within this many spacings of the end, snapshots are dense; farther, FAR_SPACING apart. */
const NEAR_END = 8;
const FAR_SPACING = 16;

export interface KitchenLogOptions {
  /**
   * Events between two snapshots. By default at least 512, and four times the size of the
   * state, so cloning stays a small share of folding; tests set a small fixed number.
   */
  snapshotEvery?: number;
}

export class KitchenLog {
  readonly #log: LarderEvent[] = [];
  readonly #byId = new Map<string, LarderEvent>();
  readonly #undo = new UndoIndex();
  /** The undone events themselves: the fold tests object identity, not hashed ids. */
  readonly #undoneEvents = new Set<LarderEvent>();
  #folder: Folder;
  #snapshots: Snapshot[] = [];
  readonly #minSpacing: number;
  /** Spacing grows with the state unless the caller fixed it. */
  readonly #adaptive: boolean;
  #spacing: number;
  #sinceSnapshot = 0;

  constructor(events: Iterable<EventEnvelope> = [], options: KitchenLogOptions = {}) {
    this.#minSpacing = Math.max(1, options.snapshotEvery ?? MIN_SNAPSHOT_SPACING);
    this.#spacing = this.#minSpacing;
    this.#adaptive = options.snapshotEvery === undefined;
    this.#folder = new Folder(this.#log, this.#undo.undone);
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

  /** The events, sorted by (hlc, device, id), upcast. Read-only. */
  get events(): readonly LarderEvent[] {
    return this.#log;
  }

  has(id: string): boolean {
    return this.#byId.has(id);
  }

  /** Adds one event; false when its id was already held (the log is a set). */
  add(input: EventEnvelope): boolean {
    if (this.#byId.has(input.id)) return false;
    const last = this.#log[this.#log.length - 1];
    // The common case, allocation-free: sorts last, undoes nothing, was not undone ahead.
    if (
      this.#folder.applied === this.#log.length &&
      (last === undefined || compareEvents(last, input) < 0) &&
      !isUndoEvent(input) &&
      !this.#undo.undone.has(input.id)
    ) {
      const event = upcast(input);
      this.#byId.set(event.id, event);
      this.#log.push(event);
      this.#applyUpTo(this.#log.length);
      return true;
    }
    return this.addAll([input]) === 1;
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
    if (fresh.length > 1) fresh.sort(compareEvents);

    const log = this.#log;
    const oldLength = log.length;
    // Where the state must be refolded from; the old length means "nothing to redo".
    let from = fresh.length === 1 ? this.#insert(fresh[0] as LarderEvent) : this.#merge(fresh);
    if (from >= oldLength) from = oldLength;
    const changed: string[] = [];
    for (const event of fresh) if (isUndoEvent(event)) changed.push(...this.#undo.add(event));
    for (const id of changed) {
      const target = this.#byId.get(id);
      if (!target) continue;
      from = Math.min(from, this.#position(target));
      if (this.#undo.undone.has(id)) this.#undoneEvents.add(target);
      else this.#undoneEvents.delete(target);
    }
    // Events whose undo arrived before them (or with them). Look up whichever side is smaller:
    // a big batch checks the undone ids, a single event checks itself.
    const undone = this.#undo.undone;
    if (fresh.length > undone.size) {
      for (const id of undone) {
        const event = this.#byId.get(id);
        if (event) this.#undoneEvents.add(event);
      }
    } else {
      for (const event of fresh) if (undone.has(event.id)) this.#undoneEvents.add(event);
    }

    if (from < this.#folder.applied) this.#refoldFrom(from);
    else this.#applyUpTo(log.length);
    return fresh.length;
  }

  /** How many snapshots are held (for tests and benchmarks). */
  get snapshots(): number {
    return this.#snapshots.length;
  }

  /** The state as of `hlc`: the fold of the events stamped at or before it. */
  stateAsOf(hlc: Hlc): KitchenState {
    const log = this.#log;
    let lo = 0;
    let hi = log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((log[mid] as LarderEvent).hlc <= hlc) lo = mid + 1;
      else hi = mid;
    }
    return foldSorted(log.slice(0, lo));
  }

  /** Inserts in order; returns the position. Appending is the fast, common case. */
  #insert(event: LarderEvent): number {
    const log = this.#log;
    const last = log[log.length - 1];
    if (!last || compareEvents(last, event) < 0) {
      log.push(event);
      return log.length - 1;
    }
    const at = this.#lowerBound(event);
    log.splice(at, 0, event);
    // Snapshots taken after the insertion point no longer hold a prefix of the log.
    this.#snapshots = this.#snapshots.filter((snapshot) => snapshot.at <= at);
    return at;
  }

  /**
   * Merges sorted new events into the log in place, from the back: O(log + batch), where
   * inserting them one by one would move the tail of the log once per event. Returns the
   * position of the first of them.
   */
  #merge(fresh: readonly LarderEvent[]): number {
    const log = this.#log;
    let i = log.length - 1;
    let j = fresh.length - 1;
    let k = log.length + fresh.length - 1;
    log.length = k + 1;
    while (j >= 0) {
      const next = fresh[j] as LarderEvent;
      if (i >= 0 && compareEvents(log[i] as LarderEvent, next) > 0)
        log[k--] = log[i--] as LarderEvent;
      else {
        log[k--] = next;
        j--;
      }
    }
    const first = k + 1;
    this.#snapshots = this.#snapshots.filter((snapshot) => snapshot.at <= first);
    return first;
  }

  #lowerBound(event: LarderEvent): number {
    const log = this.#log;
    let lo = 0;
    let hi = log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEvents(log[mid] as LarderEvent, event) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #position(event: LarderEvent): number {
    return this.#lowerBound(event);
  }

  #refoldFrom(position: number): void {
    this.#snapshots = this.#snapshots.filter((snapshot) => snapshot.at <= position);
    const base = this.#snapshots[this.#snapshots.length - 1];
    this.#folder = base ? base.folder.clone() : new Folder(this.#log, this.#undo.undone);
    this.#sinceSnapshot = 0;
    this.#applyUpTo(this.#log.length);
  }

  #applyUpTo(end: number): void {
    const folder = this.#folder;
    const log = this.#log;
    while (folder.applied < end) {
      const at = folder.applied;
      const event = log[at] as LarderEvent;
      folder.apply(event, at, !this.#undoneEvents.has(event));
      // Dense snapshots near the end of the log, where late events land; far from it (a
      // build or a long refold) one every 16 spacings, which thinning would leave anyway.
      const since = ++this.#sinceSnapshot;
      if (
        since >= this.#spacing &&
        (end - folder.applied <= NEAR_END * this.#spacing || since >= FAR_SPACING * this.#spacing)
      ) {
        this.#snapshot();
      }
    }
  }

  #snapshot(): void {
    this.#sinceSnapshot = 0;
    this.#snapshots.push({ at: this.#folder.applied, folder: this.#folder.clone() });
    if (this.#adaptive) this.#spacing = Math.max(this.#minSpacing, 4 * this.#folder.size);
    if (this.#snapshots.length > MAX_SNAPSHOTS) {
      const half = MAX_SNAPSHOTS / 2;
      this.#snapshots = [
        ...this.#snapshots.slice(0, half).filter((_, i) => i % 2 === 0),
        ...this.#snapshots.slice(half),
      ];
    }
  }
}
