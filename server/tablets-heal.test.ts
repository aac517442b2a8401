/**
 * Tablets (the sync engine, over fake IndexedDB) healing against the real server after the
 * district's log went back and moved to PostgreSQL at once: restored from an older copy,
 * then `larder move-to-postgres`. The engine's own tests cover restores on SQLite.
 */
import 'fake-indexeddb/auto';
import '../src/lib/client/test-support/validation-setup';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PostgresStore } from './storage/postgres-store';
import { larder } from './test-support/cli';
import { freshDatabase } from './test-support/postgres';
import { kitchenWithTablets } from '../test/support/tablet';

const setup = kitchenWithTablets();
const { joined } = setup;

describe('restored from an older copy and moved to PostgreSQL', () => {
  it("the tablets give everything back to the new store, a destroyed tablet's entries too", async () => {
    const a = await joined('AA');
    const b = await joined('BB');
    const c = await joined('CC');
    const { itemId, locationId } = await a.stockUp(20);
    for (const t of [a, b, c]) await t.sync();
    const copy = join(setup.server.dir, 'copy.db');
    expect((await larder(['--data-dir', setup.server.dir, 'backup', copy])).code).toBe(0);

    await b.record({ type: 'useStock', itemId, locationId, qty: 2 });
    await c.record({ type: 'useStock', itemId, locationId, qty: 3 });
    for (const t of [b, c, a, b]) await t.sync();
    const before = await a.ids();
    expect(before).toHaveLength(5);
    c.close();

    // The SQLite disk failed: last night's copy is restored, and the district moves to
    // PostgreSQL on the way.
    await setup.server.stop();
    expect((await larder(['--data-dir', setup.server.dir, 'restore', copy])).code).toBe(0);
    const url = await freshDatabase();
    const moved = await larder(['--data-dir', setup.server.dir, 'move-to-postgres', url]);
    expect(moved.code).toBe(0);
    const store = await PostgresStore.open(url);
    setup.server.start(store);
    expect(await setup.server.allIds(setup.kitchen.kitchenId, await a.token())).toHaveLength(3);

    // Meanwhile B recorded offline.
    await b.record({ type: 'useStock', itemId, locationId, qty: 1 });
    expect(await a.sync()).toMatchObject({ healed: 2, setAside: 0 });
    expect(await b.sync()).toMatchObject({ pushed: 1, setAside: 0 });
    await a.sync();
    const onServer = (await setup.server.allIds(setup.kitchen.kitchenId, await a.token())).sort();
    expect(onServer).toHaveLength(6);
    expect(onServer).toEqual(expect.arrayContaining(before));
    expect(await a.ids()).toEqual(onServer);
    expect(await b.ids()).toEqual(onServer);
    expect(await a.stock()).toEqual(['Chicken@Freezer=14']);
    expect(await b.stock()).toEqual(await a.stock());
  });
});
