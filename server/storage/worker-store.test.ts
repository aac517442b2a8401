import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../src/lib/domain/events';
import { sha256 } from '../auth';
import { createApp } from '../app';
import { generateEvents } from '../test-support/events';
import { json } from '../test-support/harness';
import { storeConformance } from './conformance';
import { SqliteStore } from './sqlite-store';
import { StorageUnavailableError } from './store';
import { WorkerSqliteStore } from './worker-store';
import { PROJECTOR_NICE } from './writer-protocol';

const dir = mkdtempSync(join(tmpdir(), 'larder-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
let file = '';
const fresh = () => join(dir, `store-${n++}.db`);

storeConformance('SQLite with writer threads', {
  open: () => new WorkerSqliteStore((file = fresh())),
  reopen: () => new WorkerSqliteStore(file),
});

/** The ids stored in a kitchen and its seqs, read through a plain connection. */
async function stored(path: string, kitchenId: string) {
  const store = new SqliteStore(path);
  const { events } = await store.read(kitchenId, 0, 100_000);
  await store.close();
  return { ids: new Set(events.map((e) => e.id)), seqs: events.map((e) => e.seq) };
}

const gapFree = (seqs: number[]) => seqs.every((seq, i) => seq === i + 1);

describe('SQLite store with writer threads', () => {
  it('has both threads running once ready, before any request', async () => {
    const store = new WorkerSqliteStore(fresh());
    expect(store.writerThread).toBeUndefined();
    await store.ready();
    expect(store.writerThread).toBeDefined();
    await store.close();
  });

  /** How many threads of this process run at the projector's nice value (Linux). */
  const nicedThreads = () =>
    readdirSync('/proc/self/task').filter((tid) => {
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        // Fields after the command's closing parenthesis; nice is field 19 of the line.
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]) === PROJECTOR_NICE;
      } catch {
        return false; // The thread ended meanwhile.
      }
    }).length;

  it.runIf(existsSync('/proc/thread-self'))(
    'runs the projector thread, and only it, at a lower CPU priority',
    async () => {
      const before = nicedThreads();
      const store = new WorkerSqliteStore(fresh());
      await store.ready();
      expect(nicedThreads()).toBe(before + 1);
      await store.close();
      expect(nicedThreads()).toBe(before);
    },
  );

  it('keeps every acknowledged batch when the writer thread dies, and starts a new one', async () => {
    const path = fresh();
    const store = new WorkerSqliteStore(path);
    const events = generateEvents(4000);
    const batches = Array.from({ length: 40 }, (_, i) => events.slice(i * 100, i * 100 + 100));
    const acknowledged: string[] = [];
    const failures: unknown[] = [];
    await store.append('k', batches[0]!);
    let answered = 0;
    await Promise.all(
      batches.slice(1).map(async (batch) => {
        try {
          await store.append('k', batch);
          acknowledged.push(...batch.map((e) => e.id));
          // End the thread with batches still queued in it.
          if (++answered === 5) void store.writerThread?.terminate();
        } catch (error) {
          failures.push(error);
        }
      }),
    );
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((e) => e instanceof StorageUnavailableError)).toBe(true);
    expect(failures[0]).toMatchObject({ reason: 'stopped' });
    // A new writer takes the next batch; resending a batch that failed is idempotent.
    const again = await store.append('k', batches[39]!);
    expect(again.ok).toBe(true);
    await store.close();

    const { ids, seqs } = await stored(path, 'k');
    expect(acknowledged.filter((id) => !ids.has(id))).toEqual([]);
    expect(batches[39]!.every((e) => ids.has(e.id))).toBe(true);
    expect(gapFree(seqs)).toBe(true);
  });

  it('answers 503 with the error shape when the writer dies under a push', async () => {
    const path = fresh();
    const store = new WorkerSqliteStore(path);
    const app = createApp({ store, auth: { adminTokenHash: sha256('admin') } });
    const admin = { headers: { Authorization: 'Bearer admin' } };
    const kitchen = (await (
      await app.request('/api/v1/kitchens', json({ name: 'Crash School' }, admin))
    ).json()) as { kitchenId: string; joinCode: string };
    const device = generateEvents(1)[0]!.device;
    const paired = await app.request(
      `/api/v1/kitchens/${kitchen.kitchenId}/devices`,
      json({ joinCode: kitchen.joinCode, name: 'Tablet', deviceId: device }),
    );
    const { token } = (await paired.json()) as { token: string };
    const events = generateEvents(500);
    // The writer dies the moment the batch is handed to it, long before 500 inserts commit.
    const append = store.append.bind(store);
    store.append = (kitchenId, batch) => {
      const answer = append(kitchenId, batch);
      void store.writerThread?.terminate();
      return answer;
    };
    const res = await app.request(
      `/api/v1/kitchens/${kitchen.kitchenId}/events`,
      json({ events }, { headers: { Authorization: `Bearer ${token}` } }),
    );
    store.append = append;
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: {
        code: 'storage_unavailable',
        message: expect.stringContaining('push it again') as string,
      },
    });
    expect(text).not.toContain('    at ');
    // Nothing of it is half stored: all or nothing, and a resend completes it.
    expect([0, 500]).toContain(await store.head(kitchen.kitchenId));
    const resent = await app.request(
      `/api/v1/kitchens/${kitchen.kitchenId}/events`,
      json({ events }, { headers: { Authorization: `Bearer ${token}` } }),
    );
    expect(resent.status).toBe(200);
    expect(await store.head(kitchen.kitchenId)).toBe(500);
    await store.close();
  });

  /**
   * 100 events stored, then `fail` appends events 100..299 in some way while the 150th
   * event of the log cannot be written (the batch fails after 49 inserts); checks that
   * nothing of it was stored and that the same events go in once the write works.
   */
  async function failingWrite(
    fail: (store: WorkerSqliteStore, events: EventEnvelope[]) => Promise<void>,
  ) {
    const path = fresh();
    const store = new WorkerSqliteStore(path);
    const events = generateEvents(300);
    await store.append('k', events.slice(0, 100));
    store.db.exec(`CREATE TRIGGER fail BEFORE INSERT ON events WHEN NEW.id = '${events[149]!.id}'
      BEGIN SELECT RAISE(ABORT, 'write failed'); END`);
    await fail(store, events);
    expect(await store.head('k')).toBe(100);
    store.db.exec('DROP TRIGGER fail');
    expect(await store.append('k', events.slice(100, 300))).toMatchObject({ ok: true, head: 300 });
    await store.close();
    expect(gapFree((await stored(path, 'k')).seqs)).toBe(true);
  }

  it('fails a batch whose write fails half way and stores none of it', async () => {
    await failingWrite(async (store, events) => {
      await expect(store.append('k', events.slice(100, 200))).rejects.toThrow('write failed');
    });
  });

  it('answers a full disk with StorageUnavailableError and stores nothing of the batch', async () => {
    const path = fresh();
    const store = new WorkerSqliteStore(path, { maxPageCount: 60 });
    const events = generateEvents(2000);
    let head = 0;
    let error: unknown;
    for (let i = 0; i < events.length && !error; i += 100) {
      try {
        head = ((await store.append('k', events.slice(i, i + 100))) as { head: number }).head;
      } catch (e) {
        error = e;
      }
    }
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect(error).toMatchObject({ reason: 'full' });
    expect(head % 100).toBe(0);
    expect(await store.head('k')).toBe(head);
    await store.close();
  });

  it('answers a batch still in the writer before closing, and keeps it', async () => {
    const path = fresh();
    const store = new WorkerSqliteStore(path);
    const events = generateEvents(1000);
    const pushed = store.append('k', events);
    const closed = store.close();
    expect(await pushed).toMatchObject({ ok: true, head: 1000 });
    await closed;
    await expect(store.append('k', events)).rejects.toThrow('closed');
    expect((await stored(path, 'k')).ids.size).toBe(1000);
  });

  it('keeps the read models in the projector thread, up to date when stock is read', async () => {
    const path = fresh();
    const store = new WorkerSqliteStore(path);
    const events = generateEvents(3000);
    for (let i = 0; i < events.length; i += 500) {
      await store.append('k', events.slice(i, i + 500));
      store.readModels.notify('k');
    }
    const stock = await store.readModels.stock('k');
    const reference = new SqliteStore(fresh());
    const { SqliteReadModels } = await import('../read-models/sqlite-read-models');
    const models = new SqliteReadModels(reference);
    await reference.append('k', events);
    expect(stock).toEqual(await models.stock('k'));
    expect(stock.length).toBeGreaterThan(0);
    await models.close();
    await reference.close();
    await store.close();
  });

  it('closes without waiting out a long catch-up of the projector; the next start catches up', async () => {
    const path = fresh();
    const store = new WorkerSqliteStore(path, { projectorGraceMs: 0 });
    const events = generateEvents(20_000);
    for (let i = 0; i < events.length; i += 1000)
      await store.append('k', events.slice(i, i + 1000));
    const stock = store.readModels.stock('k').then(
      (rows) => rows.length,
      (error: unknown) => error,
    );
    await store.close();
    const answered = await stock;
    if (typeof answered !== 'number') expect(answered).toBeInstanceOf(StorageUnavailableError);
    const again = new WorkerSqliteStore(path);
    expect(await again.head('k')).toBe(20_000);
    expect((await again.readModels.stock('k')).length).toBeGreaterThan(0);
    await again.close();
  });
});
