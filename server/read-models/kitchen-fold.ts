/**
 * A kitchen's state for the read models, kept without its log: the state, a copy of it from
 * at least `SPACING` events back (`base`) and the events since (`tail`), the kitchen's undos
 * and what the month's waste entries drew. Memory stays flat however long the log grows
 * (issue 14: the server's memory grew with the stored events, as whole logs were held).
 *
 * Its state is the domain's `fold` of the same events without history (`Folder.history`):
 * the same items, places and stock (tests check the rows), no conflict registers or count
 * records, which the rows do not show. How it follows the log:
 * - Events that sort after the last one applied, none of them an undo or redo (nearly every
 *   push), are applied to the state.
 * - Events that sort into the tail, or undos and redos that change the status of events in
 *   it (a tablet back from the freezer, an undo of something recent), refold the tail from
 *   `base`.
 * - Anything earlier reads the log again from the store, in order, a page at a time
 *   (`reload`), with the undone set worked out first from the kitchen's undos.
 *
 * The month's waste is measured as the month-end report measures it (what each waste in
 * effect drew, first in, first out), on the way, so it never needs the log either.
 *
 * The base can be stored (`takeBase`) and a fold started from it (`restore`): a kitchen
 * whose state left memory then reads the events after its base, not its whole log.
 */
import { deserialize, serialize } from 'node:v8';
import {
  compareEvents,
  hlcWall,
  upcast,
  type EventEnvelope,
  type LarderEvent,
  type StoredEvent,
} from '../../src/lib/domain/index';
import { Folder } from '../../src/lib/domain/folder';
import { microToCurrency, type Micro } from '../../src/lib/domain/money';
import { applyDraw } from '../../src/lib/domain/period-report';
import type { KitchenState } from '../../src/lib/domain/state';
import { flippedIds, isUndoEvent, undoneOf, type UndoEvent } from '../../src/lib/domain/undo';
import { localMonth, type MonthWaste } from './rows';

/** A kitchen's log as the read models read it back. */
export interface OrderedLog {
  head(kitchenId: string): Promise<number>;
  /** The kitchen's `event.undone` and `event.redone` events with `seq <= upTo`. */
  undos(kitchenId: string, upTo: number): Promise<StoredEvent[]>;
  /**
   * Events with `seq <= upTo` stamped after `afterHlc` (or at it too, `including`), sorted
   * by (hlc, device, id): the first `limit` by stamp (all, when fewer), and every other
   * event sharing the last one's stamp, so that the next page starts after that stamp.
   */
  inOrder(
    kitchenId: string,
    upTo: number,
    afterHlc: string,
    limit: number,
    including?: boolean,
  ): Promise<StoredEvent[]>;
}

/**
 * Events between copies of the state. A late event or an undo within the last `SPACING`
 * to `2 * SPACING` events refolds those events only: a tablet syncing after a shift offline
 * lands there in a busy kitchen.
 */
const SPACING = 1024;
/** Events read at a time when the log is read again. */
const PAGE = 2000;

/**
 * The format of a stored base (`takeBase`). Raise it when `Folder`'s fields or what `apply`
 * or `upcast` make of an event change: a base stored in another format is not used (the log
 * is folded afresh, and the base stored again). `larder rebuild` drops every base too.
 */
export const BASE_FORMAT = 1;

/** What a waste in effect drew (millionths), with its wall-clock time. */
type Drawn = { wall: number; value: Micro };

/** A base as stored: the state after the events up to `last`, of a log of `seq` events. */
interface StoredBase {
  format: number;
  seq: number;
  last: LarderEvent;
  /** The folder's fields (`log` and `undone` are not its own). */
  folder: Partial<Folder>;
  /** The events undone when it was taken. */
  undone: string[];
  /** What the month's waste entries up to `last` drew. */
  wastes: [string, Drawn][];
}

export interface KitchenFoldOptions {
  /** `SPACING` (smaller in tests, to go through every path with few events). */
  spacing?: number;
  page?: number;
}

export class KitchenFold {
  /** How many events of the log (seqs 1..seq) the state holds. */
  seq = 0;
  /** Every undo and redo of the log, by id: few, and their effect depends on all of them. */
  #undos = new Map<string, UndoEvent>();
  /** One set for the life of the fold: the folders read this one. */
  readonly #undone = new Set<string>();
  #base = new Folder([], this.#undone, false);
  /** The last event applied to `base`, if any. */
  #baseLast: LarderEvent | undefined;
  /** The events applied after `base`, in order. */
  #tail: LarderEvent[] = [];
  /** The state after the first `SPACING` events of the tail, once there are as many. */
  #mid: Folder | undefined;
  #folder = new Folder([], this.#undone, false);
  /** What each waste in effect drew (millionths), by event id, with its wall-clock time. */
  #wastes = new Map<string, Drawn>();
  /** Whether the base moved since `takeBase` last gave it. */
  #baseMoved = false;

  readonly #spacing: number;
  readonly #page: number;

  constructor(
    private readonly source: OrderedLog,
    private readonly kitchenId: string,
    options: KitchenFoldOptions = {},
  ) {
    this.#spacing = options.spacing ?? SPACING;
    this.#page = options.page ?? PAGE;
  }

  get state(): KitchenState {
    return this.#folder;
  }

  /**
   * Adds the events stored with seqs `seq + 1 ...`, in seq order, as read from the log.
   * May read the log again (see the header).
   */
  async addAll(stored: readonly EventEnvelope[]): Promise<void> {
    const seq = this.seq + stored.length;
    if (stored.length === 0) return;
    const events = stored.map(upcast).sort(compareEvents);
    const last = this.#tail.at(-1) ?? this.#baseLast;
    const first = events[0] as LarderEvent;
    if (!events.some(isUndoEvent) && (!last || compareEvents(last, first) < 0)) {
      for (const event of events) this.#append(event);
      this.seq = seq;
    } else if (this.#merge(events)) this.seq = seq;
    else await this.reload(seq);
  }

  /** Folds the log's events with `seq <= upTo` again, reading them in order from the log. */
  async reload(upTo: number): Promise<void> {
    this.#setUndone(await this.#readUndos(upTo));
    await this.#foldAfter(upTo, new Folder([], this.#undone, false), undefined, new Map());
    this.seq = upTo;
    this.#baseMoved = this.#baseLast !== undefined;
  }

  /** Keeps the kitchen's undos with `seq <= upTo`; answers the events they leave undone. */
  async #readUndos(upTo: number): Promise<Set<string>> {
    const undos = await this.source.undos(this.kitchenId, upTo);
    this.#undos = new Map(undos.map((undo) => [undo.id, upcast(undo) as UndoEvent]));
    return undoneOf(this.#undos.values());
  }

  /**
   * Starts again from `base`, the state after `last` (none: the empty state) with the
   * `wastes` it drew, and applies the log's events with `seq <= upTo` that sort after
   * `last`, read in order a page at a time; `seen` is shown each first.
   */
  async #foldAfter(
    upTo: number,
    base: Folder,
    last: LarderEvent | undefined,
    wastes: Map<string, Drawn>,
    seen?: (stored: StoredEvent) => void,
  ): Promise<void> {
    this.#base = base;
    this.#baseLast = last;
    this.#tail = [];
    this.#mid = undefined;
    this.#folder = base.clone();
    this.#wastes = wastes;
    this.#baseMoved = false;
    // From `last`'s stamp on, that stamp included: events sharing it may sort after it.
    let after = last?.hlc ?? '';
    for (let including = last !== undefined; ; including = false) {
      const page = await this.source.inOrder(this.kitchenId, upTo, after, this.#page, including);
      for (const stored of page) {
        if (last && compareEvents(stored, last) <= 0) continue;
        seen?.(stored);
        this.#append(upcast(stored));
      }
      const end = page.at(-1);
      if (!end) break;
      after = end.hlc;
    }
  }

  /**
   * The base, encoded, when it moved since the last call (or the log was folded afresh):
   * for the read models to store, so that a kitchen whose state left memory is folded again
   * from it (`restore`) instead of from its whole log. Taken between adds, when `seq` says
   * which events it holds.
   */
  takeBase(): Buffer | undefined {
    const last = this.#baseLast;
    if (!this.#baseMoved || !last) return undefined;
    this.#baseMoved = false;
    const inTail = new Set(this.#tail.map((event) => event.id));
    const { log: _log, undone: _undone, ...folder } = this.#base;
    const base: StoredBase = {
      format: BASE_FORMAT,
      seq: this.seq,
      last,
      folder,
      undone: [...this.#undone],
      wastes: [...this.#wastes].filter(([id]) => !inTail.has(id)),
    };
    return serialize(base);
  }

  /**
   * Folds the log's events with `seq <= upTo` from a base stored earlier (`takeBase`),
   * reading only the events sorting after it. Equal to `reload(upTo)`, which it falls back
   * to when the base does not hold: an event stored since sorts into it (a tablet back from
   * a long time offline), an undo since changes an event in it, or it is of another format.
   */
  async restore(encoded: Uint8Array, upTo: number): Promise<void> {
    const base = decodeBase(encoded);
    if (!base || base.seq > upTo) return this.reload(upTo);
    const undone = await this.#readUndos(upTo);
    const flipped = flippedIds(new Set(base.undone), undone);
    this.#setUndone(undone);
    // The events after the base, with those stored since it was taken counted: every one of
    // them must be among these (seqs have no gaps).
    const inTail = new Set<string>();
    let since = 0;
    const folder = Object.assign(new Folder([], this.#undone, false), base.folder);
    await this.#foldAfter(upTo, folder, base.last, new Map(base.wastes), (stored) => {
      if (stored.seq > base.seq) since++;
      inTail.add(stored.id);
    });
    if (since !== upTo - base.seq || flipped.some((id) => !inTail.has(id))) {
      return this.reload(upTo);
    }
    this.seq = upTo;
  }

  /**
   * The value of the waste in effect stamped from the start of `wall`'s month on, as the
   * month-end report counts it.
   */
  monthWaste(wall: number): MonthWaste {
    const { month, start } = localMonth(wall);
    let waste = 0n;
    for (const [id, entry] of this.#wastes) {
      if (entry.wall < start) this.#wastes.delete(id);
      else waste += entry.value;
    }
    return { month, waste: microToCurrency(waste) };
  }

  /** Sorts `events` into the tail and refolds it; false when they reach further back. */
  #merge(events: LarderEvent[]): boolean {
    if (this.#baseLast && compareEvents(events[0] as LarderEvent, this.#baseLast) <= 0) {
      return false;
    }
    const tail = [...this.#tail, ...events].sort(compareEvents);
    const undos = events.filter(isUndoEvent);
    if (undos.length > 0) {
      for (const undo of undos) this.#undos.set(undo.id, undo);
      const after = undoneOf(this.#undos.values());
      const inTail = new Set(tail.map((event) => event.id));
      const flipped = flippedIds(this.#undone, after);
      this.#setUndone(after);
      // An event further back changes status (or one not stored yet, rarely: read again).
      if (flipped.some((id) => !inTail.has(id))) return false;
    }
    this.#folder = this.#base.clone();
    this.#mid = undefined;
    this.#tail = [];
    for (const event of tail) this.#append(event);
    return true;
  }

  #setUndone(ids: ReadonlySet<string>): void {
    this.#undone.clear();
    for (const id of ids) this.#undone.add(id);
  }

  /** Applies an event that sorts after every event applied. */
  #append(event: LarderEvent): void {
    const folder = this.#folder;
    const inEffect = !this.#undone.has(event.id);
    if (event.type === 'stock.wasted' && inEffect) {
      const value = applyDraw(folder, event, folder.applied);
      this.#wastes.set(event.id, { wall: hlcWall(event.hlc), value });
    } else {
      folder.apply(event, folder.applied, inEffect);
      if (event.type === 'stock.wasted') this.#wastes.delete(event.id); // undone
    }

    this.#tail.push(event);
    const spacing = this.#spacing;
    if (this.#tail.length === spacing) this.#mid = folder.clone();
    else if (this.#tail.length === 2 * spacing) {
      // The copy from `spacing` events back becomes the base; a new one is taken here.
      this.#base = this.#mid as Folder;
      this.#baseLast = this.#tail[spacing - 1];
      this.#tail = this.#tail.slice(spacing);
      this.#mid = folder.clone();
      this.#baseMoved = true;
    }
  }
}

/** A stored base, or undefined when it is unreadable or of another format. */
function decodeBase(encoded: Uint8Array): StoredBase | undefined {
  try {
    const base = deserialize(encoded) as StoredBase;
    return base.format === BASE_FORMAT ? base : undefined;
  } catch {
    return undefined;
  }
}
