import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { Notifier } from './notifier';
import { PostgresFanOut } from './postgres-fan-out';
import { APPEND_CHANNEL } from './storage/postgres-schema';
import { PostgresStore } from './storage/postgres-store';
import { generateEvents } from './test-support/events';
import { freshDatabase } from './test-support/postgres';

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!check()) throw new Error(`waited 5 s for ${what}`);
};

describe('fan-out between processes through PostgreSQL', () => {
  const closing: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close();
  });

  /** A server process's store, notifier and fan-out, as `main.ts` wires them. */
  async function process(url: string, log: string[] = []) {
    const store = await PostgresStore.open(url);
    const notifier = new Notifier();
    const fanOut = await PostgresFanOut.start(url, notifier, (line) => log.push(line));
    closing.push(async () => {
      notifier.close();
      await fanOut.close();
      await store.close();
    });
    /** An append as the events route makes it. */
    const append = async (kitchenId: string, events = generateEvents(3)) => {
      const result = await store.append(kitchenId, events);
      if (result.ok) notifier.publish(kitchenId, result.accepted);
      return result;
    };
    return { notifier, store, append, log };
  }

  it('an append wakes the other process’s streams of that kitchen only, once committed, with its events', async () => {
    const url = await freshDatabase();
    const [a, b] = [await process(url), await process(url)];
    const woken = { a: 0, bOther: 0 };
    const heads: number[] = [];
    a.notifier.subscribe(
      'k',
      () => woken.a++,
      () => {},
    );
    b.notifier.subscribe(
      'k',
      () => void b.store.head('k').then((head) => heads.push(head)),
      () => {},
    );
    b.notifier.subscribe(
      'other',
      () => woken.bOther++,
      () => {},
    );
    expect(await a.append('k')).toMatchObject({ ok: true, head: 3 });
    await until(() => heads.length === 1, 'process b to be woken');
    await new Promise((r) => setTimeout(r, 200));
    expect(heads).toEqual([3]);
    expect(woken).toEqual({ a: 1, bOther: 0 });
    // The events came with the notice: b's streams send them without reading the log.
    expect(b.notifier.latest('k')?.map((e) => e.seq)).toEqual([1, 2, 3]);
    // A resend with new events among old ones (the transaction's path) tells b too.
    const more = generateEvents(5);
    expect(await a.append('k', more)).toMatchObject({ ok: true, head: 5, duplicates: 3 });
    await until(() => heads.length === 2, 'process b to hear of the resend');
    expect(b.notifier.latest('k')).toEqual([
      { ...more[3], seq: 4 },
      { ...more[4], seq: 5 },
    ]);
  });

  it('tells the other processes of a change of devices: their streams check their tokens', async () => {
    const url = await freshDatabase();
    const [a, b] = [await process(url), await process(url)];
    await a.append('k');
    await new Promise((r) => setTimeout(r, 200));
    // An append leaves the devices as they were; a revocation tells the other process too.
    expect(b.notifier.devicesVersion('k')).toBe(0);
    a.notifier.publishDevices('k');
    await until(() => b.notifier.devicesVersion('k') === 1, 'the revocation to reach b');
    expect(b.notifier.devicesVersion('other')).toBe(0);
    expect(a.notifier.devicesVersion('k')).toBe(1);
  });

  it('tells of appends after their commit, from its own connection, not from inside each append', async () => {
    const url = await freshDatabase();
    const a = await process(url);
    const heard: { pid: number; kitchen: string }[] = [];
    const observer = new pg.Client({ connectionString: url });
    await observer.connect();
    closing.push(() => observer.end());
    observer.on('notification', ({ processId, payload }) =>
      heard.push({ pid: processId, kitchen: (payload ?? '').split(' ')[1] ?? '' }),
    );
    await observer.query(`LISTEN ${APPEND_CHANNEL}`);
    const kitchens = Array.from({ length: 30 }, (_, i) => `k${i}`);
    // At once, over the store's pool of connections.
    await Promise.all(kitchens.map((k) => a.append(k)));
    await until(() => heard.length === kitchens.length, 'a notice of every append');
    expect(new Set(heard.map((h) => h.kitchen))).toEqual(new Set(kitchens));
    // One sender: a notifying transaction commits under PostgreSQL's cluster-wide lock, so
    // the appends (on the pool's many connections) must not notify themselves.
    expect(new Set(heard.map((h) => h.pid)).size).toBe(1);
  });

  it('sends the notices of appends made before it closes, then closes', async () => {
    const url = await freshDatabase();
    const heard: string[] = [];
    const observer = new pg.Client({ connectionString: url });
    await observer.connect();
    closing.push(() => observer.end());
    observer.on('notification', ({ payload }) => heard.push((payload ?? '').split(' ')[1] ?? ''));
    await observer.query(`LISTEN ${APPEND_CHANNEL}`);
    const store = await PostgresStore.open(url);
    closing.push(() => store.close());
    const log: string[] = [];
    const notifier = new Notifier();
    const fanOut = await PostgresFanOut.start(url, notifier, (line) => log.push(line));
    const kitchens = Array.from({ length: 20 }, (_, i) => `k${i}`);
    // Committed, their notices queued behind the one under way: as at a shutdown after the
    // last requests were answered.
    await Promise.all(
      kitchens.map(async (k) => {
        const result = await store.append(k, generateEvents(2));
        if (result.ok) notifier.publish(k, result.accepted);
      }),
    );
    await fanOut.close();
    await until(() => heard.length === kitchens.length, 'every notice');
    expect(log).toEqual([]);
  });

  it('listens again after its connection drops, and wakes every stream for what it missed', async () => {
    const url = await freshDatabase();
    const log: string[] = [];
    const [a, b] = [await process(url), await process(url, log)];
    let woken = 0;
    b.notifier.subscribe(
      'k',
      () => woken++,
      () => {},
    );
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    closing.push(() => admin.end());
    // Every LISTEN connection is cut, as by a restart of PostgreSQL.
    await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
       WHERE datname = current_database() AND query LIKE 'LISTEN%'`,
    );
    await until(() => log.includes('hearing other processes again'), 'b to listen again');
    expect(woken).toBe(1); // wakeAll: the stream re-reads what it may have missed
    expect(b.notifier.devicesVersion('k')).toBe(1); // and checks its token
    await a.append('k');
    await until(() => woken >= 2, 'a notice after the reconnection');
    expect(log[0]).toMatch(/lost the PostgreSQL connection/);
  });
});
