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

  it('commits concurrent appends together, each batch atomic on its own', async () => {
    const store = new SqliteStore(join(dir, 'group.db'));
    const { generateEvents } = await import('../test-support/events');
    const events = generateEvents(30);
    await store.append('k', events.slice(0, 5));
    // Made in one turn of the event loop: one group commit.
    const results = await Promise.all([
      store.append('k', events.slice(10, 20)),
      store.append('k', [events[20]!, { ...events[0]!, actor: 'someone else' }]),
      store.append('other', events.slice(0, 3)),
      store.append('k', [...events.slice(0, 5), ...events.slice(20, 25)]),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true, true]);
    expect(results[1]).toEqual({ ok: false, conflicts: [{ index: 1, id: events[0]!.id }] });
    expect(results[0]).toMatchObject({
      accepted: events.slice(10, 20).map((e, i) => ({ ...e, seq: 6 + i })),
      head: 15,
    });
    expect(results[2]).toMatchObject({ duplicates: 0, head: 3 });
    expect(results[3]).toMatchObject({ duplicates: 5, head: 20 });
    // Nothing of the conflicting batch, seqs without gaps, in the order of the calls.
    const { events: stored } = await store.read('k', 0, 100);
    expect(stored.map((e) => e.seq)).toEqual([...Array(20).keys()].map((i) => i + 1));
    expect(stored.map((e) => e.id)).toEqual(
      [...events.slice(0, 5), ...events.slice(10, 25)].map((e) => e.id),
    );
    await store.close();
    // Durable: a fresh connection sees the same log.
    const again = new SqliteStore(join(dir, 'group.db'));
    expect(await again.head('k')).toBe(20);
    expect(await again.head('other')).toBe(3);
    await again.close();
  });
});
