import { describe, expect, test } from 'vitest';
import type { LarderEvent } from './events';
import { fold } from './fold';
import { decodeHlc } from './hlc';
import { KitchenLog } from './kitchen-log';
import { canonicalState } from './test-support/canonical-state';
import { COOLER, DEVICE_B, DRY, ITEM_FLOUR, ITEM_MILK, T0, Timeline } from './test-support/events';

function dayOfUses(t: Timeline, count: number): LarderEvent[] {
  return Array.from({ length: count }, (_, i) =>
    t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: (i % 7) + 0.5 }),
  );
}

describe('KitchenLog', () => {
  test('appending events that sort last applies them without refolding, equal to a full fold', () => {
    const t = new Timeline();
    const events = [...t.catalog(), ...dayOfUses(t, 50)];
    const log = new KitchenLog([], { snapshotEvery: 8 });
    for (const event of events) expect(log.add(event)).toBe(true);
    expect(log.size).toBe(events.length);
    expect(log.snapshots).toBeGreaterThan(0);
    expect(canonicalState(log.state)).toEqual(canonicalState(fold(events)));
  });

  test('the live state object stays the same while events only append', () => {
    const t = new Timeline();
    const log = new KitchenLog(t.catalog());
    const before = log.state;
    log.add(t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 1 }));
    expect(log.state).toBe(before);
  });

  test('a repeated event is ignored', () => {
    const t = new Timeline();
    const events = t.catalog();
    const log = new KitchenLog(events);
    expect(log.add(events[0] as LarderEvent)).toBe(false);
    expect(log.addAll(events)).toBe(0);
    expect(log.events.some((e) => e.id === events[1]?.id)).toBe(true);
  });

  test('a late event refolds from a snapshot before it and equals a full fold', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const uses = dayOfUses(t, 40);
    const count = t.event('stock.counted', {
      itemId: ITEM_FLOUR,
      locationId: DRY,
      qty: 3,
      prev: [],
    });
    const more = dayOfUses(t, 40);
    const late = t.event(
      'stock.received',
      { itemId: ITEM_FLOUR, locationId: DRY, qty: 100 },
      { wall: T0 + 10_500, device: DEVICE_B },
    );
    const log = new KitchenLog([...catalog, ...uses, count, ...more], { snapshotEvery: 8 });
    const before = log.state;
    log.add(late);
    expect(log.state).not.toBe(before);
    expect((log.events[log.events.indexOf(late) - 1]?.hlc ?? '') < late.hlc).toBe(true);
    expect(log.events.indexOf(late)).toBeLessThan(log.size - 1);
    expect(canonicalState(log.state)).toEqual(
      canonicalState(fold([...catalog, ...uses, count, ...more, late])),
    );
  });

  test('an undo of an early event refolds from before its target', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const received = t.event('stock.received', { itemId: ITEM_FLOUR, locationId: DRY, qty: 100 });
    const rest = dayOfUses(t, 60);
    const undo = t.event('event.undone', { eventId: received.id });
    const redo = t.event('event.redone', { eventId: received.id });
    const log = new KitchenLog([...catalog, received, ...rest], { snapshotEvery: 4 });
    log.add(undo);
    expect(canonicalState(log.state)).toEqual(
      canonicalState(fold([...catalog, received, ...rest, undo])),
    );
    log.add(redo);
    expect(canonicalState(log.state, false)).toEqual(
      canonicalState(fold([...catalog, received, ...rest]), false),
    );
  });

  test('an undo that arrived before its target applies when the target arrives', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const used = t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 2 });
    const undo = t.event('event.undone', { eventId: used.id });
    const log = new KitchenLog([...catalog, undo]);
    log.add(used);
    expect(log.state.stock.get(ITEM_FLOUR)?.get(DRY)?.qty ?? 0).toBe(0);
    expect(canonicalState(log.state)).toEqual(canonicalState(fold([...catalog, used, undo])));
  });

  test('a lot moved out of a cell a snapshot holds is not changed under the snapshot', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const received = t.event('stock.received', {
      itemId: ITEM_FLOUR,
      locationId: COOLER,
      qty: 5,
      unitCost: 1,
    });
    const moved = t.event('stock.moved', { itemId: ITEM_FLOUR, from: COOLER, to: DRY, qty: 5 });
    const used = t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 2 });
    const late = t.event(
      'stock.received',
      { itemId: ITEM_MILK, locationId: DRY, qty: 1 },
      { wall: decodeHlc(received.hlc).wall, counter: 1 },
    );
    // A snapshot right after the receipt; the move and the use come after it.
    const log = new KitchenLog([...catalog, received], { snapshotEvery: catalog.length + 1 });
    log.add(moved);
    log.add(used);
    log.add(late);
    expect(canonicalState(log.state)).toEqual(
      canonicalState(fold([...catalog, received, moved, used, late])),
    );
    expect(
      log.state.stock
        .get(ITEM_FLOUR)
        ?.get(DRY)
        ?.lots.map((lot) => lot.qty),
    ).toEqual([3000]);
  });

  test('only the latest snapshots are kept, and a refold from before them all is exact', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const uses = dayOfUses(t, 300);
    const log = new KitchenLog([], { snapshotEvery: 2 });
    log.addAll(catalog);
    for (const event of uses) log.add(event);
    expect(log.snapshots).toBeLessThanOrEqual(16);
    const late = t.event(
      'stock.received',
      { itemId: ITEM_FLOUR, locationId: DRY, qty: 1 },
      { wall: T0 + 20_500 },
    );
    log.add(late);
    expect(canonicalState(log.state)).toEqual(canonicalState(fold([...catalog, ...uses, late])));
  });

  test('with the default spacing, a big log keeps its snapshots well spaced', () => {
    const t = new Timeline();
    const log = new KitchenLog([...t.catalog(), ...dayOfUses(t, 2000)]);
    expect(log.snapshots).toBeGreaterThan(0);
    expect(log.snapshots).toBeLessThanOrEqual(2000 / 512);
  });

  test('takes a batch of 300,000 events at once, undos among them', () => {
    const t = new Timeline();
    const uses = dayOfUses(t, 300_000);
    const undos = uses.slice(0, 150_000).map((use) => t.event('event.undone', { eventId: use.id }));
    const log = new KitchenLog([...t.catalog(), ...uses, ...undos]);
    expect(log.size).toBe(uses.length + undos.length + t.catalog().length);
    expect(log.state.undone.size).toBe(150_000);
  });
});
