/**
 * The SQLite schema of the event store, applied on open. `PRAGMA user_version` records
 * which migrations have run, so a later change is one more entry in `migrations`.
 */
import type { Database } from 'better-sqlite3';

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
  -- One row per stored event: the validated event as JSON (body), and the envelope's fields
  -- as columns so that the log can be queried with plain SQL (json_extract(body,
  -- '$.data.qty') for the payload).
  CREATE TABLE events (
    kitchen_id TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    id         TEXT NOT NULL,
    type       TEXT NOT NULL,
    v          INTEGER NOT NULL,
    hlc        TEXT NOT NULL,
    device     TEXT NOT NULL,
    actor      TEXT NOT NULL,
    body       TEXT NOT NULL,
    PRIMARY KEY (kitchen_id, seq),
    UNIQUE (kitchen_id, id)
  ) WITHOUT ROWID;
  `,
  // Transfers between kitchens (DESIGN 4.2), found without a scan of the logs: a kitchen's
  // sends, the sends addressed to it, the sends, receipts and refusals of one transfer,
  // and the undos and redos of an event. Queries repeat each index's WHERE word for word
  // (SQLite uses a partial index only when the query implies its condition).
  `
  CREATE INDEX events_sends ON events (kitchen_id) WHERE type = 'stock.sent';
  CREATE INDEX events_sent_to ON events (json_extract(body, '$.data.toKitchen'))
    WHERE type = 'stock.sent';
  CREATE INDEX events_sent_by_transfer ON events (json_extract(body, '$.data.transferId'))
    WHERE type = 'stock.sent';
  CREATE INDEX events_answers ON events (json_extract(body, '$.data.transferId'))
    WHERE type IN ('transfer.received', 'transfer.refused');
  CREATE INDEX events_undos ON events (kitchen_id, json_extract(body, '$.data.eventId'))
    WHERE type IN ('event.undone', 'event.redone');
  `,
  // The district office's view: when each tablet last synced, and a kitchen's events of a
  // day counted from its index, not a scan.
  `
  ALTER TABLE devices ADD COLUMN last_seen_at TEXT;
  CREATE INDEX events_hlc ON events (kitchen_id, hlc);
  `,
  // Device signatures (DESIGN 4.1): each tablet's public key, registered once, never changed.
  `
  ALTER TABLE devices ADD COLUMN public_key TEXT;
  `,
];

/** Opens the connection the way every writer must: WAL, fsync on every commit. */
export function configure(db: Database): void {
  db.pragma('journal_mode = WAL');
  // FULL: a commit is on disk (WAL fsynced) before it returns, so an acknowledged push
  // survives a power cut, not just a crash of the process.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
}

export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}
