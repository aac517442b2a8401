/**
 * SQL read models in the store's SQLite file: `read_items`, `read_locations`, `read_stock`
 * and `read_checkpoints` (the last seq each kitchen's rows reflect). Anyone may query them.
 * `read_bases` holds a base of each kitchen's fold (`KitchenFold.takeBase`), to fold it
 * from there when its state is not in memory.
 * How they are kept up to date: `log-read-models.ts`.
 */
import type { Database } from 'better-sqlite3';
import type { SqliteStore } from '../storage/sqlite-store';
import type { KitchenFigures, StockRow } from './read-models';
import {
  LogReadModels,
  READ_TABLES,
  type LogReadModelsOptions,
  type ReadTables,
  type StoredKitchen,
  type StoredRows,
} from './log-read-models';
import {
  cellKey,
  diff,
  type KitchenRows,
  type CellRow,
  type ItemRow,
  type LocationRow,
  type SummaryRow,
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
  );
  CREATE TABLE IF NOT EXISTS read_kitchens (
    kitchen_id TEXT PRIMARY KEY, inventory_value REAL NOT NULL, below_par INTEGER NOT NULL,
    month TEXT NOT NULL, month_waste REAL NOT NULL
  );
  CREATE TABLE IF NOT EXISTS read_bases (
    kitchen_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, base BLOB NOT NULL
  );`;

const DROP = `
  DROP TABLE IF EXISTS read_items; DROP TABLE IF EXISTS read_locations;
  DROP TABLE IF EXISTS read_stock; DROP TABLE IF EXISTS read_checkpoints;
  DROP TABLE IF EXISTS read_kitchens; DROP TABLE IF EXISTS read_bases;`;

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
    checkpointOf: db.prepare('SELECT seq FROM read_checkpoints WHERE kitchen_id = ?'),
    putSummary: db.prepare(`INSERT OR REPLACE INTO read_kitchens VALUES
      (@kitchen_id, @inventory_value, @below_par, @month, @month_waste)`),
    summaryOf: db.prepare(
      'SELECT inventory_value, below_par, month, month_waste FROM read_kitchens WHERE kitchen_id = ?',
    ),
    putBase: db.prepare(`INSERT INTO read_bases VALUES (?, ?, ?)
      ON CONFLICT (kitchen_id) DO UPDATE SET seq = excluded.seq, base = excluded.base
      WHERE excluded.seq > read_bases.seq`),
    baseOf: db.prepare('SELECT base FROM read_bases WHERE kitchen_id = ?').pluck(),
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

/** `ReadTables` in the store's SQLite file, through prepared statements. */
class SqliteTables implements ReadTables {
  private stmt: Statements;

  constructor(private readonly db: Database) {
    this.db.exec(TABLES);
    this.stmt = prepareStatements(db);
  }

  load(kitchenId: string): Promise<StoredKitchen> {
    const base = this.stmt.baseOf.get(kitchenId) as Buffer | undefined;
    return Promise.resolve({ ...this.loadNow(kitchenId), base });
  }

  saveBase(kitchenId: string, seq: number, base: Buffer): Promise<void> {
    this.stmt.putBase.run(kitchenId, seq, base);
    return Promise.resolve();
  }

  private loadNow(kitchenId: string): StoredRows {
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
    const checkpoint = this.stmt.checkpointOf.get(kitchenId) as { seq: number } | undefined;
    const summary = this.stmt.summaryOf.get(kitchenId) as SummaryRow | undefined;
    return {
      rows: {
        items: new Map(items.map((r) => [r.item_id, r])),
        locations: new Map(locations.map((r) => [r.location_id, r])),
        stock: new Map(cells.map((r) => [cellKey(r.item_id, r.location_id), r])),
        summary: new Map(summary ? [['', summary]] : []),
      },
      seq: checkpoint?.seq ?? 0,
    };
  }

  write(kitchenId: string, prev: StoredRows, next: KitchenRows, seq: number): Promise<StoredRows> {
    // IMMEDIATE: the checkpoint read and the writes that follow it are one, against the
    // CLI's rebuild or another connection writing the same rows.
    const run = this.db.transaction((): StoredRows => {
      const stored = this.stmt.checkpointOf.get(kitchenId) as { seq: number } | undefined;
      const storedSeq = stored?.seq ?? 0;
      if (storedSeq >= seq && seq > 0) return this.loadNow(kitchenId);
      const base = storedSeq === prev.seq ? prev.rows : this.loadNow(kitchenId).rows;
      this.writeDiff(kitchenId, base, next, seq);
      return { rows: next, seq };
    });
    return Promise.resolve(run.immediate());
  }

  private writeDiff(kitchenId: string, prev: KitchenRows, next: KitchenRows, seq: number): void {
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
    for (const row of diff(prev.summary, next.summary).put) {
      s.putSummary.run({ kitchen_id: kitchenId, ...row });
    }
    s.checkpoint.run(kitchenId, seq);
  }

  stock(kitchenId: string): Promise<Omit<StockRow, 'negative'>[]> {
    return Promise.resolve(this.stmt.stock.all(kitchenId) as Omit<StockRow, 'negative'>[]);
  }

  clear(kitchenId?: string): Promise<void> {
    if (kitchenId === undefined) {
      this.db.exec(DROP);
      this.db.exec(TABLES);
      // The tables were dropped: statements prepared on them are stale.
      this.stmt = prepareStatements(this.db);
    } else {
      for (const table of READ_TABLES) {
        this.db.prepare(`DELETE FROM ${table} WHERE kitchen_id = ?`).run(kitchenId);
      }
    }
    return Promise.resolve();
  }

  district(month: string, dayStart: string): Promise<KitchenFigures[]> {
    const rows = this.db
      .prepare(
        `SELECT k.id AS "kitchenId",
         coalesce(r.inventory_value, 0) AS "inventoryValue",
         coalesce(r.below_par, 0) AS "belowPar",
         CASE WHEN r.month = @month THEN r.month_waste ELSE 0 END AS "monthWaste",
         (SELECT count(*) FROM events e WHERE e.kitchen_id = k.id AND e.hlc >= @dayStart)
           AS "eventsToday",
         coalesce(c.seq, 0) AS checkpoint
       FROM kitchens k
       LEFT JOIN read_kitchens r ON r.kitchen_id = k.id
       LEFT JOIN read_checkpoints c ON c.kitchen_id = k.id`,
      )
      .all({ month, dayStart });
    return Promise.resolve(rows as KitchenFigures[]);
  }

  kitchens(): Promise<string[]> {
    const rows = this.db.prepare('SELECT DISTINCT kitchen_id FROM events').pluck().all();
    return Promise.resolve(rows as string[]);
  }
}

/** The read models in the store's SQLite file (run by the store's projector thread). */
export class SqliteReadModels extends LogReadModels {
  constructor(store: SqliteStore, options: LogReadModelsOptions = {}) {
    super(store, new SqliteTables(store.db), options);
  }
}
