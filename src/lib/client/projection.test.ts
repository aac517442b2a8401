import 'fake-indexeddb/auto';
import { v4 as uuidv4 } from 'uuid';
import { afterEach, describe, expect, it } from 'vitest';
import { LarderDb } from './db';
import { ensureIdentity } from './log';
import type { KitchenView } from './kitchen-view';
import { Projection, VIEW_SNAPSHOT } from './projection';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0)) fn();
});

function open(name: string): { db: LarderDb; projection: Projection; views: KitchenView[] } {
  const db = new LarderDb(name);
  const views: KitchenView[] = [];
  const projection = new Projection(db, { onView: (v) => views.push(v), persistDelayMs: 10 });
  cleanup.push(() => {
    projection.stop();
    db.close();
  });
  return { db, projection, views };
}

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('projection', () => {
  it('shows what another tab records, through the shared database', async () => {
    const name = `larder-projection-${uuidv4()}`;
    const tabA = open(name);
    const tabB = open(name);
    await ensureIdentity(tabA.db, () => uuidv4(), { name: 'Tablet', actor: 'MG' });
    await tabA.projection.start();
    await tabB.projection.start();
    await tabA.projection.record({ type: 'addLocation', name: 'Freezer', kind: 'freezer' });
    await tabA.projection.record({ type: 'addItem', name: 'Peas', unit: 'kg' });
    const itemId = [...tabA.projection.state.items.keys()][0]!;
    const locationId = [...tabA.projection.state.locations.keys()][0]!;
    await tabA.projection.record({ type: 'receiveStock', itemId, locationId, qty: 2.5 });
    // Tab A shows it at once; tab B once the database tells it.
    expect(tabA.views.at(-1)?.lines.map((l) => l.qty)).toEqual([2.5]);
    await until(() => tabB.views.at(-1)?.lines[0]?.qty === 2.5);
    expect(tabB.views.at(-1)?.events).toBe(3);
  });

  it('records nothing and shows nothing new when the domain refuses a command', async () => {
    const tab = open(`larder-projection-${uuidv4()}`);
    await ensureIdentity(tab.db, () => uuidv4(), { name: 'Tablet', actor: 'MG' });
    await tab.projection.start();
    const shown = tab.views.length;
    await expect(
      tab.projection.record({ type: 'useStock', itemId: 'nope', locationId: 'nope', qty: 1 }),
    ).rejects.toThrow();
    expect(await tab.db.outbox.count()).toBe(0);
    expect(tab.views.length).toBe(shown);
  });

  it('starts from the persisted view, then from the whole log', async () => {
    const name = `larder-projection-${uuidv4()}`;
    const first = open(name);
    await ensureIdentity(first.db, () => uuidv4(), { name: 'Tablet', actor: 'MG' });
    await first.projection.start();
    await first.projection.record({ type: 'addLocation', name: 'Cooler', kind: 'cooler' });
    // The view is persisted a moment after the state settles.
    await expect
      .poll(async () => {
        const saved = await first.db.snapshots.get(VIEW_SNAPSHOT);
        return (saved?.state as KitchenView | undefined)?.locations.map((l) => l.name);
      })
      .toEqual(['Cooler']);

    const second = open(name);
    const live: boolean[] = [];
    const projection = new Projection(second.db, {
      onView: (_v, isLive) => live.push(isLive),
    });
    cleanup.push(() => projection.stop());
    await projection.start();
    expect(live).toEqual([false, true]);
    expect(projection.state.locations.size).toBe(1);
  });
});
