import { afterEach, describe, expect, it, vi } from 'vitest';
import { fold, stockOnHand } from '../../src/lib/domain/index';
import { PostgresStore } from '../storage/postgres-store';
import { Tablet } from '../../src/lib/domain/test-support/tablet';
import { generateEvents, uuid4 } from '../test-support/events';
import { freshDatabase } from '../test-support/postgres';
import type { LogReadModelsOptions } from './log-read-models';
import { PostgresReadModels } from './postgres-read-models';

const opened: { close(): unknown }[] = [];
afterEach(async () => {
  for (const thing of opened.splice(0).reverse()) await thing.close();
});

async function open(url: string, options: LogReadModelsOptions = {}) {
  const store = await PostgresStore.open(url);
  const models = new PostgresReadModels(store, options);
  opened.push(store, models);
  return { store, models };
}

/** Every read table of the database, in one order. */
async function dump(store: PostgresStore) {
  const all = async (sql: string) => (await store.pool.query<Record<string, unknown>>(sql)).rows;
  return {
    items: await all('SELECT * FROM read_items ORDER BY kitchen_id, item_id'),
    locations: await all('SELECT * FROM read_locations ORDER BY kitchen_id, location_id'),
    stock: await all('SELECT * FROM read_stock ORDER BY kitchen_id, item_id, location_id'),
    checkpoints: await all('SELECT * FROM read_checkpoints ORDER BY kitchen_id'),
    kitchens: await all('SELECT * FROM read_kitchens ORDER BY kitchen_id'),
  };
}

const byCell = (rows: { itemId: string; locationId: string; qty: number; value: number }[]) =>
  Object.fromEntries(rows.map((r) => [`${r.itemId}/${r.locationId}`, [r.qty, r.value]]));

describe('read models on PostgreSQL', () => {
  it('serve stock equal to the fold, incrementally as a rebuild would', async () => {
    const { store, models } = await open(await freshDatabase());
    const events = generateEvents(3000);
    for (let i = 0; i < events.length; i += 500) {
      await store.append('k', events.slice(i, i + 500));
      expect(byCell(await models.stock('k'))).toEqual(
        byCell(stockOnHand(fold(events.slice(0, i + 500)))),
      );
    }
    const incremental = await dump(store);
    expect(incremental.checkpoints).toEqual([{ kitchen_id: 'k', seq: 3000 }]);
    await models.rebuild();
    expect(await dump(store)).toEqual(incremental);
    expect(await models.stock('nobody')).toEqual([]);
  });

  it('fold a kitchen whose state left memory from its stored base, not its whole log', async () => {
    const { store, models } = await open(await freshDatabase(), { maxLive: 1 });
    const events = generateEvents(3000);
    await store.append('a', events.slice(0, 2800));
    await models.catchUp('a');
    const bases = async () =>
      (await store.pool.query<{ seq: string }>('SELECT seq FROM read_bases')).rows;
    expect(await bases()).toEqual([{ seq: 2800 }]);
    await store.append('b', generateEvents(50));
    await models.catchUp('b'); // A leaves memory
    await store.append('a', events.slice(2800));
    const inOrder = vi.spyOn(store, 'inOrder');
    expect(byCell(await models.stock('a'))).toEqual(byCell(stockOnHand(fold(events))));
    expect(inOrder.mock.calls.length).toBeGreaterThan(0);
    expect(inOrder.mock.calls.map((call) => call[2])).not.toContain('');
    inOrder.mockRestore();
    const incremental = await dump(store);
    await models.rebuild();
    expect(await dump(store)).toEqual(incremental);
  });

  it('stay right when two processes keep them in turns, each with an old view', async () => {
    const url = await freshDatabase();
    const [one, two] = [await open(url), await open(url)];
    const tablet = new Tablet(uuid4(1, 0xd0), 'MG');
    const cooler = tablet.added({ type: 'addLocation', name: 'Cooler', kind: 'cooler' });
    const milk = tablet.added({ type: 'addItem', name: 'Milk', unit: 'carton' });
    const receive = () =>
      tablet.run({ type: 'receiveStock', itemId: milk, locationId: cooler, qty: 10, unitCost: 1 });
    receive();
    const push = () => one.store.append('k', tablet.log.events);
    await push();
    await one.models.catchUp('k'); // one: 10 cartons
    tablet.run({ type: 'useStock', itemId: milk, locationId: cooler, qty: 10 });
    await push();
    await two.models.catchUp('k'); // two: none left
    receive();
    await push();
    // One's view says 10 cartons, and so does the log again: the row stored says 0, and
    // must be written all the same.
    await one.models.catchUp('k');
    const [row] = (await one.store.pool.query<{ qty: number }>('SELECT qty, value FROM read_stock'))
      .rows;
    expect(row).toEqual({ qty: 10, value: 10 });
    expect(byCell(await two.models.stock('k'))).toEqual(byCell(stockOnHand(tablet.state)));
    const kept = await dump(one.store);
    await one.models.rebuild();
    expect(await dump(one.store)).toEqual(kept);
  });
});
