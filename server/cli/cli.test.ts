import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../auth';
import { databaseFile } from '../config';
import { SqliteStore } from '../storage/sqlite-store';
import { generateEvents } from '../test-support/events';
import { larder as run } from '../test-support/cli';
import { freshDatabase } from '../test-support/postgres';
import { PostgresStore } from '../storage/postgres-store';
import { logEpoch } from '../epoch';
import { Readable } from 'node:stream';
import { runCli } from './run';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'larder-cli-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const larder = (args: string[], stdin = '') => run(['--data-dir', dir, ...args], stdin);

const withStore = async <T>(fn: (store: SqliteStore) => Promise<T>): Promise<T> => {
  const store = new SqliteStore(databaseFile(dir));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
};

describe('larder CLI', () => {
  it('creates, lists kitchens and rotates join codes', async () => {
    const created = await larder(['kitchen', 'create', 'Lincoln', 'Elementary']);
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/Created kitchen lincoln-elementary/);
    const code = /Join code: (\S+)/.exec(created.out)?.[1];
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect((await larder(['kitchen', 'create', 'X', '--id', 'lincoln-elementary'])).code).toBe(1);
    const list = await larder(['kitchen', 'list']);
    expect(list.out).toMatch(/lincoln-elementary\s+Lincoln Elementary\s+0\s+0/);
    const rotated = await larder(['kitchen', 'rotate-code', 'lincoln-elementary']);
    expect(rotated.code).toBe(0);
    const fresh = /: (\S+)/.exec(rotated.out)?.[1];
    expect(fresh).not.toBe(code);
    expect((await larder(['kitchen', 'rotate-code', 'nope'])).code).toBe(1);
  });

  it('lists and revokes devices', async () => {
    await larder(['kitchen', 'create', 'K']);
    await withStore((store) =>
      store.putDevice({
        kitchenId: 'k',
        deviceId: 'd-1',
        name: 'Wall',
        tokenHash: sha256('t'),
        pairedAt: 'then',
      }),
    );
    expect((await larder(['device', 'list', 'k'])).out).toMatch(/d-1\s+Wall\s+then/);
    expect((await larder(['device', 'revoke', 'k', 'd-1'])).code).toBe(0);
    expect(
      (await withStore((s) => s.findDeviceByTokenHash(sha256('t'))))?.revokedAt,
    ).not.toBeNull();
    const missing = await larder(['device', 'revoke', 'k', 'd-2']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('No device d-2');
  });

  it('exports a log as NDJSON and imports it idempotently into another kitchen', async () => {
    await larder(['kitchen', 'create', 'From']);
    await larder(['kitchen', 'create', 'To']);
    const events = generateEvents(2500);
    await withStore((store) => store.append('from', events));
    const exported = await larder(['export', 'from']);
    expect(exported.code).toBe(0);
    const lines = exported.out.trimEnd().split('\n');
    expect(lines).toHaveLength(2500);
    expect(JSON.parse(lines[0]!)).toEqual(events[0]);
    const file = join(dir, 'from.ndjson');
    expect((await larder(['export', 'from', '--out', file])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(exported.out);

    const first = await larder(['import', 'to', file]);
    expect(first.out).toContain('2500 new events, 0 already there');
    const again = await larder(['import', 'to'], exported.out);
    expect(again.out).toContain('0 new events, 2500 already there');
    expect(await withStore((s) => s.head('to'))).toBe(2500);
  });

  it('imports nothing when a line is invalid, and says which', async () => {
    await larder(['kitchen', 'create', 'To']);
    const good = generateEvents(3).map((e) => JSON.stringify(e));
    const bad = JSON.stringify({ ...generateEvents(4)[3]!, type: 'stock.stolen' });
    const file = join(dir, 'bad.ndjson');
    writeFileSync(file, [good[0], good[1], bad, 'not json', good[2]].join('\n'));
    const result = await larder(['import', 'to', file]);
    expect(result.code).toBe(1);
    expect(result.err).toContain('line 3: type unknown event type');
    expect(result.err).toContain('line 4: not JSON');
    expect(await withStore((s) => s.head('to'))).toBe(0);
  });

  it('rebuilds read models and backs up the database', async () => {
    await larder(['kitchen', 'create', 'K']);
    await withStore((store) => store.append('k', generateEvents(200)));
    const rebuilt = await larder(['rebuild']);
    expect(rebuilt.code).toBe(0);
    const rows = await withStore((s) =>
      Promise.resolve(
        (s.db.prepare('SELECT count(*) AS n FROM read_stock').get() as { n: number }).n,
      ),
    );
    expect(rows).toBeGreaterThan(0);
    expect((await larder(['rebuild', 'nope'])).code).toBe(1);
    const target = join(dir, 'backup.db');
    expect((await larder(['backup', target])).code).toBe(0);
    expect((await larder(['backup', target])).code).toBe(1);
    const copy = new SqliteStore(target);
    expect(await copy.head('k')).toBe(200);
    await copy.close();
  });

  it('explains wrong usage with exit code 2', async () => {
    expect((await larder(['frob'])).code).toBe(2);
    await larder(['kitchen', 'list']);
    for (const args of [
      ['frob'],
      ['kitchen'],
      ['kitchen', 'create'],
      ['device', 'list'],
      ['export'],
    ]) {
      const result = await larder(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err).toContain('Usage: larder');
    }
    expect((await larder([])).code).toBe(2);
    expect((await larder(['--help'])).code).toBe(0);
    expect((await larder(['-h'])).code).toBe(0);
    const unknown = await larder(['kitchen', 'list', '--colour', 'red']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("Unknown option '--colour'");
    const missing = await larder(['export', 'k', '--out']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--out');
    const equals = await larder(['kitchen', 'create', 'Oak School', '--id=oak']);
    expect(equals.code).toBe(0);
    expect(equals.out).toContain('oak');
  });

  it('fails clearly when there is no database yet', async () => {
    const result = await larder(['export', 'k']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('No database');
  });
});

describe('larder CLI on PostgreSQL (LARDER_DATABASE_URL)', () => {
  it('manages kitchens and devices, exports, imports and reports there, not in the data folder', async () => {
    const env = { LARDER_DATABASE_URL: await freshDatabase() };
    const pg = (args: string[], stdin = '') => run(['--data-dir', dir, ...args], stdin, env);
    expect((await pg(['kitchen', 'create', 'Lincoln'])).out).toMatch(/Created kitchen lincoln/);
    await pg(['kitchen', 'create', 'Washington']);
    const events = generateEvents(1200);
    const store = await PostgresStore.open(env.LARDER_DATABASE_URL);
    try {
      await store.append('lincoln', events);
      await store.putDevice({
        kitchenId: 'lincoln',
        deviceId: 'd-1',
        name: 'Wall',
        tokenHash: sha256('t'),
        pairedAt: 'then',
      });
      expect((await pg(['kitchen', 'list'])).out).toMatch(/lincoln\s+Lincoln\s+1200\s+1/);
      expect((await pg(['device', 'list', 'lincoln'])).out).toMatch(/d-1\s+Wall\s+then/);
      const exported = await pg(['export', 'lincoln']);
      expect(exported.out.trimEnd().split('\n')).toHaveLength(1200);
      expect((await pg(['import', 'washington'], exported.out)).out).toContain(
        '1200 new events, 0 already there',
      );
      expect(await store.head('washington')).toBe(1200);
      const report = await pg(['report', 'lincoln', 'stock']);
      expect(report.code).toBe(0);
      expect(report.out.split('\r\n').length).toBeGreaterThan(2);
      const rebuilt = await pg(['rebuild']);
      expect(rebuilt.out).toMatch(/Rebuilt the read models of every kitchen/);
      const stockRows = await store.pool.query('SELECT count(*)::int AS n FROM read_stock');
      expect(stockRows.rows[0]).toMatchObject({ n: expect.any(Number) as number });
      expect((stockRows.rows[0] as { n: number }).n).toBeGreaterThan(10);
      const before = await logEpoch(store);
      const moved = await pg(['new-epoch']);
      expect(moved.code).toBe(0);
      expect(moved.out).toContain(await logEpoch(store));
      expect(await logEpoch(store)).not.toBe(before);
    } finally {
      await store.close();
    }
    // Nothing went to the SQLite file of the data folder.
    expect((await larder(['kitchen', 'list'])).out).not.toContain('lincoln');
  });

  it('refuses the SQLite file’s commands with what to do instead', async () => {
    const env = { LARDER_DATABASE_URL: await freshDatabase() };
    const backup = await run(['backup', join(dir, 'copy.db')], '', env);
    expect(backup.code).toBe(1);
    expect(backup.err).toContain('pg_dump');
    const restore = await run(['restore', join(dir, 'copy.db')], '', env);
    expect(restore.err).toContain('larder new-epoch');
    const unreachable = await run(['kitchen', 'list'], '', {
      LARDER_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    });
    expect(unreachable.code).toBe(1);
    expect(unreachable.err).toContain('Cannot open the PostgreSQL database');
  });
});

describe('larder move-to-postgres', () => {
  it('moves kitchens, devices, settings and logs with their seqs; refuses a database in use', async () => {
    await larder(['kitchen', 'create', 'Lincoln']);
    await larder(['kitchen', 'create', 'Washington']);
    const device = (deviceId: string) => ({
      kitchenId: 'lincoln',
      deviceId,
      name: `Tablet ${deviceId}`,
      tokenHash: sha256(deviceId),
      pairedAt: '2026-12-01T08:00:00.000Z',
    });
    const epoch = await withStore(async (store) => {
      await store.append('lincoln', generateEvents(6000));
      await store.append('washington', generateEvents(30, { salt: 2 }));
      await store.putDevice(device('d-1'));
      await store.putDevice(device('d-2'));
      await store.revokeDevice('lincoln', 'd-2', '2026-12-02T08:00:00.000Z');
      await store.setSetting('admin_token_sha256', sha256('admin'));
      return logEpoch(store);
    });
    const url = await freshDatabase();
    const moved = await larder(['move-to-postgres', url]);
    expect(moved.code).toBe(0);
    expect(moved.out).toContain('2 kitchens, 2 devices, 6030 events');
    expect(moved.err).toContain('lincoln: 6000 events');

    const target = await PostgresStore.open(url);
    try {
      await withStore(async (source) => {
        expect(await target.listKitchens()).toEqual(await source.listKitchens());
        expect(await target.listDevices('lincoln')).toEqual(await source.listDevices('lincoln'));
        for (const kitchen of ['lincoln', 'washington']) {
          expect(await target.read(kitchen, 0, 10_000)).toEqual(
            source.readSync(kitchen, 0, 10_000),
          );
        }
      });
      expect(await target.getSetting('admin_token_sha256')).toBe(sha256('admin'));
      expect(await logEpoch(target)).toBe(epoch);
      // A tablet sending moved events again: the same events, stored once.
      expect(await target.append('lincoln', generateEvents(5))).toMatchObject({ duplicates: 5 });
      // The next push continues the log where it was.
      const next = await target.append('washington', generateEvents(31, { salt: 2 }).slice(30));
      expect(next).toMatchObject({ ok: true, head: 31 });

      const again = await larder(['move-to-postgres', url]);
      expect(again.code).toBe(1);
      expect(again.err).toContain('Nothing was moved: The PostgreSQL database holds kitchens');
      expect(await target.head('lincoln')).toBe(6000);
    } finally {
      await target.close();
    }
    expect((await larder(['move-to-postgres', 'mysql://x'])).code).toBe(2);
  });

  it('gives the copy a new epoch when the SQLite logs grew during the move', async () => {
    await larder(['kitchen', 'create', 'Lincoln']);
    const events = generateEvents(12_000);
    await withStore((store) => store.append('lincoln', events.slice(0, 11_000)));
    const epoch = await withStore((store) => logEpoch(store));
    const writer = new SqliteStore(databaseFile(dir)); // the server, still running
    const url = await freshDatabase();
    let err = '';
    let pushed: Promise<unknown> | undefined;
    const code = await runCli(
      ['--data-dir', dir, 'move-to-postgres', url],
      {},
      {
        out: () => {},
        // The first page is copied: a tablet's push lands in the SQLite file meanwhile.
        err: (text) => {
          err += text;
          pushed ??= writer.append('lincoln', events.slice(11_000));
        },
        stdin: Readable.from(['']),
      },
    );
    await pushed;
    await writer.close();
    expect(code).toBe(0);
    expect(err).toContain('took events during the move (lincoln +1000)');
    const target = await PostgresStore.open(url);
    try {
      expect(await target.head('lincoln')).toBe(11_000); // the copy is one snapshot
      expect(await logEpoch(target)).not.toBe(epoch); // so the tablets give back the rest
    } finally {
      await target.close();
    }
  });
});
