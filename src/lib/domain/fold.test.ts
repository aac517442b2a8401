import { describe, expect, test } from 'vitest';
import { fold, initialState, evolve, sortLog } from './fold';
import { countDetail, itemHistory } from './item-history';
import { stockByItem, stockOnHand } from './stock-on-hand';
import {
  COOLER,
  DEVICE_B,
  DRY,
  ITEM_FLOUR,
  ITEM_MILK,
  ITEM_PEAS,
  Timeline,
} from './test-support/events';

const qtyAt = (state: ReturnType<typeof fold>, itemId: string, locationId: string) =>
  state.stock.get(itemId)?.get(locationId)?.qty;

describe('catalog', () => {
  test('given nothing, the state is empty', () => {
    const state = initialState();
    expect(state.items.size).toBe(0);
    expect(state.log).toEqual([]);
  });

  test('given an item added, when changed, then the fields change and others stay', () => {
    const t = new Timeline();
    const state = fold([
      ...t.catalog(),
      t.event('item.changed', {
        itemId: ITEM_FLOUR,
        changes: { name: 'Bread flour', par: 12.5 },
        prev: [],
      }),
    ]);
    expect(state.items.get(ITEM_FLOUR)).toEqual({
      itemId: ITEM_FLOUR,
      name: 'Bread flour',
      unit: 'kg',
      par: 12.5,
      archived: false,
    });
  });

  test('given an archived item, it is hidden from default views but kept; restore brings it back', () => {
    const t = new Timeline();
    const base = [
      ...t.catalog(),
      t.event('stock.received', { itemId: ITEM_FLOUR, locationId: DRY, qty: 5 }),
      t.event('item.archived', { itemId: ITEM_FLOUR }),
    ];
    const archived = fold(base);
    expect(archived.items.get(ITEM_FLOUR)?.archived).toBe(true);
    expect(stockOnHand(archived)).toEqual([]);
    expect(stockOnHand(archived, { includeArchived: true })).toHaveLength(1);
    const restored = fold([...base, t.event('item.restored', { itemId: ITEM_FLOUR })]);
    expect(restored.items.get(ITEM_FLOUR)?.archived).toBe(false);
    expect(stockOnHand(restored).map((row) => row.qty)).toEqual([5]);
  });

  test('given a location archived then restored, its stock shows again', () => {
    const t = new Timeline();
    const events = [
      ...t.catalog(),
      t.event('stock.received', { itemId: ITEM_MILK, locationId: COOLER, qty: 2 }),
      t.event('location.archived', { locationId: COOLER }),
    ];
    expect(stockOnHand(fold(events))).toEqual([]);
    const state = fold([...events, t.event('location.restored', { locationId: COOLER })]);
    expect(state.locations.get(COOLER)?.archived).toBe(false);
    expect(stockOnHand(state)).toHaveLength(1);
  });

  test('given a location changed, its name and kind change', () => {
    const t = new Timeline();
    const state = fold([
      ...t.catalog(),
      t.event('location.changed', {
        locationId: COOLER,
        changes: { name: 'Walk-in', kind: 'freezer' },
        prev: [],
      }),
    ]);
    expect(state.locations.get(COOLER)).toMatchObject({ name: 'Walk-in', kind: 'freezer' });
  });

  test('given a change that sorts before its item.added (skewed clock), the add wins the fields it sets', () => {
    const t = new Timeline();
    const change = t.event(
      'item.changed',
      { itemId: ITEM_PEAS, changes: { name: 'Garden peas', category: 'veg' }, prev: [] },
      { wall: 1_000 },
    );
    const location = t.event('location.changed', {
      locationId: DRY,
      changes: { name: 'Pantry' },
      prev: [],
    });
    const state = fold([
      change,
      location,
      t.event('item.added', { itemId: ITEM_PEAS, name: 'Peas', unit: 'kg' }),
      t.event('location.added', { locationId: DRY, name: 'Dry', kind: 'dry' }),
    ]);
    expect(state.items.get(ITEM_PEAS)).toMatchObject({ name: 'Peas', category: 'veg' });
    expect(state.locations.get(DRY)?.name).toBe('Dry');
  });

  test('an item added twice keeps the changes made between the adds', () => {
    const t = new Timeline();
    const early = t.event(
      'item.changed',
      { itemId: ITEM_PEAS, changes: { category: 'veg', par: 1 }, prev: [] },
      { wall: 1_000 },
    );
    const catalog = t.catalog();
    const add = t.event('item.added', { itemId: ITEM_PEAS, name: 'Peas', unit: 'kg' });
    const change = t.event('item.changed', { itemId: ITEM_PEAS, changes: { par: 5 }, prev: [] });
    const again = t.event('item.added', { itemId: ITEM_PEAS, name: 'Peas', unit: 'kg' });
    const state = fold([early, ...catalog, add, change, again]);
    expect(state.items.get(ITEM_PEAS)).toMatchObject({ category: 'veg', par: 5 });
  });
});

describe('stock deltas', () => {
  test('received, used, wasted and moved add up exactly in thousandths', () => {
    const t = new Timeline();
    const state = fold([
      ...t.catalog(),
      t.event('stock.received', { itemId: ITEM_MILK, locationId: COOLER, qty: 0.1 }),
      t.event('stock.received', { itemId: ITEM_MILK, locationId: COOLER, qty: 0.2 }),
      t.event('stock.used', { itemId: ITEM_MILK, locationId: COOLER, qty: 0.05 }),
      t.event('stock.wasted', {
        itemId: ITEM_MILK,
        locationId: COOLER,
        qty: 0.001,
        reason: 'spoiled',
      }),
      t.event('stock.moved', { itemId: ITEM_MILK, from: COOLER, to: DRY, qty: 0.049 }),
    ]);
    expect(qtyAt(state, ITEM_MILK, COOLER)).toBe(200);
    expect(qtyAt(state, ITEM_MILK, DRY)).toBe(49);
    expect(stockByItem(state).find((row) => row.itemId === ITEM_MILK)?.qty).toBe(0.249);
  });

  test('offline uses on two tablets simply add up', () => {
    const t = new Timeline();
    const state = fold([
      ...t.catalog(),
      t.event('stock.received', { itemId: ITEM_FLOUR, locationId: DRY, qty: 10 }),
      t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 2 }, { wall: 5_000_000 }),
      t.event(
        'stock.used',
        { itemId: ITEM_FLOUR, locationId: DRY, qty: 3 },
        { wall: 5_000_000, device: DEVICE_B },
      ),
    ]);
    expect(qtyAt(state, ITEM_FLOUR, DRY)).toBe(5000);
  });

  test('a use recorded before the delivery that covered it drives stock negative, flagged, never refused', () => {
    const t = new Timeline();
    const state = fold([
      ...t.catalog(),
      t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 4 }),
    ]);
    const [row] = stockOnHand(state);
    expect(row).toMatchObject({ qty: -4, negative: true });
    expect(stockByItem(state).find((r) => r.itemId === ITEM_FLOUR)?.negative).toBe(true);
  });

  test('given stock for an item not known yet, it is kept and counts once the item arrives', () => {
    const t = new Timeline();
    const received = t.event('stock.received', { itemId: ITEM_PEAS, locationId: DRY, qty: 3 });
    const before = fold([...t.catalog(), received]);
    expect(qtyAt(before, ITEM_PEAS, DRY)).toBe(3000);
    expect(stockOnHand(before)).toEqual([]);
    const added = t.event('item.added', { itemId: ITEM_PEAS, name: 'Peas', unit: 'kg' });
    const after = fold([...t.catalog(), received, added]);
    expect(stockOnHand(after).map((row) => [row.itemName, row.qty])).toEqual([['Peas', 3]]);
  });
});

describe('counts', () => {
  test('a count sets the quantity at its place; later deltas apply on top; the variance is recorded', () => {
    const t = new Timeline();
    const before = [
      ...t.catalog(),
      t.event('stock.received', { itemId: ITEM_FLOUR, locationId: DRY, qty: 10 }),
      t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 1.5 }),
    ];
    const count = t.event('stock.counted', {
      itemId: ITEM_FLOUR,
      locationId: DRY,
      qty: 7,
      prev: [],
    });
    const state = fold([
      ...before,
      count,
      t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 2 }),
    ]);
    expect(qtyAt(state, ITEM_FLOUR, DRY)).toBe(5000);
    expect(state.counts.get(count.id)).toMatchObject({
      before: 8500,
      counted: 7000,
      variance: -1500,
    });
  });

  test('a delta that arrives late but sorts before the count is superseded by it', () => {
    const t = new Timeline();
    const earlyUse = t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 4 });
    const count = t.event('stock.counted', {
      itemId: ITEM_FLOUR,
      locationId: DRY,
      qty: 6,
      prev: [],
    });
    const withoutLate = fold([...t.catalog(), count]);
    const withLate = fold([...t.catalog(), count, earlyUse]);
    expect(qtyAt(withoutLate, ITEM_FLOUR, DRY)).toBe(6000);
    expect(qtyAt(withLate, ITEM_FLOUR, DRY)).toBe(6000);
    expect(withLate.counts.get(count.id)?.variance).toBe(10_000);
  });

  test('a count lists the deltas it superseded since the previous count, undone ones left out', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const received = t.event('stock.received', { itemId: ITEM_FLOUR, locationId: DRY, qty: 10 });
    const first = t.event('stock.counted', {
      itemId: ITEM_FLOUR,
      locationId: DRY,
      qty: 9,
      prev: [],
    });
    const used = t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 1 });
    const wasted = t.event('stock.wasted', {
      itemId: ITEM_FLOUR,
      locationId: DRY,
      qty: 1,
      reason: 'damaged',
    });
    const elsewhere = t.event('stock.used', { itemId: ITEM_MILK, locationId: DRY, qty: 1 });
    const movedIn = t.event('stock.moved', { itemId: ITEM_FLOUR, from: COOLER, to: DRY, qty: 2 });
    const undo = t.event('event.undone', { eventId: wasted.id });
    const second = t.event('stock.counted', {
      itemId: ITEM_FLOUR,
      locationId: DRY,
      qty: 9.5,
      prev: [first.id],
    });
    const state = fold([
      ...catalog,
      received,
      first,
      used,
      wasted,
      elsewhere,
      movedIn,
      undo,
      second,
    ]);
    expect(countDetail(state, second.id)).toEqual({
      before: 10,
      counted: 9.5,
      variance: -0.5,
      superseded: [used.id, movedIn.id],
    });
    expect(countDetail(state, first.id)?.superseded).toEqual([received.id]);
    expect(countDetail(state, used.id)).toBeUndefined();
    expect(countDetail(state, 'nope')).toBeUndefined();
    const counts = itemHistory(state, ITEM_FLOUR).filter((entry) => entry.count);
    expect(counts.map((entry) => entry.count?.variance)).toEqual([-1, -0.5]);
  });

  test('a count of zero on a negative cell clears the deficit', () => {
    const t = new Timeline();
    const state = fold([
      ...t.catalog(),
      t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 4 }),
      t.event('stock.counted', { itemId: ITEM_FLOUR, locationId: DRY, qty: 0, prev: [] }),
      t.event('stock.received', { itemId: ITEM_FLOUR, locationId: DRY, qty: 1 }),
    ]);
    expect(state.stock.get(ITEM_FLOUR)?.get(DRY)).toMatchObject({ qty: 1000, deficit: 0 });
  });
});

describe('order and identity', () => {
  test('repeats of an event count once, whatever the arrival order', () => {
    const t = new Timeline();
    const received = t.event('stock.received', { itemId: ITEM_FLOUR, locationId: DRY, qty: 2 });
    const catalog = t.catalog();
    const state = fold([received, ...catalog, received, received]);
    expect(qtyAt(state, ITEM_FLOUR, DRY)).toBe(2000);
    expect(state.log).toHaveLength(catalog.length + 1);
  });

  test('sortLog gives the same log from a far-from-sorted input and from a nearly sorted one', () => {
    const t = new Timeline();
    const events = [
      ...t.catalog(),
      ...Array.from({ length: 20 }, (_, i) =>
        t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: i + 1 }),
      ),
    ];
    const ids = sortLog(events).map((e) => e.id);
    expect(sortLog([...events].reverse()).map((e) => e.id)).toEqual(ids);
    const nearly = [...events];
    const [late] = nearly.splice(3, 1);
    if (!late) throw new Error('no event');
    nearly.push(late, late);
    expect(sortLog(nearly).map((e) => e.id)).toEqual(ids);
  });

  test('sortLog merges late events anywhere in a long run, copies of run events included', () => {
    const t = new Timeline();
    const events = [
      ...t.catalog(),
      ...Array.from({ length: 200 }, (_, i) =>
        t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: i + 1 }),
      ),
    ];
    const ids = sortLog(events).map((e) => e.id);
    // Late: the first, some in the middle, the one before last; then copies of run events.
    const lateAt = new Set([0, 5, 6, 100, 150, events.length - 2]);
    const run = events.filter((_, i) => !lateAt.has(i));
    const late = events.filter((_, i) => lateAt.has(i)).reverse();
    const copies = [events[7], events[120], events[events.length - 1]].filter(
      (e) => e !== undefined,
    );
    expect(sortLog([...run, ...late, ...copies, ...late]).map((e) => e.id)).toEqual(ids);
  });

  test('evolve equals folding the log with the event', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const used = t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 1 });
    const state = evolve(fold(catalog), used);
    expect(qtyAt(state, ITEM_FLOUR, DRY)).toBe(-1000);
    expect(state.log.at(-1)).toBe(used);
  });

  test('an old stock.wasted v1 in the log is upcast and counts', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const v1 = {
      ...t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 1 }),
      type: 'stock.wasted',
      v: 1,
      data: { itemId: ITEM_FLOUR, locationId: DRY, qty: 1, reason: 'mice' },
    };
    const state = fold([...catalog, v1]);
    expect(qtyAt(state, ITEM_FLOUR, DRY)).toBe(-1000);
    expect(state.log.at(-1)?.data).toMatchObject({ reason: 'other', note: 'mice' });
  });

  test('an event of a type this build does not know is kept and ignored', () => {
    const t = new Timeline();
    const future = { ...t.event('item.archived', { itemId: ITEM_FLOUR }), type: 'item.renamed' };
    const state = fold([...t.catalog(), future]);
    expect(state.log).toHaveLength(5);
    expect(state.items.get(ITEM_FLOUR)?.archived).toBe(false);
  });
});
