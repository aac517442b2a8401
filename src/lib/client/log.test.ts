import 'fake-indexeddb/auto';
import type { DBCore } from 'dexie';
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { decide } from '$lib/domain/decide';
import { initialState } from '$lib/domain/fold';
import { LarderDb } from './db';
import { StorageFullError } from './errors';
import { appendLocal, ensureIdentity, pendingCount, readLog } from './log';

const dbs: LarderDb[] = [];

async function tablet(): Promise<LarderDb> {
  const db = new LarderDb(`larder-log-${uuidv4()}`);
  dbs.push(db);
  await ensureIdentity(db, () => uuidv4(), { name: 'Tablet', actor: 'MG' });
  return db;
}

afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
});

const addFreezer = (db: LarderDb) =>
  appendLocal(db, (ctx) =>
    decide({ type: 'addLocation', name: 'Freezer', kind: 'freezer' }, initialState(), {
      ...ctx,
      newId: () => uuidv7(),
    }),
  );

/** Makes every write to `table` fail as a full disk does. */
function fillDisk(db: LarderDb, table: string): void {
  db.use({
    stack: 'dbcore',
    name: 'full-disk',
    create: (down: DBCore): DBCore => ({
      ...down,
      table: (name) => {
        const t = down.table(name);
        return name !== table
          ? t
          : {
              ...t,
              mutate: () => Promise.reject(new DOMException('disk full', 'QuotaExceededError')),
            };
      },
    }),
  });
}

describe('recording', () => {
  it('stores the events, the advanced clock and the outbox entries together', async () => {
    const db = await tablet();
    const [entry] = await addFreezer(db);
    expect(await pendingCount(db)).toBe(1);
    expect((await db.meta.get('clock'))?.value).toBe(entry!.event.hlc);
    expect((await readLog(db)).events).toEqual([entry!.event]);
  });

  it('gives each recording a later stamp than the last', async () => {
    const db = await tablet();
    const [a] = await addFreezer(db);
    const [b] = await addFreezer(db);
    expect(b!.event.hlc > a!.event.hlc).toBe(true);
  });

  it('stamps after what another tab recorded in between, and numbers every entry once', async () => {
    const tabA = await tablet();
    const tabB = new LarderDb(tabA.name);
    dbs.push(tabB);
    const [first] = await addFreezer(tabA);
    // Tab B moves the clock far ahead; tab A's next entry must sort after B's all the same.
    const [fromB] = await appendLocal(
      tabB,
      (ctx) =>
        decide({ type: 'addLocation', name: 'Cooler', kind: 'cooler' }, initialState(), {
          ...ctx,
          newId: () => uuidv7(),
        }),
      () => Date.now() + 60_000,
    );
    const [next] = await addFreezer(tabA);
    expect(next!.event.hlc > fromB!.event.hlc).toBe(true);
    expect([first!.lseq, fromB!.lseq, next!.lseq]).toEqual([1, 2, 3]);
    expect((await readLog(tabA)).events.map((e) => e.id).sort()).toEqual(
      [first!.id, fromB!.id, next!.id].sort(),
    );
    expect((await tabA.meta.get('clock'))?.value).toBe(next!.event.hlc);
  });

  it('on a full disk says so in plain words and leaves nothing half-written', async () => {
    const db = await tablet();
    await addFreezer(db);
    const clock = (await db.meta.get('clock'))?.value;
    db.close();
    fillDisk(db, 'meta');
    await db.open();
    const error = await addFreezer(db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as Error).message).toMatch(/out of storage space.*Nothing was half-saved/);
    // The outbox write went through before the clock write failed: it was rolled back.
    expect(await pendingCount(db)).toBe(1);
    expect((await db.meta.get('clock'))?.value).toBe(clock);
  });

  it('passes a refusal of the domain through unchanged and stores nothing', async () => {
    const db = await tablet();
    const refusal = await appendLocal(db, (ctx) =>
      decide({ type: 'useStock', itemId: uuidv4(), locationId: uuidv4(), qty: 1 }, initialState(), {
        ...ctx,
        newId: () => uuidv7(),
      }),
    ).catch((e: unknown) => e);
    expect((refusal as Error).name).toBe('DomainError');
    expect(await pendingCount(db)).toBe(0);
  });
});
