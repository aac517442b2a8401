/**
 * `larder move-to-postgres`: a district's SQLite file into an empty PostgreSQL database,
 * whole: settings (the admin token's hash, the log epoch), kitchens and their join codes,
 * devices with their token hashes, and every log with its seqs. Tablets notice nothing: their
 * tokens, cursors and epoch hold on the new store. `grownSince` tells whether the SQLite logs
 * took events after the copy (a server left running): then the copy needs a new epoch.
 */
import type { StoredEvent } from '../../src/lib/domain/events';
import type { PostgresStore, StoreDump } from './postgres-store';
import type { SqliteStore } from './sqlite-store';
import type { Device } from './store';

const PAGE = 5000;

export interface Moved {
  kitchens: number;
  devices: number;
  events: number;
  /** Each moved log's head, to compare with the source's after the move. */
  heads: Map<string, number>;
}

/** The whole SQLite store, read in one snapshot (the server may be running). */
export async function moveToPostgres(
  source: SqliteStore,
  target: PostgresStore,
  progress: (kitchenId: string, events: number) => void,
): Promise<Moved> {
  const db = source.db;
  // A read transaction holds the snapshot across the awaits of the copy.
  db.exec('BEGIN');
  try {
    const kitchens = await source.listKitchens();
    const devices: Device[] = [];
    for (const kitchen of kitchens) devices.push(...(await source.listDevices(kitchen.id)));
    const settings = db.prepare('SELECT key, value FROM settings').raw().all() as [
      string,
      string,
    ][];
    const kitchenIds = (
      db.prepare('SELECT DISTINCT kitchen_id FROM events').pluck().all() as string[]
    ).sort();
    let events = 0;
    const heads = new Map<string, number>();
    const dump: StoreDump = {
      settings,
      kitchens,
      devices,
      kitchenIds,
      *log(kitchenId) {
        let after = 0;
        for (;;) {
          const page = source.readSync(kitchenId, after, PAGE);
          if (page.events.length > 0) yield page.events satisfies StoredEvent[];
          events += page.events.length;
          after = page.events.at(-1)?.seq ?? after;
          heads.set(kitchenId, after);
          if (!page.more) return;
        }
      },
    };
    await target.load(dump, progress);
    return { kitchens: kitchens.length, devices: devices.length, events, heads };
  } finally {
    db.exec('COMMIT');
  }
}

/** The kitchens whose SQLite log grew past what was moved, with how many events. */
export async function grownSince(source: SqliteStore, moved: Moved): Promise<Map<string, number>> {
  const grown = new Map<string, number>();
  const ids = new Set([...moved.heads.keys(), ...(await source.listKitchens()).map((k) => k.id)]);
  for (const kitchenId of ids) {
    const more = (await source.head(kitchenId)) - (moved.heads.get(kitchenId) ?? 0);
    if (more > 0) grown.set(kitchenId, more);
  }
  return grown;
}
