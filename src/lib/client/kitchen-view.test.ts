import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KitchenLog } from '$lib/domain/kitchen-log';
import { kitchenLog, shuffle } from '$lib/domain/test-support/arbitraries';
import { COOLER, DRY, ITEM_FLOUR, ITEM_MILK, Timeline } from '$lib/domain/test-support/events';
import { KitchenViewBuilder, touchedBy } from './kitchen-view';

const TODAY = '2026-01-07';

describe('kitchen view', () => {
  it('patched item by item, equals the view built from scratch after every batch', () => {
    fc.assert(
      fc.property(
        kitchenLog(),
        fc.integer(),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 40 }),
        (log, seed, sizes) => {
          const arrived = shuffle(log, seed);
          const kitchen = new KitchenLog();
          const patched = new KitchenViewBuilder();
          patched.full(kitchen.state, 0, TODAY);
          for (let at = 0, i = 0; at < arrived.length; i++) {
            const batch = arrived.slice(at, (at += sizes[i % sizes.length] as number));
            kitchen.addAll(batch);
            const view = patched.update(kitchen.state, touchedBy(batch), 0, TODAY);
            expect(view).toEqual(new KitchenViewBuilder().full(kitchen.state, 0, TODAY));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rebuilds when a second receipt of a transfer, stamped earlier, takes the place of the first', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const receipt = (itemId: string, hlc: string) => ({
      ...t.event('transfer.received', {
        transferId: '44444444-0000-4000-8000-000000000001',
        fromKitchen: 'base-kitchen',
        sentItemId: ITEM_MILK,
        itemId,
        locationId: DRY,
        qty: 2,
        sentQty: 2,
        lots: [{ qty: 2 }],
      }),
      hlc,
    });
    const later = receipt(ITEM_FLOUR, '009999999999999-00000');
    const earlier = receipt(ITEM_MILK, '009999999999998-00000');
    const kitchen = new KitchenLog([...catalog, later]);
    const patched = new KitchenViewBuilder();
    patched.full(kitchen.state, 0, TODAY);
    kitchen.addAll([earlier]);
    const view = patched.update(kitchen.state, touchedBy([earlier]), 0, TODAY);
    expect(view).toEqual(new KitchenViewBuilder().full(kitchen.state, 0, TODAY));
  });

  it('keeps the lines of the items an entry did not touch as the same objects', () => {
    const t = new Timeline();
    const kitchen = new KitchenLog([
      ...t.catalog(),
      t.event('stock.received', { itemId: ITEM_FLOUR, locationId: DRY, qty: 10 }),
      t.event('stock.received', { itemId: ITEM_MILK, locationId: COOLER, qty: 6 }),
    ]);
    const builder = new KitchenViewBuilder();
    const before = builder.full(kitchen.state, 0, TODAY);
    const use = t.event('stock.used', { itemId: ITEM_MILK, locationId: COOLER, qty: 1 });
    kitchen.add(use);
    const after = builder.update(kitchen.state, touchedBy([use]), 0, TODAY);
    expect(after.lines.map((l) => [l.name, l.qty])).toEqual([
      ['Flour', 10],
      ['Milk', 5],
    ]);
    expect(after.lines[0]).toBe(before.lines[0]);
    expect(after.lines[1]).not.toBe(before.lines[1]);
    expect(after.items).toBe(before.items);
    expect(after.locations).toBe(before.locations);
  });

  it('rebuilds everything for an event that can change any item, and on a new day', () => {
    const t = new Timeline();
    const [dry, , flour, milk] = t.catalog();
    expect(touchedBy([dry!])).toBeUndefined();
    const received = t.event('stock.received', { itemId: ITEM_FLOUR, locationId: DRY, qty: 1 });
    expect(touchedBy([received, milk!])).toEqual({
      items: new Set([ITEM_FLOUR, ITEM_MILK]),
      catalog: true,
    });
    const kitchen = new KitchenLog([flour!]);
    const builder = new KitchenViewBuilder();
    const before = builder.full(kitchen.state, 0, TODAY);
    const next = builder.update(
      kitchen.state,
      { items: new Set(), catalog: false },
      0,
      '2026-01-08',
    );
    expect(next.today).toBe('2026-01-08');
    expect(next.lines[0]).not.toBe(before.lines[0]);
  });
});
