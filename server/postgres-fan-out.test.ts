import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { Notifier } from './notifier';
import { PostgresFanOut } from './postgres-fan-out';
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

  async function process(url: string, log: string[] = []) {
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    const notifier = new Notifier();
    const fanOut = await PostgresFanOut.start(url, pool, notifier, (line) => log.push(line));
    closing.push(async () => {
      notifier.close();
      await fanOut.close();
      await pool.end();
    });
    return { notifier, log };
  }

  it('wakes the other process’s streams of that kitchen only, and its own once', async () => {
    const url = await freshDatabase();
    const [a, b] = [await process(url), await process(url)];
    const woken = { a: 0, b: 0, bOther: 0 };
    a.notifier.subscribe(
      'k',
      () => woken.a++,
      () => {},
    );
    b.notifier.subscribe(
      'k',
      () => woken.b++,
      () => {},
    );
    b.notifier.subscribe(
      'other',
      () => woken.bOther++,
      () => {},
    );
    a.notifier.publish('k');
    await until(() => woken.b === 1, 'process b to be woken');
    a.notifier.publish('k');
    await until(() => woken.b === 2, 'process b to be woken again');
    expect(woken).toEqual({ a: 2, b: 2, bOther: 0 });
    // An append leaves the devices as they were; a revocation tells the other process too.
    expect(b.notifier.devicesVersion('k')).toBe(0);
    a.notifier.publishDevices('k');
    await until(() => woken.b === 3, 'process b to hear of the revocation');
    expect(b.notifier.devicesVersion('k')).toBe(1);
    expect(b.notifier.devicesVersion('other')).toBe(0);
  });

  it('with the store, an append tells the other processes itself, once committed', async () => {
    const url = await freshDatabase();
    const store = await PostgresStore.open(url);
    const notifier = new Notifier();
    const fanOut = await PostgresFanOut.start(url, store.pool, notifier, () => {}, store);
    closing.push(async () => {
      notifier.close();
      await fanOut.close();
      await store.close();
    });
    const b = await process(url);
    const reader = await PostgresStore.open(url);
    closing.push(() => reader.close());
    const heads: number[] = [];
    b.notifier.subscribe(
      'k',
      () => void reader.head('k').then((head) => heads.push(head)),
      () => {},
    );
    const appended = await store.append('k', generateEvents(3));
    expect(appended).toMatchObject({ ok: true, head: 3 });
    // As the events route does after an append: no second notice.
    notifier.publish('k');
    await until(() => heads.length === 1, 'process b to be woken');
    await new Promise((r) => setTimeout(r, 200));
    expect(heads).toEqual([3]);
    // The events came with the notice: b's streams send them without reading the log.
    expect(b.notifier.latest('k')?.map((e) => e.seq)).toEqual([1, 2, 3]);
    // A resend with new events among old ones (the transaction's path) tells b too.
    const more = generateEvents(5);
    expect(await store.append('k', more)).toMatchObject({ ok: true, head: 5, duplicates: 3 });
    await until(() => heads.length === 2, 'process b to hear of the resend');
    expect(b.notifier.latest('k')).toEqual([
      { ...more[3], seq: 4 },
      { ...more[4], seq: 5 },
    ]);
    // Changes of devices are still relayed.
    notifier.publishDevices('k');
    await until(() => b.notifier.devicesVersion('k') === 1, 'the revocation to reach b');
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
    await until(() => {
      a.notifier.publish('k'); // a's own listener may still be reconnecting: tell it again
      return woken >= 2;
    }, 'a notice after the reconnection');
    expect(log[0]).toMatch(/lost the PostgreSQL connection/);
  });
});
