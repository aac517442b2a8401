/**
 * The PostgreSQL schema of the event store, the same tables as SQLite's
 * (`sqlite-schema.ts`) plus `kitchen_heads`, the row each kitchen's appends lock to hand out
 * seqs in commit order. `larder_schema` records which migrations have run; a later change
 * is one more entry in `migrations`. Applied at start, under an advisory lock, so that two
 * processes starting at once on one database migrate it once.
 */
import type pg from 'pg';

const migrations: string[] = [
  `
  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE kitchens (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    join_code_hash TEXT NOT NULL,
    created_at     TEXT NOT NULL
  );
  CREATE TABLE devices (
    kitchen_id TEXT NOT NULL REFERENCES kitchens(id),
    device_id  TEXT NOT NULL,
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    paired_at  TEXT NOT NULL,
    revoked_at TEXT,
    PRIMARY KEY (kitchen_id, device_id)
  );
  -- The highest seq of each kitchen. An append locks its kitchen's row (SELECT ... FOR
  -- UPDATE) before it reads the head and holds it until it commits, so the next append to
  -- the kitchen waits: seqs are gap-free and become visible in order (a PostgreSQL sequence
  -- would let a reader see seq 8 committed before seq 7).
  CREATE TABLE kitchen_heads (
    kitchen_id TEXT PRIMARY KEY,
    head       BIGINT NOT NULL
  );
  -- One row per stored event: the validated event as JSON text (body), and the envelope's
  -- fields as columns (body::jsonb -> 'data' ->> 'qty' for the payload).
  CREATE TABLE events (
    kitchen_id TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    id         TEXT NOT NULL,
    type       TEXT NOT NULL,
    v          INTEGER NOT NULL,
    hlc        TEXT NOT NULL,
    device     TEXT NOT NULL,
    actor      TEXT NOT NULL,
    body       TEXT NOT NULL,
    PRIMARY KEY (kitchen_id, seq),
    UNIQUE (kitchen_id, id)
  );
  -- Transfers between kitchens (DESIGN 4.2), found without a scan of the logs.
  CREATE INDEX events_sends ON events (kitchen_id) WHERE type = 'stock.sent';
  CREATE INDEX events_sent_to ON events (((body::jsonb) -> 'data' ->> 'toKitchen'))
    WHERE type = 'stock.sent';
  CREATE INDEX events_sent_by_transfer ON events (((body::jsonb) -> 'data' ->> 'transferId'))
    WHERE type = 'stock.sent';
  CREATE INDEX events_answers ON events (((body::jsonb) -> 'data' ->> 'transferId'))
    WHERE type IN ('transfer.received', 'transfer.refused');
  CREATE INDEX events_undos ON events (kitchen_id, ((body::jsonb) -> 'data' ->> 'eventId'))
    WHERE type IN ('event.undone', 'event.redone');
  `,
  // The read models (postgres-read-models.ts): a cache of the fold, rebuilt from the logs.
  `
  CREATE TABLE read_items (
    kitchen_id TEXT NOT NULL, item_id TEXT NOT NULL, name TEXT NOT NULL, unit TEXT NOT NULL,
    category TEXT, par DOUBLE PRECISION, archived INTEGER NOT NULL,
    PRIMARY KEY (kitchen_id, item_id)
  );
  CREATE TABLE read_locations (
    kitchen_id TEXT NOT NULL, location_id TEXT NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
    archived INTEGER NOT NULL,
    PRIMARY KEY (kitchen_id, location_id)
  );
  CREATE TABLE read_stock (
    kitchen_id TEXT NOT NULL, item_id TEXT NOT NULL, location_id TEXT NOT NULL,
    qty DOUBLE PRECISION NOT NULL, value DOUBLE PRECISION NOT NULL, lots INTEGER NOT NULL,
    PRIMARY KEY (kitchen_id, item_id, location_id)
  );
  CREATE TABLE read_checkpoints (
    kitchen_id TEXT PRIMARY KEY, seq BIGINT NOT NULL
  );
  `,
  // The district office's view: when each tablet last synced, a kitchen's figures (kept with
  // the read models), and its events of a day counted from an index, not a scan.
  `
  ALTER TABLE devices ADD COLUMN last_seen_at TEXT;
  CREATE INDEX events_hlc ON events (kitchen_id, hlc);
  CREATE TABLE read_kitchens (
    kitchen_id TEXT PRIMARY KEY, inventory_value DOUBLE PRECISION NOT NULL,
    below_par INTEGER NOT NULL, month TEXT NOT NULL, month_waste DOUBLE PRECISION NOT NULL
  );
  `,
  // Device signatures (DESIGN 4.1): each tablet's public key, registered once, never changed.
  `
  ALTER TABLE devices ADD COLUMN public_key TEXT;
  `,
  // An append of new events in one round trip (district push p99: five before, and two
  // more for the epoch and the notice to the other processes). Locks the kitchen's head row,
  // as the append in a transaction does, and holds it to the end of the statement's
  // transaction; each statement of the function sees what was committed before it began, so
  // the check for ids stored already sees the previous holder's events. When an id is stored
  // already or comes twice in the batch, it stores nothing and says so: the caller plans the
  // duplicates and conflicts in a transaction of its own. `notice` and `carried` notified
  // the other processes from inside the append; the store passes NULL since (the fan-out
  // tells them after the commit: `postgres-fan-out.ts` says why), and they stay for the
  // processes of the version before while a district restarts them one by one. It answers
  // the log epoch too (`epoch.ts`; null until one is made).
  `
  CREATE FUNCTION larder_append(k TEXT, ids TEXT[], types TEXT[], vs INTEGER[], hlcs TEXT[],
                                devices TEXT[], actors TEXT[], bodies TEXT[], notice TEXT,
                                carried TEXT)
  RETURNS TABLE (inserted BOOLEAN, head BIGINT, epoch TEXT) LANGUAGE plpgsql AS $$
  DECLARE
    h BIGINT;
    e TEXT;
  BEGIN
    SELECT kh.head INTO h FROM kitchen_heads kh WHERE kh.kitchen_id = k FOR UPDATE;
    IF NOT FOUND THEN
      INSERT INTO kitchen_heads (kitchen_id, head) VALUES (k, 0) ON CONFLICT DO NOTHING;
      SELECT kh.head INTO h FROM kitchen_heads kh WHERE kh.kitchen_id = k FOR UPDATE;
    END IF;
    SELECT s.value INTO e FROM settings s WHERE s.key = 'log_epoch';
    IF EXISTS (SELECT 1 FROM events ev WHERE ev.kitchen_id = k AND ev.id = ANY (ids))
       OR cardinality(ids) <> (SELECT count(DISTINCT x) FROM unnest(ids) AS x) THEN
      RETURN QUERY SELECT false, h, e;
      RETURN;
    END IF;
    INSERT INTO events (kitchen_id, seq, id, type, v, hlc, device, actor, body)
      SELECT k, h + u.n, u.id, u.type, u.v, u.hlc, u.device, u.actor, u.body
      FROM unnest(ids, types, vs, hlcs, devices, actors, bodies)
           WITH ORDINALITY AS u(id, type, v, hlc, device, actor, body, n);
    UPDATE kitchen_heads SET head = h + cardinality(ids) WHERE kitchen_id = k;
    IF notice IS NOT NULL THEN
      PERFORM pg_notify('larder_appends', notice || ' ' || (h + 1) || coalesce(' ' || carried, ''));
    END IF;
    RETURN QUERY SELECT true, h + cardinality(ids), e;
  END $$;
  `,
  // A kitchen's read rows written in one round trip (district push p99 on PostgreSQL: the
  // catch-up of a kitchen took some ten statements in a transaction, for each of the hundreds
  // of kitchens pushed to, on the cores the pushes run on). Under the kitchen's read lock, as
  // `postgres-read-models.ts` takes it: writes the rows changed (`*_put` as JSON lists of
  // rows, `*_gone` the keys removed) and the checkpoint `upto` only when the checkpoint stored
  // is `expected` (the rows were diffed against it) and below `upto`; answers whether it
  // wrote. When it did not, the caller works it out in a transaction of its own.
  `
  CREATE FUNCTION larder_write_read_rows(k TEXT, expected BIGINT, upto BIGINT,
                                         items_put JSON, items_gone TEXT[],
                                         locations_put JSON, locations_gone TEXT[],
                                         cells_put JSON, cells_gone_items TEXT[],
                                         cells_gone_locations TEXT[], summary_put JSON)
  RETURNS BOOLEAN LANGUAGE plpgsql AS $$
  DECLARE
    stored BIGINT;
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('larder read ' || k));
    SELECT c.seq INTO stored FROM read_checkpoints c WHERE c.kitchen_id = k;
    IF coalesce(stored, 0) <> expected OR (expected >= upto AND upto > 0) THEN
      RETURN false;
    END IF;
    INSERT INTO read_items
      SELECT k, r.item_id, r.name, r.unit, r.category, r.par, r.archived
      FROM json_populate_recordset(NULL::read_items, items_put) r
      ON CONFLICT (kitchen_id, item_id) DO UPDATE SET name = excluded.name,
        unit = excluded.unit, category = excluded.category, par = excluded.par,
        archived = excluded.archived;
    DELETE FROM read_items WHERE kitchen_id = k AND item_id = ANY (items_gone);
    INSERT INTO read_locations
      SELECT k, r.location_id, r.name, r.kind, r.archived
      FROM json_populate_recordset(NULL::read_locations, locations_put) r
      ON CONFLICT (kitchen_id, location_id) DO UPDATE SET name = excluded.name,
        kind = excluded.kind, archived = excluded.archived;
    DELETE FROM read_locations WHERE kitchen_id = k AND location_id = ANY (locations_gone);
    INSERT INTO read_stock
      SELECT k, r.item_id, r.location_id, r.qty, r.value, r.lots
      FROM json_populate_recordset(NULL::read_stock, cells_put) r
      ON CONFLICT (kitchen_id, item_id, location_id) DO UPDATE SET qty = excluded.qty,
        value = excluded.value, lots = excluded.lots;
    DELETE FROM read_stock WHERE kitchen_id = k
      AND (item_id, location_id) IN (SELECT * FROM unnest(cells_gone_items, cells_gone_locations));
    INSERT INTO read_kitchens
      SELECT k, r.inventory_value, r.below_par, r.month, r.month_waste
      FROM json_populate_recordset(NULL::read_kitchens, summary_put) r
      ON CONFLICT (kitchen_id) DO UPDATE SET inventory_value = excluded.inventory_value,
        below_par = excluded.below_par, month = excluded.month,
        month_waste = excluded.month_waste;
    INSERT INTO read_checkpoints VALUES (k, upto)
      ON CONFLICT (kitchen_id) DO UPDATE SET seq = excluded.seq;
    RETURN true;
  END $$;
  `,
  // A base of each kitchen's fold (`KitchenFold.takeBase`), to fold it from there when its
  // state is not in memory, not from the whole log.
  `
  CREATE TABLE read_bases (
    kitchen_id TEXT PRIMARY KEY,
    seq        BIGINT NOT NULL,
    base       BYTEA NOT NULL
  );
  `,
];

/** The channel of the notices of appends between processes (named in `larder_append`). */
export const APPEND_CHANNEL = 'larder_appends';

/**
 * A notice of an append (`postgres-fan-out.ts`): who made it, where, its first seq and, when
 * they fit in a notice (8000 bytes), its events' bodies as a JSON list.
 */
export const carriedEvents = (bodies: readonly string[]): string | null => {
  const text = `[${bodies.join(',')}]`;
  return Buffer.byteLength(text) <= 7500 ? text : null;
};

/** An arbitrary constant: the advisory lock every Larder process takes to migrate. */
const MIGRATION_LOCK = 0x1a2de5;

/**
 * Runs `run` in a transaction on a connection of its own: committed when it returns (rolled
 * back instead when `commit` says no to its result), rolled back when it throws. A
 * connection whose query failed because the server went away is not given out again.
 */
export async function transaction<T>(
  pool: pg.Pool,
  run: (client: pg.PoolClient) => Promise<T>,
  options: { begin?: string; commit?: (result: T) => boolean } = {},
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(options.begin ?? 'BEGIN');
    const result = await run(client);
    await client.query(options.commit?.(result) === false ? 'ROLLBACK' : 'COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((lost: unknown) => {
      broken = lost instanceof Error ? lost : new Error(String(lost));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/** The columns of `rows`, one array per field, as `unnest($1::text[], ...)` takes them. */
export const unnestColumns = <R>(rows: readonly R[], fields: readonly (keyof R)[]) =>
  fields.map((field) => rows.map((row) => row[field]));

export async function migrate(pool: pg.Pool): Promise<void> {
  await transaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS larder_schema (version INTEGER NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM larder_schema');
    const current = rows[0]?.version ?? 0;
    if (rows.length === 0) await client.query('INSERT INTO larder_schema VALUES (0)');
    for (let version = current; version < migrations.length; version++) {
      await client.query(migrations[version] ?? '');
    }
    await client.query('UPDATE larder_schema SET version = $1', [
      Math.max(current, migrations.length),
    ]);
  });
}

export const SCHEMA_VERSION = migrations.length;
