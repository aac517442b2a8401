/**
 * SQL read models in the PostgreSQL database: the same tables as SQLite's (`read_items`,
 * `read_locations`, `read_stock`, `read_checkpoints`, made by `postgres-schema.ts`), kept
 * the same way (`log-read-models.ts`). Several server processes may keep them at once: each
 * write takes the kitchen's advisory lock and checks the checkpoint it diffed against.
 */
import type pg from 'pg';
import { transaction, unnestColumns } from '../storage/postgres-schema';
import type { PostgresStore } from '../storage/postgres-store';
import type { KitchenFigures, StockRow } from './read-models';
import {
  LogReadModels,
  type LogReadModelsOptions,
  type ReadTables,
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

const TABLES = ['read_items', 'read_locations', 'read_stock', 'read_checkpoints', 'read_kitchens'];

const ITEM_FIELDS: (keyof ItemRow)[] = ['item_id', 'name', 'unit', 'category', 'par', 'archived'];
const LOCATION_FIELDS: (keyof LocationRow)[] = ['location_id', 'name', 'kind', 'archived'];
const CELL_FIELDS: (keyof CellRow)[] = ['item_id', 'location_id', 'qty', 'value', 'lots'];

async function loadRows(db: pg.Pool | pg.PoolClient, kitchenId: string): Promise<StoredRows> {
  const [items, locations, cells, summary, checkpoint] = [
    await db.query<ItemRow>(
      'SELECT item_id, name, unit, category, par, archived FROM read_items WHERE kitchen_id = $1',
      [kitchenId],
    ),
    await db.query<LocationRow>(
      'SELECT location_id, name, kind, archived FROM read_locations WHERE kitchen_id = $1',
      [kitchenId],
    ),
    await db.query<CellRow>(
      'SELECT item_id, location_id, qty, value, lots FROM read_stock WHERE kitchen_id = $1',
      [kitchenId],
    ),
    await db.query<SummaryRow>(
      `SELECT inventory_value, below_par, month, month_waste FROM read_kitchens
       WHERE kitchen_id = $1`,
      [kitchenId],
    ),
    await db.query<{ seq: number }>('SELECT seq FROM read_checkpoints WHERE kitchen_id = $1', [
      kitchenId,
    ]),
  ];
  return {
    rows: {
      items: new Map(items.rows.map((r) => [r.item_id, r])),
      locations: new Map(locations.rows.map((r) => [r.location_id, r])),
      stock: new Map(cells.rows.map((r) => [cellKey(r.item_id, r.location_id), r])),
      summary: new Map(summary.rows.map((r) => ['', r])),
    },
    seq: checkpoint.rows[0]?.seq ?? 0,
  };
}

async function writeDiff(
  client: pg.PoolClient,
  kitchenId: string,
  prev: KitchenRows,
  next: KitchenRows,
  seq: number,
): Promise<void> {
  const items = diff(prev.items, next.items);
  if (items.put.length > 0) {
    await client.query(
      `INSERT INTO read_items SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[],
         $5::text[], $6::float8[], $7::int[])
       ON CONFLICT (kitchen_id, item_id) DO UPDATE SET name = excluded.name,
         unit = excluded.unit, category = excluded.category, par = excluded.par,
         archived = excluded.archived`,
      [kitchenId, ...unnestColumns(items.put, ITEM_FIELDS)],
    );
  }
  if (items.gone.length > 0) {
    await client.query('DELETE FROM read_items WHERE kitchen_id = $1 AND item_id = ANY($2)', [
      kitchenId,
      items.gone,
    ]);
  }
  const locations = diff(prev.locations, next.locations);
  if (locations.put.length > 0) {
    await client.query(
      `INSERT INTO read_locations SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[],
         $5::int[])
       ON CONFLICT (kitchen_id, location_id) DO UPDATE SET name = excluded.name,
         kind = excluded.kind, archived = excluded.archived`,
      [kitchenId, ...unnestColumns(locations.put, LOCATION_FIELDS)],
    );
  }
  if (locations.gone.length > 0) {
    await client.query(
      'DELETE FROM read_locations WHERE kitchen_id = $1 AND location_id = ANY($2)',
      [kitchenId, locations.gone],
    );
  }
  const cells = diff(prev.stock, next.stock);
  if (cells.put.length > 0) {
    await client.query(
      `INSERT INTO read_stock SELECT $1, * FROM unnest($2::text[], $3::text[], $4::float8[],
         $5::float8[], $6::int[])
       ON CONFLICT (kitchen_id, item_id, location_id) DO UPDATE SET qty = excluded.qty,
         value = excluded.value, lots = excluded.lots`,
      [kitchenId, ...unnestColumns(cells.put, CELL_FIELDS)],
    );
  }
  const gone = cells.gone.flatMap((key) => {
    const old = prev.stock.get(key);
    return old ? [old] : [];
  });
  if (gone.length > 0) {
    await client.query(
      `DELETE FROM read_stock WHERE kitchen_id = $1
         AND (item_id, location_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
      [kitchenId, ...unnestColumns(gone, ['item_id', 'location_id'])],
    );
  }
  for (const row of diff(prev.summary, next.summary).put) {
    await client.query(
      `INSERT INTO read_kitchens VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (kitchen_id) DO UPDATE SET inventory_value = excluded.inventory_value,
         below_par = excluded.below_par, month = excluded.month,
         month_waste = excluded.month_waste`,
      [kitchenId, row.inventory_value, row.below_par, row.month, row.month_waste],
    );
  }
  await client.query(
    `INSERT INTO read_checkpoints VALUES ($1, $2)
     ON CONFLICT (kitchen_id) DO UPDATE SET seq = excluded.seq`,
    [kitchenId, seq],
  );
}

/** `ReadTables` in PostgreSQL. */
class PostgresTables implements ReadTables {
  constructor(private readonly pool: pg.Pool) {}

  load(kitchenId: string): Promise<StoredRows> {
    return loadRows(this.pool, kitchenId);
  }

  write(kitchenId: string, prev: StoredRows, next: KitchenRows, seq: number): Promise<StoredRows> {
    return transaction(this.pool, async (client) => {
      // One writer of a kitchen's rows at a time, across processes (the rows may not exist
      // yet, so a row lock would not do).
      await client.query("SELECT pg_advisory_xact_lock(hashtext('larder read ' || $1))", [
        kitchenId,
      ]);
      const stored = await client.query<{ seq: number }>(
        'SELECT seq FROM read_checkpoints WHERE kitchen_id = $1',
        [kitchenId],
      );
      const storedSeq = stored.rows[0]?.seq ?? 0;
      if (storedSeq >= seq && seq > 0) return loadRows(client, kitchenId);
      const base = storedSeq === prev.seq ? prev.rows : (await loadRows(client, kitchenId)).rows;
      await writeDiff(client, kitchenId, base, next, seq);
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
      for (const table of TABLES) {
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
