import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Tablet } from '../src/lib/domain/test-support/tablet';
import type { DistrictKitchen } from '../src/lib/export/district';
import { harness, type Harness } from './test-support/harness';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

describe('the district office’s view', () => {
  it('shows each kitchen’s value, order list, waste, entries, tablets and transfers', async () => {
    const lincoln = await h.createKitchen('Lincoln Elementary');
    const grant = await h.createKitchen('Grant Middle');
    const wall = await h.pair(lincoln.kitchenId, lincoln.joinCode, 1);
    await h.pair(lincoln.kitchenId, lincoln.joinCode, 2); // never syncs
    const tablet = new Tablet(wall.deviceId, 'MG');
    tablet.now = Date.now() - 60_000; // recorded today
    const cooler = tablet.added({ type: 'addLocation', name: 'Cooler', kind: 'cooler' });
    const milk = tablet.added({ type: 'addItem', name: 'Milk', unit: 'carton', par: 10 });
    const rice = tablet.added({ type: 'addItem', name: 'Rice', unit: 'kg', par: 2 });
    tablet.run({ type: 'receiveStock', itemId: milk, locationId: cooler, qty: 4, unitCost: 2.5 });
    tablet.run({ type: 'receiveStock', itemId: rice, locationId: cooler, qty: 5, unitCost: 1 });
    tablet.run({
      type: 'wasteStock',
      itemId: milk,
      locationId: cooler,
      qty: 1,
      reason: 'spoiled',
    });
    tablet.run({
      type: 'sendStock',
      transferId: '44444444-0000-4000-8000-000000000001',
      toKitchen: grant.kitchenId,
      itemId: rice,
      locationId: cooler,
      qty: 1,
    });
    expect((await h.push(lincoln.kitchenId, wall.token, [...tablet.log.events])).status).toBe(200);
    await h.readModels.catchUp(lincoln.kitchenId);

    const res = await h.admin('/api/v1/district/summary');
    expect(res.status).toBe(200);
    const { kitchens } = (await res.json()) as { kitchens: DistrictKitchen[] };
    const [first, second] = kitchens;
    expect(second).toMatchObject({
      kitchenId: lincoln.kitchenId,
      name: 'Lincoln Elementary',
      inventoryValue: 11.5, // 3 cartons at 2.50 and 4 kg at 1.00
      belowPar: 1, // milk: 3 of 10
      monthWaste: 2.5,
      eventsToday: tablet.log.events.length,
      caughtUp: true,
      openTransfers: 1,
      transferIssues: 0,
    });
    expect(second!.tablets.map((t) => [t.name, t.lastSeenAt === null])).toEqual([
      ['Tablet 1', false],
      ['Tablet 2', true],
    ]);
    expect(first).toMatchObject({
      kitchenId: grant.kitchenId,
      inventoryValue: 0,
      eventsToday: 0,
      openTransfers: 1, // coming to it
      tablets: [],
    });

    const csv = await h.admin('/api/v1/district/summary.csv');
    expect(csv.headers.get('Content-Disposition')).toMatch(
      /larder-district-\d{4}-\d{2}-\d{2}\.csv/,
    );
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      'Kitchen id,Kitchen,Inventory value,Below par,Waste this month,Entries today,Tablets,Last sync,Open transfers,Transfers to check',
    );
    expect(lines[2]).toMatch(/^lincoln-elementary,Lincoln Elementary,11\.5,1,2\.5,7,2,\d{4}-/);
  });

  it('is for the admin only', async () => {
    const { kitchenId, joinCode } = await h.createKitchen();
    const { token } = await h.pair(kitchenId, joinCode);
    for (const path of ['/api/v1/district/summary', '/api/v1/district/summary.csv']) {
      expect((await h.request(path)).status).toBe(401);
      expect((await h.as(token, path)).status).toBe(401);
    }
  });
});
