import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { generateEvents } from '../test-support/events';
import { freshDatabase } from '../test-support/postgres';
import { storeConformance } from './conformance';
import { SCHEMA_VERSION } from './postgres-schema';
import { PostgresStore } from './postgres-store';

let url = '';

storeConformance('PostgreSQL', {
  open: async () => {
    url = await freshDatabase();
    return PostgresStore.open(url);
  },
  reopen: () => PostgresStore.open(url),
});

describe('PostgreSQL store', () => {
  const open: PostgresStore[] = [];
  const store = async (at: string, max?: number) => {
    const opened = await PostgresStore.open(at, max === undefined ? {} : { max });
    open.push(opened);
    return opened;
  };
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  it('migrates an empty database once, however many processes start on it at once', async () => {
    const at = await freshDatabase();
    await Promise.all([store(at), store(at), store(at)]);
    const client = new pg.Client({ connectionString: at });
    await client.connect();
    const { rows } = await client.query<{ version: number }>('SELECT version FROM larder_schema');
    await client.end();
    expect(rows).toEqual([{ version: SCHEMA_VERSION }]);
    await store(at); // and again on a migrated one: nothing to do
  });

  it('never lets a reader skip an event: 8 writers on one kitchen, a reader paging', async () => {
    // Two stores on one database stand for two server processes; each has its own pool.
    const at = await freshDatabase();
    const [one, two] = [await store(at, 8), await store(at, 8)];
    const events = generateEvents(800);
    const batches = Array.from({ length: 80 }, (_, i) => events.slice(i * 10, i * 10 + 10));
    let writing = true;
    const writers = Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let b = w; b < batches.length; b += 8) {
          await (b % 2 ? one : two).append('k', batches[b]!);
        }
      }),
    ).finally(() => {
      writing = false;
    });
    const seen: number[] = [];
    let after = 0;
    // A tablet pulling while the pushes land: pages of 7, from wherever it got to.
    while (writing || after < 800) {
      const page = await one.read('k', after, 7);
      for (const event of page.events) seen.push(event.seq);
      after = page.events.at(-1)?.seq ?? after;
    }
    await writers;
    expect(seen).toEqual(Array.from({ length: 800 }, (_, i) => i + 1));
    expect(await two.head('k')).toBe(800);
  });

  it('says the database cannot be reached, as the SQLite store says its writer stopped', async () => {
    const at = await freshDatabase();
    const opened = await store(at);
    const client = new pg.Client({ connectionString: at });
    await client.connect();
    // Every connection of the pool is cut, as by a restart of PostgreSQL.
    await client.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    await client.end();
    const first = await opened.append('k', generateEvents(1)).catch((error: unknown) => error);
    // Either the pool noticed the cut and reconnected (stored), or the batch failed as
    // unavailable (a tablet pushes it again): never a half-stored batch.
    if (first instanceof Error) expect(first.name).toBe('StorageUnavailableError');
    else expect(first).toMatchObject({ ok: true, head: 1 });
    const stored = first instanceof Error ? 0 : 1;
    const next = await opened.append('k', generateEvents(2).slice(1));
    expect(next).toMatchObject({ ok: true, head: stored + 1 });
  });
});
