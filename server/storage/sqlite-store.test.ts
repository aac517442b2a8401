import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storeConformance } from './conformance';
import { SqliteStore } from './sqlite-store';

const dir = mkdtempSync(join(tmpdir(), 'larder-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
let file = '';

storeConformance('SQLite', {
  open: () => {
    file = join(dir, `store-${n++}.db`);
    return new SqliteStore(file);
  },
  reopen: () => new SqliteStore(file),
  inParts: true,
});

describe('SQLite store', () => {
  it('runs in WAL mode with synchronous=FULL', async () => {
    const store = new SqliteStore(join(dir, 'pragmas.db'));
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    // 2 is FULL.
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    await store.close();
  });

  it('makes an online backup that opens as a store with the same log', async () => {
    const store = new SqliteStore(join(dir, 'live.db'));
    const { generateEvents } = await import('../test-support/events');
    await store.append('k', generateEvents(20));
    await store.backup(join(dir, 'copy.db'));
    await store.close();
    const copy = new SqliteStore(join(dir, 'copy.db'));
    expect(await copy.head('k')).toBe(20);
    await copy.close();
  });
});
