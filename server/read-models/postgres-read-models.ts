/**
 * SQL read models in the PostgreSQL database: the same tables as SQLite's (`read_items`,
 * `read_locations`, `read_stock`, `read_checkpoints`, `read_kitchens`, `read_bases`, made
 * by `postgres-schema.ts`), kept the same way (`log-read-models.ts`). Several server
 * processes may keep them at once: each write takes the kitchen's advisory lock
 * (`READ_LOCK`, taken by `larder_write_read_rows` too) and checks the checkpoint it diffed
 * against. A catch-up costs three round trips: the rows stored with the fold's base (when
 * the kitchen's state was not in memory), the log's new events and the write; restoring
 * from a base adds the log's head, its undos and the events after the base.
 */
import type pg from 'pg';
import { transaction, unnestColumns } from '../storage/postgres-schema';
import type { PostgresStore } from '../storage/postgres-store';
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
  type CellRow,
  type ItemRow,
  type KitchenRows,
  type LocationRow,
  type SummaryRow,
} from './rows';

const ITEM_FIELDS: (keyof ItemRow)[] = ['item_id', 'name', 'unit', 'category', 'par', 'archived'];
const LOCATION_FIELDS: (keyof LocationRow)[] = ['location_id', 'name', 'kind', 'archived'];
const CELL_FIELDS: (keyof CellRow)[] = ['item_id', 'location_id', 'qty', 'value', 'lots'];
const SUMMARY_FIELDS: (keyof SummaryRow)[] = [
  'inventory_value',
  'below_par',
  'month',
  'month_waste',
];

/** The read lock of a kitchen: one writer of its rows at a time, across processes. */
const READ_LOCK = "SELECT pg_advisory_xact_lock(hashtext('larder read ' || $1))";

async function loadRows(
  db: pg.Pool | pg.PoolClient,
  kitchenId: string,
  withBase = false,
): Promise<StoredKitchen> {
  // In one statement (district push p99: five round trips before), each table's rows as a
  // JSON list, as they are compared with the rows computed; and the fold's base, if asked.
  const list = (fields: string, table: string) =>
    `(SELECT coalesce(json_agg(r), '[]') FROM (SELECT ${fields} FROM ${table}
       WHERE kitchen_id = $1) r)`;
  const { rows } = await db.query<{
    items: ItemRow[];
    locations: LocationRow[];
    cells: CellRow[];
    summary: SummaryRow[];
    seq: number | null;
    base: Buffer | null;
  }>(
    `SELECT ${list(ITEM_FIELDS.join(', '), 'read_items')} AS items,
       ${list(LOCATION_FIELDS.join(', '), 'read_locations')} AS locations,
       ${list(CELL_FIELDS.join(', '), 'read_stock')} AS cells,
       ${list(SUMMARY_FIELDS.join(', '), 'read_kitchens')} AS summary,
       (SELECT seq FROM read_checkpoints WHERE kitchen_id = $1) AS seq,
       ${withBase ? '(SELECT base FROM read_bases WHERE kitchen_id = $1)' : 'NULL'} AS base`,
    [kitchenId],
  );
  const { items, locations, cells, summary, seq, base } = rows[0] as NonNullable<(typeof rows)[0]>;
  return {
    base: base ?? undefined,
    rows: {
      items: new Map(items.map((r) => [r.item_id, r])),
      locations: new Map(locations.map((r) => [r.location_id, r])),
      stock: new Map(cells.map((r) => [cellKey(r.item_id, r.location_id), r])),
      summary: new Map(summary.map((r) => ['', r])),
    },
    seq: seq ?? 0,
  };
}

/**
 * The rows of `next` that differ from `prev` and the checkpoint `seq`, in one statement
 * (`larder_write_read_rows`), when the checkpoint stored is `prev`'s and below `seq`;
 * answers whether it wrote.
 */
async function writeRows(
  db: pg.Pool | pg.PoolClient,
  kitchenId: string,
  prev: StoredRows,
  next: KitchenRows,
  seq: number,
): Promise<boolean> {
  const items = diff(prev.rows.items, next.items);
  const locations = diff(prev.rows.locations, next.locations);
  const cells = diff(prev.rows.stock, next.stock);
  const gone = cells.gone.flatMap((key) => {
    const old = prev.rows.stock.get(key);
    return old ? [old] : [];
  });
  const { rows } = await db.query<{ written: boolean }>(
    `SELECT larder_write_read_rows($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) AS written`,
    [
      kitchenId,
      prev.seq,
      seq,
      JSON.stringify(items.put),
      items.gone,
      JSON.stringify(locations.put),
      locations.gone,
      JSON.stringify(cells.put),
      ...unnestColumns(gone, ['item_id', 'location_id']),
      JSON.stringify(diff(prev.rows.summary, next.summary).put),
    ],
  );
  return rows[0]?.written === true;
}

/** `ReadTables` in PostgreSQL. */
class PostgresTables implements ReadTables {
  constructor(private readonly pool: pg.Pool) {}

  load(kitchenId: string): Promise<StoredKitchen> {
    return loadRows(this.pool, kitchenId, true);
  }

  async saveBase(kitchenId: string, seq: number, base: Buffer): Promise<void> {
    await this.pool.query(
      `INSERT INTO read_bases VALUES ($1, $2, $3)
       ON CONFLICT (kitchen_id) DO UPDATE SET seq = excluded.seq, base = excluded.base
       WHERE excluded.seq > read_bases.seq`,
      [kitchenId, seq, base],
    );
  }

  async write(
    kitchenId: string,
    prev: StoredRows,
    next: KitchenRows,
    seq: number,
  ): Promise<StoredRows> {
    if (await writeRows(this.pool, kitchenId, prev, next, seq)) return { rows: next, seq };
    // Another process wrote since `prev` was read (or as far as `seq` already): diffed
    // against the rows stored, under the lock (the rows may not exist yet, so a row lock
    // would not do).
    return transaction(this.pool, async (client) => {
      await client.query(READ_LOCK, [kitchenId]);
      const stored = await loadRows(client, kitchenId);
      if (stored.seq >= seq && seq > 0) return stored;
      // Under the lock the checkpoint is the one just read and below `seq`: it writes.
      await writeRows(client, kitchenId, stored, next, seq);
      return { rows: next, seq };
    });
  }

  async stock(kitchenId: string): Promise<Omit<StockRow, 'negative'>[]> {
    // lower() on the C collation folds ASCII only, as SQLite's NOCASE: the same order.
    const { rows } = await this.pool.query<Omit<StockRow, 'negative'>>(
      `SELECT s.item_id AS "itemId", i.name AS "itemName", i.unit AS unit,
              s.location_id AS "locationId", l.name AS "locationName", s.qty AS qty,
              s.value AS value
       FROM read_stock s
       JOIN read_items i ON i.kitchen_id = s.kitchen_id AND i.item_id = s.item_id
       JOIN read_locations l ON l.kitchen_id = s.kitchen_id AND l.location_id = s.location_id
       WHERE s.kitchen_id = $1 AND i.archived = 0 AND l.archived = 0 AND (s.qty <> 0 OR s.lots > 0)
       ORDER BY lower(i.name COLLATE "C"), s.item_id COLLATE "C",
                lower(l.name COLLATE "C"), s.location_id COLLATE "C"`,
      [kitchenId],
    );
    return rows;
  }

  async clear(kitchenId?: string): Promise<void> {
    await transaction(this.pool, async (client) => {
      for (const table of READ_TABLES) {
        if (kitchenId === undefined) await client.query(`DELETE FROM ${table}`);
        else await client.query(`DELETE FROM ${table} WHERE kitchen_id = $1`, [kitchenId]);
      }
    });
  }

  async district(month: string, dayStart: string): Promise<KitchenFigures[]> {
    // The events' count is a BIGINT: a number here (pool's type parser).
    const { rows } = await this.pool.query<KitchenFigures>(
      `SELECT k.id AS "kitchenId",
         coalesce(r.inventory_value, 0) AS "inventoryValue",
         coalesce(r.below_par, 0) AS "belowPar",
         CASE WHEN r.month = $1 THEN r.month_waste ELSE 0 END AS "monthWaste",
         (SELECT count(*) FROM events e WHERE e.kitchen_id = k.id AND e.hlc >= $2)
           AS "eventsToday",
         coalesce(c.seq, 0) AS checkpoint
       FROM kitchens k
       LEFT JOIN read_kitchens r ON r.kitchen_id = k.id
       LEFT JOIN read_checkpoints c ON c.kitchen_id = k.id`,
      [month, dayStart],
    );
    return rows;
  }

  async kitchens(): Promise<string[]> {
    const { rows } = await this.pool.query<{ kitchen_id: string }>(
      'SELECT kitchen_id FROM kitchen_heads WHERE head > 0 ORDER BY kitchen_id COLLATE "C"',
    );
    return rows.map((row) => row.kitchen_id);
  }
}

/** The read models in the PostgreSQL database of `store`. */
export class PostgresReadModels extends LogReadModels {
  constructor(store: PostgresStore, options: LogReadModelsOptions = {}) {
    super(store, new PostgresTables(store.pool), options);
  }
}
