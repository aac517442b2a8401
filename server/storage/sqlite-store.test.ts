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
});

describe('SQLite store', () => {
  it('runs in WAL mode with synchronous=FULL', async () => {
    const store = new SqliteStore(join(dir, 'pragmas.db'));
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    // 2 is FULL.
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    await store.close();
  });

  it('does not leave a batch transaction open when reading the head fails after BEGIN', async () => {
    const store = new SqliteStore(join(dir, 'head-fails.db'));
    const { generateEvents } = await import('../test-support/events');
    const events = generateEvents(4);
    // An I/O error right after BEGIN, which a real disk gives rarely: stand in for it once.
    const statements = (store as unknown as { stmt: { head: { get: (k: string) => unknown } } })
      .stmt;
    const head = statements.head;
    statements.head = {
      get: () => {
        throw new Error('disk I/O error');
      },
    };
    await expect(store.append('k', events.slice(0, 2))).rejects.toThrow('disk I/O error');
    statements.head = head;
    expect(store.db.inTransaction).toBe(false);
    await expect(store.append('k', events)).resolves.toMatchObject({ ok: true, head: 4 });
    await store.close();
  });
});
