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
