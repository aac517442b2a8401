/**
 * The read models' bookkeeping, the same over any SQL database (`ReadTables`: SQLite's in
 * `sqlite-read-models.ts`, PostgreSQL's in `postgres-read-models.ts`).
 *
 * Kept up to date with a `KitchenFold` per kitchen (its rows equal `fold`'s; it holds the
 * state and its recent events, not the log): after appends the kitchen's new events are
 * added, the rows recomputed from the state and only the rows that changed written, with
 * the checkpoint, in one transaction. Catch-up after a push runs off the request's path,
 * after the burst of pushes it belongs to (see `notify`), so a burst costs one catch-up; a
 * stock read catches up first, so nobody reads stale rows through the API. The states of
 * at most `maxLive` kitchens stay in memory (lru-cache: least recently used first out, and
 * none idle for `idleMs`); another kitchen's is folded again when next needed, from the
 * base of its fold stored with its rows (`KitchenFold.takeBase` and `restore`), or from
 * its log. One kitchen's catch-ups run one at a time; several processes may keep the same
 * tables (each write checks the checkpoint it diffed against, see `ReadTables.write`).
 *
 * `rebuild` drops the rows and folds the logs again: the same rows.
 */
import { LRUCache } from 'lru-cache';
import type { EventEnvelope, StoredEvent } from '../../src/lib/domain/index';
import type { ReadResult } from '../storage/store';
import { KitchenFold, type OrderedLog } from './kitchen-fold';
import type { KitchenFigures, ReadModels, StockRow } from './read-models';
import { rowsOf, type KitchenRows } from './rows';

/** The read models' tables, each with a `kitchen_id` column, on every database. */
export const READ_TABLES = [
  'read_items',
  'read_locations',
  'read_stock',
  'read_checkpoints',
  'read_kitchens',
  'read_bases',
];

/** Rows as stored, and the seq of the log they reflect. */
export interface StoredRows {
  rows: KitchenRows;
  seq: number;
}

/** A kitchen's rows as stored, and the last base of its fold stored (`KitchenFold.takeBase`). */
export interface StoredKitchen extends StoredRows {
  base: Buffer | undefined;
}

export interface ReadTables {
  /** The kitchen's rows as stored (none, seq 0, before its first catch-up), and its base. */
  load(kitchenId: string): Promise<StoredKitchen>;
  /** Stores a base of the fold of the log's first `seq` events, unless a later one is. */
  saveBase(kitchenId: string, seq: number, base: Buffer): Promise<void>;
  /**
   * In one transaction: the rows of `next` that differ from the stored ones and the
   * checkpoint `seq`. `prev` is what the caller believes is stored; when the checkpoint
   * says otherwise (another process wrote since), the diff is made against the rows stored
   * instead, and when they reflect `seq` or later already, nothing is written. Returns what
   * is stored afterwards.
   */
  write(kitchenId: string, prev: StoredRows, next: KitchenRows, seq: number): Promise<StoredRows>;
  /** The stock route's rows: cells of items and locations not archived, with stock or lots. */
  stock(kitchenId: string): Promise<Omit<StockRow, 'negative'>[]>;
  /** Removes the rows and bases of one kitchen, or of every kitchen. */
  clear(kitchenId?: string): Promise<void>;
  /** Every kitchen with a log. */
  kitchens(): Promise<string[]>;
  /** See `ReadModels.district`. */
  district(month: string, dayStart: string): Promise<KitchenFigures[]>;
}

export interface LogSource extends OrderedLog {
  read(kitchenId: string, after: number, limit: number): Promise<ReadResult>;
}

interface Live {
  fold: KitchenFold;
  stored: StoredRows;
}

const PAGE = 5000;
/** Catch up once no push came for this long... */
export const DEFAULT_QUIET_MS = 50;
/** ...or, under a steady stream of pushes, once a change has waited this long. */
export const DEFAULT_MAX_LAG_MS = 10_000;
/** Each holds a kitchen's state and its last 1-2k events (`KitchenFold`): the busy ones. */
export const DEFAULT_MAX_LIVE = 4;
export const DEFAULT_IDLE_MS = 10 * 60_000;

export interface LogReadModelsOptions {
  maxLive?: number;
  /** A kitchen's log leaves memory after this long without a catch-up. */
  idleMs?: number;
  log?: (line: string) => void;
  quietMs?: number;
  maxLagMs?: number;
}

export class LogReadModels implements ReadModels {
  /** States in memory: the most recently caught up, let go after `idleMs` without a catch-up. */
  private readonly live: LRUCache<string, Live>;
  private readonly pending = new Set<string>();
  private readonly appended = new Map<string, StoredEvent[]>();
  /** The catch-up (or rebuild) of each kitchen under way: the next one waits for it. */
  private readonly running = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  /** When the oldest change not yet caught up was notified. */
  private waitingSince: number | undefined;
  /** The round of catch-ups under way (`schedule`). */
  private round: Promise<void> | undefined;
  /** No round starts before this (`performance.now()`): a rest 4x as long as the last round. */
  private restUntil = 0;
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly source: LogSource,
    private readonly tables: ReadTables,
    private readonly options: LogReadModelsOptions = {},
  ) {
    const idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.live = new LRUCache<string, Live>({
      max: options.maxLive ?? DEFAULT_MAX_LIVE,
      ttl: idleMs,
      updateAgeOnGet: true,
      // Appends are buffered only for a kitchen whose state is in memory.
      dispose: (_live, kitchenId) => this.appended.delete(kitchenId),
    });
    this.sweeper = setInterval(() => this.dropIdle(), Math.min(idleMs, 60_000));
    this.sweeper.unref();
  }

  /** Lets go of the states of kitchens quiet for `idleMs`: a night holds none in memory. */
  dropIdle(): void {
    this.live.purgeStale();
  }

  /** How many kitchens' states are in memory. */
  get liveKitchens(): number {
    return this.live.size;
  }

  notify(kitchenId: string, appended?: readonly StoredEvent[]): void {
    if (this.closed) return;
    this.pending.add(kitchenId);
    // Only worth keeping for a kitchen whose state is in memory; others reload from the store.
    if (appended && this.live.has(kitchenId)) {
      const buffer = this.appended.get(kitchenId);
      if (buffer) buffer.push(...appended);
      else this.appended.set(kitchenId, [...appended]);
    }
    this.waitingSince ??= performance.now();
    this.schedule();
  }

  /**
   * The next round of catch-ups: after a burst, once the logs have been quiet for `quietMs`,
   * or when the first change waiting has waited `maxLagMs`; a burst of pushes costs one round.
   * One round at a time, and it rests 4x as long as it took before the next: catching up
   * takes at most a fifth of the time, and never crowds out the pushes. (District push p99,
   * two PostgreSQL processes: rounds of all 500 kitchens overlapped, started by a timer a
   * stalled event loop let fire, and ran back to back under `maxLagMs`: 48 and 63 s of catching
   * up in the 60 s day, the pool 100 queries deep, p99 400 ms; with the rest 11 s, 63 ms.)
   */
  private schedule(): void {
    if (this.closed || this.round || this.waitingSince === undefined) return;
    const now = performance.now();
    const quiet = this.options.quietMs ?? DEFAULT_QUIET_MS;
    const latest = this.waitingSince + (this.options.maxLagMs ?? DEFAULT_MAX_LAG_MS);
    const at = Math.max(Math.min(now + quiet, latest), this.restUntil);
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.round = this.catchUpPending().finally(() => {
          this.round = undefined;
          this.schedule();
        });
      },
      Math.max(0, at - now),
    );
  }

  private async catchUpPending(): Promise<void> {
    this.timer = undefined;
    this.waitingSince = undefined;
    const started = performance.now();
    for (const id of [...this.pending]) {
      // Stopping (SIGTERM): the kitchens left are caught up at the next start.
      if (this.closed) return;
      this.pending.delete(id);
      try {
        await this.catchUp(id);
      } catch (error) {
        this.options.log?.(`read models of ${id} failed to catch up: ${String(error)}`);
      }
    }
    const ended = performance.now();
    this.restUntil = ended + 4 * (ended - started);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    clearTimeout(this.timer);
    this.timer = undefined;
    this.waitingSince = undefined;
    this.pending.clear();
    this.appended.clear();
    // A round under way ends after its current kitchen: the store must outlive that.
    await Promise.allSettled([...this.running.values()]);
  }

  district(month: string, dayStart: string): Promise<KitchenFigures[]> {
    return this.tables.district(month, dayStart);
  }

  async stock(kitchenId: string): Promise<StockRow[]> {
    await this.catchUp(kitchenId);
    const rows = await this.tables.stock(kitchenId);
    return rows.map((row) => ({ ...row, negative: row.qty < 0 }));
  }

  /** Adds what the log gained since the last catch-up and writes the rows that changed. */
  catchUp(kitchenId: string): Promise<void> {
    this.pending.delete(kitchenId);
    return this.serially(kitchenId, () => this.catchUpNow(kitchenId));
  }

  /** Runs `work` after the kitchen's catch-up or rebuild under way, if any. */
  private serially(kitchenId: string, work: () => Promise<void>): Promise<void> {
    const before = this.running.get(kitchenId) ?? Promise.resolve();
    const next = before.then(work, work);
    this.running.set(kitchenId, next);
    const forget = () => {
      if (this.running.get(kitchenId) === next) this.running.delete(kitchenId);
    };
    next.then(forget, forget);
    return next;
  }

  private async catchUpNow(kitchenId: string): Promise<void> {
    const live = await this.liveOf(kitchenId);
    const { fold } = live;
    let fresh: EventEnvelope[] = [];
    // The events pushed through this process since the last catch-up, as long as they are
    // the next seqs; then whatever else the log gained (another process, an import).
    const buffered = this.appended.get(kitchenId) ?? [];
    this.appended.delete(kitchenId);
    for (const event of buffered) {
      if (event.seq !== fold.seq + fresh.length + 1) break;
      fresh.push(event);
    }
    for (;;) {
      const page = await this.source.read(kitchenId, fold.seq + fresh.length, PAGE);
      if (!page.more) {
        fresh.push(...page.events);
        break;
      }
      // Far behind (a state folded afresh, an import): fold the log in order, a page at a
      // time, rather than hold what it gained.
      await fold.reload(page.head);
      fresh = [];
    }
    if (fresh.length === 0 && live.stored.seq === fold.seq) return;
    await fold.addAll(fresh);
    const rows = rowsOf(fold.state, fold.monthWaste(Date.now()));
    live.stored = await this.tables.write(kitchenId, live.stored, rows, fold.seq);
    await this.saveBase(kitchenId, fold);
  }

  /** Stores the fold's base when it moved: the next time its state is not in memory... */
  private async saveBase(kitchenId: string, fold: KitchenFold): Promise<void> {
    const base = fold.takeBase();
    if (base) await this.tables.saveBase(kitchenId, fold.seq, base);
  }

  private async liveOf(kitchenId: string): Promise<Live> {
    const known = this.live.get(kitchenId);
    if (known) return known;
    // The rows as stored (by an earlier process, or before eviction), to diff against.
    const { base, ...stored } = await this.tables.load(kitchenId);
    const live: Live = { fold: new KitchenFold(this.source, kitchenId), stored };
    // ...it is folded from there, reading only the events after it: the stock route for a
    // kitchen of a school year's log (20k events) not in memory answered in 150-450 ms when
    // the whole log was folded again each time (`npm run bench -- server-catchup`).
    if (base) await live.fold.restore(base, await this.source.head(kitchenId));
    this.live.set(kitchenId, live);
    return live;
  }

  /** Drops the rows (of one kitchen, or all) and folds the log again. */
  async rebuild(kitchenId?: string): Promise<void> {
    const kitchens = kitchenId !== undefined ? [kitchenId] : await this.tables.kitchens();
    if (kitchenId === undefined)
      this.live.clear(); // buffered appends go with the logs
    else this.live.delete(kitchenId);
    await this.tables.clear(kitchenId);
    const empty: StoredRows = {
      rows: { items: new Map(), locations: new Map(), stock: new Map(), summary: new Map() },
      seq: 0,
    };
    for (const id of kitchens) {
      await this.serially(id, async () => {
        const fold = new KitchenFold(this.source, id);
        await fold.reload(await this.source.head(id));
        const rows = rowsOf(fold.state, fold.monthWaste(Date.now()));
        await this.tables.write(id, empty, rows, fold.seq);
        await this.saveBase(id, fold);
      });
    }
  }
}
