/**
 * SQL read models in the store's SQLite file: `read_items`, `read_locations`, `read_stock`
 * and `read_checkpoints` (the last seq each kitchen's rows reflect). Anyone may query them.
 *
 * Kept up to date with the domain's incremental `KitchenLog` (equal to `fold`, faster for a
 * growing log): after appends the kitchen's new events are added, the rows recomputed from
 * the state and only the rows that changed written, with the checkpoint, in one
 * transaction. Catch-up after a push runs off the request's path, after the burst of
 * pushes it belongs to (see `notify`), so a burst costs one catch-up; a stock read catches
 * up first, so nobody reads stale rows through the API. Logs of at most `maxLive` kitchens
 * stay in memory (lru-cache: least recently used first out, and none idle for `idleMs`);
 * another kitchen is reloaded from its log when next needed.
 *
 * `rebuild` drops the tables and replays the logs through the plain `fold`: the same rows.
 */
import type { Database } from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import { fold, KitchenLog, type EventEnvelope, type StoredEvent } from '../../src/lib/domain/index';
import type { SqliteStore } from '../storage/sqlite-store';
import type { ReadModels, StockRow } from './read-models';
import {
  cellKey,
  diff,
  rowsOf,
  type KitchenRows,
  type CellRow,
  type ItemRow,
  type LocationRow,
} from './rows';

const TABLES = `
  CREATE TABLE IF NOT EXISTS read_items (
    kitchen_id TEXT NOT NULL, item_id TEXT NOT NULL, name TEXT NOT NULL, unit TEXT NOT NULL,
    category TEXT, par REAL, archived INTEGER NOT NULL,
    PRIMARY KEY (kitchen_id, item_id)
  );
  CREATE TABLE IF NOT EXISTS read_locations (
    kitchen_id TEXT NOT NULL, location_id TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
    archived INTEGER NOT NULL,
    PRIMARY KEY (kitchen_id, location_id)
  );
  CREATE TABLE IF NOT EXISTS read_stock (
    kitchen_id TEXT NOT NULL, item_id TEXT NOT NULL, location_id TEXT NOT NULL,
    qty REAL NOT NULL, value REAL NOT NULL, lots INTEGER NOT NULL,
    PRIMARY KEY (kitchen_id, item_id, location_id)
  );
  CREATE TABLE IF NOT EXISTS read_checkpoints (
    kitchen_id TEXT PRIMARY KEY, seq INTEGER NOT NULL
  );`;

const DROP = `
  DROP TABLE IF EXISTS read_items; DROP TABLE IF EXISTS read_locations;
  DROP TABLE IF EXISTS read_stock; DROP TABLE IF EXISTS read_checkpoints;`;

interface Live {
  log: KitchenLog;
  seq: number;
  rows: KitchenRows;
}

const PAGE = 5000;
/** Catch up once no push came for this long... */
export const DEFAULT_QUIET_MS = 50;
/** ...or, under a steady stream of pushes, once a change has waited this long. */
export const DEFAULT_MAX_LAG_MS = 10_000;
/** A 100k-event kitchen log costs about 100 MB in memory: keep a few busy ones, not all. */
export const DEFAULT_MAX_LIVE = 4;
export const DEFAULT_IDLE_MS = 10 * 60_000;

function prepareStatements(db: Database) {
  return {
    putItem: db.prepare(`INSERT OR REPLACE INTO read_items VALUES
      (@kitchen_id, @item_id, @name, @unit, @category, @par, @archived)`),
    delItem: db.prepare('DELETE FROM read_items WHERE kitchen_id = ? AND item_id = ?'),
    putLocation: db.prepare(`INSERT OR REPLACE INTO read_locations VALUES
      (@kitchen_id, @location_id, @name, @kind, @archived)`),
    delLocation: db.prepare('DELETE FROM read_locations WHERE kitchen_id = ? AND location_id = ?'),
    putCell: db.prepare(`INSERT OR REPLACE INTO read_stock VALUES
      (@kitchen_id, @item_id, @location_id, @qty, @value, @lots)`),
    delCell: db.prepare(
      'DELETE FROM read_stock WHERE kitchen_id = ? AND item_id = ? AND location_id = ?',
    ),
    checkpoint: db.prepare('INSERT OR REPLACE INTO read_checkpoints VALUES (?, ?)'),
    items: db.prepare('SELECT * FROM read_items WHERE kitchen_id = ?'),
    locations: db.prepare('SELECT * FROM read_locations WHERE kitchen_id = ?'),
    cells: db.prepare('SELECT * FROM read_stock WHERE kitchen_id = ?'),
    stock: db.prepare(`
      SELECT s.item_id AS itemId, i.name AS itemName, i.unit AS unit,
             s.location_id AS locationId, l.name AS locationName, s.qty AS qty, s.value AS value
      FROM read_stock s
      JOIN read_items i ON i.kitchen_id = s.kitchen_id AND i.item_id = s.item_id
      JOIN read_locations l ON l.kitchen_id = s.kitchen_id AND l.location_id = s.location_id
      WHERE s.kitchen_id = ? AND i.archived = 0 AND l.archived = 0 AND (s.qty <> 0 OR s.lots > 0)
      ORDER BY i.name COLLATE NOCASE, s.item_id, l.name COLLATE NOCASE, s.location_id`),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

export class SqliteReadModels implements ReadModels {
  private readonly db: Database;
  /** Logs in memory: the most recently caught up, let go after `idleMs` without a catch-up. */
  private readonly live: LRUCache<string, Live>;
  private readonly pending = new Set<string>();
  private readonly appended = new Map<string, StoredEvent[]>();
  private timer: NodeJS.Timeout | undefined;
  /** When the oldest change not yet caught up was notified. */
  private waitingSince: number | undefined;
  private backoffMs = 0;
  private readonly sweeper: NodeJS.Timeout;
  private stmt: Statements;

  constructor(
    private readonly store: SqliteStore,
    private readonly options: {
      maxLive?: number;
      /** A kitchen's log leaves memory after this long without a catch-up. */
      idleMs?: number;
      log?: (line: string) => void;
      quietMs?: number;
      maxLagMs?: number;
    } = {},
  ) {
    this.db = store.db;
    this.db.exec(TABLES);
    this.stmt = prepareStatements(this.db);
    const idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.live = new LRUCache<string, Live>({
      max: options.maxLive ?? DEFAULT_MAX_LIVE,
      ttl: idleMs,
      updateAgeOnGet: true,
      // Appends are buffered only for a kitchen whose log is in memory.
      dispose: (_live, kitchenId) => this.appended.delete(kitchenId),
    });
    this.sweeper = setInterval(() => this.dropIdle(), Math.min(idleMs, 60_000));
    this.sweeper.unref();
  }

  /** Lets go of the logs of kitchens quiet for `idleMs`: a night holds no logs in memory. */
  dropIdle(): void {
    this.live.purgeStale();
  }

  /** How many kitchens' logs are in memory. */
  get liveKitchens(): number {
    return this.live.size;
  }

  notify(kitchenId: string, appended?: readonly StoredEvent[]): void {
    this.pending.add(kitchenId);
    // Only worth keeping for a kitchen whose log is in memory; others reload from the store.
    if (appended && this.live.has(kitchenId)) {
      const buffer = this.appended.get(kitchenId);
      if (buffer) buffer.push(...appended);
      else this.appended.set(kitchenId, [...appended]);
    }
    // After a burst: once the logs have been quiet for a moment, or when the first change
    // waiting has waited `maxLagMs`. A burst of pushes costs one catch-up, and folding never
    // competes with an ingest for the CPU unless it goes on for long. The quiet time is at
    // least 4x the last catch-up, so catching up never takes more than a fifth of the time.
    const now = performance.now();
    this.waitingSince ??= now;
    const quiet = Math.max(this.options.quietMs ?? DEFAULT_QUIET_MS, this.backoffMs);
    const latest = this.waitingSince + (this.options.maxLagMs ?? DEFAULT_MAX_LAG_MS);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.catchUpPending(), Math.min(now + quiet, latest) - now);
  }

  private catchUpPending(): void {
    this.timer = undefined;
    this.waitingSince = undefined;
    const started = performance.now();
    for (const id of [...this.pending]) {
      this.pending.delete(id);
      try {
        this.catchUpSync(id);
      } catch (error) {
        this.options.log?.(`read models of ${id} failed to catch up: ${String(error)}`);
      }
    }
    this.backoffMs = 4 * (performance.now() - started);
  }

  close(): void {
    clearInterval(this.sweeper);
    clearTimeout(this.timer);
    this.timer = undefined;
    this.waitingSince = undefined;
    this.pending.clear();
    this.appended.clear();
  }

  catchUp(kitchenId: string): Promise<void> {
    try {
      this.catchUpSync(kitchenId);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  stock(kitchenId: string): Promise<StockRow[]> {
    this.catchUpSync(kitchenId);
    const rows = this.stmt.stock.all(kitchenId) as Omit<StockRow, 'negative'>[];
    return Promise.resolve(rows.map((row) => ({ ...row, negative: row.qty < 0 })));
  }

  /** Adds what the log gained since the last catch-up and writes the rows that changed. */
  catchUpSync(kitchenId: string): void {
    this.pending.delete(kitchenId);
    const live = this.liveOf(kitchenId);
    const fresh: EventEnvelope[] = [];
    // The events pushed through this process since the last catch-up, as long as they are
    // the next seqs; then whatever else the log gained (an import by the CLI, say).
    const buffered = this.appended.get(kitchenId) ?? [];
    this.appended.delete(kitchenId);
    for (const event of buffered) {
      if (event.seq !== live.seq + fresh.length + 1) break;
      fresh.push(event);
    }
    for (;;) {
      const page = this.store.readSync(kitchenId, live.seq + fresh.length, PAGE);
      fresh.push(...page.events);
      if (!page.more) break;
    }
    if (fresh.length === 0) return;
    live.log.addAll(fresh);
    const seq = live.seq + fresh.length;
    const next = rowsOf(live.log.state);
    this.db.transaction(() => this.write(kitchenId, live.rows, next, seq))();
    live.rows = next;
    live.seq = seq;
  }

  private liveOf(kitchenId: string): Live {
    let live = this.live.get(kitchenId);
    if (!live) {
      // The rows as stored (by an earlier process, or before eviction), to diff against.
      live = { log: new KitchenLog(), seq: 0, rows: this.storedRows(kitchenId) };
      this.live.set(kitchenId, live);
    }
    return live;
  }

  private storedRows(kitchenId: string): KitchenRows {
    const strip = <R extends { kitchen_id?: string }>(row: R) => {
      const { kitchen_id: _k, ...rest } = row;
      return rest;
    };
    const items = (this.stmt.items.all(kitchenId) as (ItemRow & { kitchen_id: string })[]).map(
      strip,
    );
    const locations = (
      this.stmt.locations.all(kitchenId) as (LocationRow & { kitchen_id: string })[]
    ).map(strip);
    const cells = (this.stmt.cells.all(kitchenId) as (CellRow & { kitchen_id: string })[]).map(
      strip,
    );
    return {
      items: new Map(items.map((r) => [r.item_id, r])),
      locations: new Map(locations.map((r) => [r.location_id, r])),
      stock: new Map(cells.map((r) => [cellKey(r.item_id, r.location_id), r])),
    };
  }

  private write(kitchenId: string, prev: KitchenRows, next: KitchenRows, seq: number): void {
    const s = this.stmt;
    const items = diff(prev.items, next.items);
    for (const row of items.put) s.putItem.run({ kitchen_id: kitchenId, ...row });
    for (const id of items.gone) s.delItem.run(kitchenId, id);
    const locations = diff(prev.locations, next.locations);
    for (const row of locations.put) s.putLocation.run({ kitchen_id: kitchenId, ...row });
    for (const id of locations.gone) s.delLocation.run(kitchenId, id);
    const cells = diff(prev.stock, next.stock);
    for (const row of cells.put) s.putCell.run({ kitchen_id: kitchenId, ...row });
    for (const key of cells.gone) {
      const old = prev.stock.get(key);
      if (old) s.delCell.run(kitchenId, old.item_id, old.location_id);
    }
    s.checkpoint.run(kitchenId, seq);
  }

  /** Drops the tables (or one kitchen's rows) and replays the log through `fold`. */
  rebuild(kitchenId?: string): Promise<void> {
    const kitchens =
      kitchenId !== undefined
        ? [kitchenId]
        : (
            this.db.prepare('SELECT DISTINCT kitchen_id AS id FROM events').all() as {
              id: string;
            }[]
          ).map((r) => r.id);
    if (kitchenId === undefined) {
      this.db.exec(DROP);
      this.db.exec(TABLES);
      // The tables were dropped: statements prepared on them are stale.
      this.stmt = prepareStatements(this.db);
      // Buffered appends go with the logs (the cache's dispose).
      this.live.clear();
    } else {
      for (const table of ['read_items', 'read_locations', 'read_stock', 'read_checkpoints']) {
        this.db.prepare(`DELETE FROM ${table} WHERE kitchen_id = ?`).run(kitchenId);
      }
      this.live.delete(kitchenId);
    }
    const empty: KitchenRows = { items: new Map(), locations: new Map(), stock: new Map() };
    for (const id of kitchens) {
      const events: EventEnvelope[] = [];
      let head = 0;
      for (;;) {
        const page = this.store.readSync(id, events.length, PAGE);
        events.push(...page.events);
        head = page.head;
        if (!page.more) break;
      }
      const rows = rowsOf(fold(events));
      this.db.transaction(() => this.write(id, empty, rows, Math.min(head, events.length)))();
    }
    return Promise.resolve();
  }
}
