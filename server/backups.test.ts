/** Scheduled backups with retention, and the check of a copy, on real SQLite files. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase, backupName, scheduledBackup, verifyBackup } from './backups';
import { logEpoch } from './epoch';
import { larder } from './test-support/cli';
import { SqliteStore } from './storage/sqlite-store';
import { generateEvents } from './test-support/events';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'larder-backups-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function liveStore(events = 20) {
  const store = new SqliteStore(join(dir, 'larder.db'));
  await store.createKitchen({ id: 'k', name: 'K', joinCodeHash: 'x', createdAt: 'now' });
  await store.createKitchen({ id: 'empty', name: 'E', joinCodeHash: 'x', createdAt: 'now' });
  await store.append('k', generateEvents(events));
  return store;
}

describe('backups', () => {
  it('copies the database online, while the store is open, into a store with the same log', async () => {
    const store = await liveStore();
    await backupDatabase(join(dir, 'larder.db'), join(dir, 'copy.db'));
    await store.append('k', generateEvents(25).slice(20));
    await store.close();
    const copy = new SqliteStore(join(dir, 'copy.db'));
    expect(await copy.head('k')).toBe(20);
    await copy.close();
    expect(verifyBackup(join(dir, 'copy.db'))).toEqual({
      ok: true,
      problems: [],
      kitchens: [
        { kitchenId: 'empty', events: 0, head: 0 },
        { kitchenId: 'k', events: 20, head: 20 },
      ],
    });
  });

  it('keeps the last copies of the schedule and removes older ones', async () => {
    const store = await liveStore();
    const backups = join(dir, 'backups');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(backups);
    // Someone's own file in the folder is left alone.
    writeFileSync(join(backups, 'keep-me.db'), '');
    const lines: string[] = [];
    for (let hour = 1; hour <= 4; hour++) {
      await scheduledBackup({
        dbFile: join(dir, 'larder.db'),
        dir: backups,
        everyMs: 3600_000,
        keep: 2,
        log: (line) => lines.push(line),
        now: () => new Date(Date.UTC(2027, 1, 1, hour, 0, 0)),
      });
    }
    await store.close();
    expect(readdirSync(backups).sort()).toEqual([
      'keep-me.db',
      'larder-20270201-030000.db',
      'larder-20270201-040000.db',
    ]);
    expect(lines.at(-1)).toMatch(
      /^backup: .*larder-20270201-040000\.db \(.* MiB, \d+ ms\); keeping the last 2$/,
    );
    expect(backupName(new Date(Date.UTC(2027, 11, 31, 23, 59, 58)))).toBe(
      'larder-20271231-235958.db',
    );
  });

  it('larder backup --verify says what a copy holds, and refuses a damaged one', async () => {
    const store = await liveStore(30);
    await store.close();
    const copy = join(dir, 'copy.db');
    expect((await larder(['--data-dir', dir, 'backup', copy])).code).toBe(0);
    const verified = await larder(['backup', '--verify', copy]);
    expect(verified.code).toBe(0);
    expect(verified.out).toContain('k\t30 events\n');
    expect(verified.out).toContain(`${copy}: intact, 2 kitchens`);

    // A copy cut short is not a database a district can restore from.
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(copy);
    const cut = join(dir, 'cut.db');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const damaged = await larder(['backup', '--verify', cut]);
    expect(damaged.code).toBe(1);
    expect(damaged.err).toContain(`${cut} is damaged`);
    const missing = await larder(['backup', '--verify', join(dir, 'none.db')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('No file');
  });

  it('larder restore puts a checked copy in place and moves the log epoch; a damaged one changes nothing', async () => {
    const store = await liveStore(30);
    const epoch = await logEpoch(store);
    const copy = join(dir, 'copy.db');
    expect((await larder(['--data-dir', dir, 'backup', copy])).code).toBe(0);
    await store.append('k', generateEvents(40).slice(30));
    await store.close();

    const { readFileSync } = await import('node:fs');
    const cut = join(dir, 'cut.db');
    writeFileSync(cut, readFileSync(copy).subarray(0, 4096));
    const damaged = await larder(['--data-dir', dir, 'restore', cut]);
    expect(damaged).toMatchObject({
      code: 1,
      err: expect.stringContaining('is damaged') as string,
    });
    const untouched = new SqliteStore(join(dir, 'larder.db'));
    expect(await untouched.head('k')).toBe(40);
    expect(await logEpoch(untouched)).toBe(epoch);
    await untouched.close();

    const restored = await larder(['--data-dir', dir, 'restore', copy]);
    expect(restored.code).toBe(0);
    expect(restored.out).toContain('2 kitchens, 30 events');
    const back = new SqliteStore(join(dir, 'larder.db'));
    expect(await back.head('k')).toBe(30);
    expect(await logEpoch(back)).not.toBe(epoch);
    await back.close();
  });
});
