import { describe, expect, test } from 'vitest';
import { conflicts } from './conflicts';
import { fold } from './fold';
import { encodeHlc } from './hlc';
import { DEVICE_B, T0, uuidV7 } from './test-support/events';
import { refused, Tablet } from './test-support/tablet';
import { validateEvent } from './validate';

function kitchen() {
  const tablet = new Tablet();
  const dry = tablet.added({ type: 'addLocation', name: 'Dry store', kind: 'dry' });
  const cooler = tablet.added({ type: 'addLocation', name: 'Cooler', kind: 'cooler' });
  const flour = tablet.added({ type: 'addItem', name: ' Flour ', unit: 'kg', par: 10 });
  return { tablet, dry, cooler, flour };
}

describe('decide: catalog', () => {
  test('addItem records item.added with a new id, trimmed name, stamped after the clock', () => {
    const { tablet, flour } = kitchen();
    const item = tablet.state.items.get(flour);
    expect(item).toMatchObject({ name: 'Flour', unit: 'kg', par: 10, archived: false });
    const [event] = tablet.log.events.slice(-1);
    expect(event && validateEvent(event).ok).toBe(true);
    expect(event?.hlc).toBe(encodeHlc({ wall: tablet.now, counter: 0 }));
    expect(tablet.clock).toBe(event?.hlc);
  });

  test('a name in use by another item is refused, whatever its case; an archived one frees it', () => {
    const { tablet, flour } = kitchen();
    const taken = refused(() => tablet.run({ type: 'addItem', name: ' FLOUR ', unit: 'kg' }));
    expect(taken).toMatchObject({
      code: 'already_exists',
      field: 'name',
      detail: { name: 'Flour' },
    });
    const rice = tablet.added({ type: 'addItem', name: 'Rice', unit: 'kg' });
    expect(
      refused(() => tablet.run({ type: 'changeItem', itemId: rice, changes: { name: 'flour' } })),
    ).toMatchObject({ code: 'already_exists', field: 'name' });
    // Its own name, in another case, is not taken.
    tablet.run({ type: 'changeItem', itemId: flour, changes: { name: 'FLOUR' } });
    tablet.run({ type: 'archiveItem', itemId: flour });
    expect(tablet.added({ type: 'addItem', name: 'Flour', unit: 'kg' })).not.toBe(flour);
  });

  test('the add of an item in use is not undone (archive it); a fresh add is', () => {
    const { tablet, dry, flour } = kitchen();
    const added = tablet.log.events.find((e) => e.type === 'item.added')!;
    tablet.run({ type: 'receiveStock', itemId: flour, locationId: dry, qty: 1 });
    expect(refused(() => tablet.run({ type: 'undo', eventId: added.id }))).toMatchObject({
      code: 'not_undoable',
    });
    expect(tablet.state.items.get(flour)).toBeDefined();
    const [fresh] = tablet.run({ type: 'addItem', name: 'Salt', unit: 'kg' });
    tablet.run({ type: 'undo', eventId: fresh!.id });
    expect(tablet.state.undone.has(fresh!.id)).toBe(true);
  });

  test('addItem keeps optional fields and refuses an empty name, a bad par, a taken id', () => {
    const { tablet, flour } = kitchen();
    const peas = tablet.added({
      type: 'addItem',
      name: 'Peas',
      unit: 'kg',
      category: ' veg ',
      barcode: ' 123 ',
      allergens: [' none '],
    });
    expect(tablet.state.items.get(peas)).toMatchObject({
      category: 'veg',
      barcode: '123',
      allergens: ['none'],
    });
    expect(refused(() => tablet.run({ type: 'addItem', name: '  ', unit: 'kg' }))).toMatchObject({
      code: 'invalid_field',
      field: 'name',
    });
    expect(refused(() => tablet.run({ type: 'addItem', name: 'X', unit: '' })).field).toBe('unit');
    expect(
      refused(() => tablet.run({ type: 'addItem', name: 'X', unit: 'kg', par: -1 })),
    ).toMatchObject({ code: 'invalid_quantity', field: 'par' });
    expect(
      refused(() => tablet.run({ type: 'addItem', itemId: flour, name: 'X', unit: 'kg' })).code,
    ).toBe('already_exists');
  });

  test('changeItem records only what changed, with the heads it saw as prev', () => {
    const { tablet, flour } = kitchen();
    const [first] = tablet.run({ type: 'changeItem', itemId: flour, changes: { par: 12 } });
    const [second] = tablet.run({
      type: 'changeItem',
      itemId: flour,
      changes: { par: 14, unit: 'kg', name: 'Flour T55' },
    });
    expect(second?.data).toEqual({
      itemId: flour,
      changes: { par: 14, name: 'Flour T55' },
      prev: [first?.id],
    });
    expect(
      refused(() => tablet.run({ type: 'changeItem', itemId: flour, changes: { par: 14 } })).code,
    ).toBe('nothing_changed');
    expect(
      refused(() => tablet.run({ type: 'changeItem', itemId: flour, changes: { name: ' ' } }))
        .field,
    ).toBe('name');
  });

  test('setting the winning value again resolves a conflict', () => {
    const a = kitchen();
    const b = new Tablet(DEVICE_B, 'JT');
    b.log.addAll(a.tablet.log.events);
    b.now = a.tablet.now;
    const [mine] = a.tablet.run({ type: 'changeItem', itemId: a.flour, changes: { par: 12 } });
    const [theirs] = b.run({ type: 'changeItem', itemId: a.flour, changes: { par: 15 } });
    a.tablet.log.addAll(b.log.events);
    expect(conflicts(a.tablet.state)).toHaveLength(1);
    const winner = a.tablet.state.items.get(a.flour)?.par;
    const [resolution] = a.tablet.run({
      type: 'changeItem',
      itemId: a.flour,
      changes: { par: winner ?? 0 },
    });
    expect(resolution?.type === 'item.changed' && [...resolution.data.prev].sort()).toEqual(
      [mine?.id, theirs?.id].sort(),
    );
    expect(conflicts(a.tablet.state)).toEqual([]);
  });

  test('archive and restore refuse when already so; unknown items are refused', () => {
    const { tablet, flour } = kitchen();
    tablet.run({ type: 'archiveItem', itemId: flour });
    expect(refused(() => tablet.run({ type: 'archiveItem', itemId: flour })).code).toBe(
      'already_archived',
    );
    tablet.run({ type: 'restoreItem', itemId: flour });
    expect(refused(() => tablet.run({ type: 'restoreItem', itemId: flour })).code).toBe(
      'not_archived',
    );
    expect(
      refused(() => tablet.run({ type: 'archiveItem', itemId: uuidV7(T0, 999) })),
    ).toMatchObject({ code: 'unknown_item', field: 'itemId' });
  });

  test('locations: add, change, archive, restore, with refusals', () => {
    const { tablet, dry } = kitchen();
    tablet.run({ type: 'changeLocation', locationId: dry, changes: { name: 'Pantry' } });
    expect(tablet.state.locations.get(dry)?.name).toBe('Pantry');
    expect(
      refused(() =>
        tablet.run({ type: 'changeLocation', locationId: dry, changes: { name: 'Pantry' } }),
      ).code,
    ).toBe('nothing_changed');
    tablet.run({ type: 'archiveLocation', locationId: dry });
    expect(refused(() => tablet.run({ type: 'archiveLocation', locationId: dry })).code).toBe(
      'already_archived',
    );
    tablet.run({ type: 'restoreLocation', locationId: dry });
    expect(refused(() => tablet.run({ type: 'restoreLocation', locationId: dry })).code).toBe(
      'not_archived',
    );
    expect(
      refused(() => tablet.run({ type: 'addLocation', locationId: dry, name: 'X', kind: 'dry' }))
        .code,
    ).toBe('already_exists');
    expect(refused(() => tablet.run({ type: 'addLocation', name: '', kind: 'dry' })).field).toBe(
      'name',
    );
    expect(
      refused(() => tablet.run({ type: 'restoreLocation', locationId: uuidV7(T0, 998) })).code,
    ).toBe('unknown_location');
  });
});

describe('decide: stock', () => {
  test('receive, use, waste, move and count record their events', () => {
    const { tablet, flour, dry, cooler } = kitchen();
    tablet.run({
      type: 'receiveStock',
      itemId: flour,
      locationId: dry,
      qty: 10,
      unitCost: 1.25,
      bestBefore: '2026-06-01',
      supplier: 'Valley Foods',
    });
    tablet.run({ type: 'useStock', itemId: flour, locationId: dry, qty: 1.5 });
    tablet.run({
      type: 'wasteStock',
      itemId: flour,
      locationId: dry,
      qty: 0.5,
      reason: 'spoiled',
      note: 'wet bag',
    });
    tablet.run({ type: 'moveStock', itemId: flour, from: dry, to: cooler, qty: 2 });
    const [count] = tablet.run({ type: 'countStock', itemId: flour, locationId: dry, qty: 5 });
    const [recount] = tablet.run({ type: 'countStock', itemId: flour, locationId: dry, qty: 4 });
    expect(recount?.data).toMatchObject({ prev: [count?.id] });
    expect(tablet.state.stock.get(flour)?.get(dry)?.qty).toBe(4000);
    expect(tablet.state.stock.get(flour)?.get(cooler)?.qty).toBe(2000);
    expect(tablet.log.events.map((e) => e.type).slice(-6)).toEqual([
      'stock.received',
      'stock.used',
      'stock.wasted',
      'stock.moved',
      'stock.counted',
      'stock.counted',
    ]);
  });

  test.each([
    [0, 'Enter a quantity more than 0.'],
    [-2, 'Enter a quantity more than 0.'],
    [1.0001, 'Use at most 3 decimals (for example 1.25), and no more than a billion.'],
    [Number.NaN, 'Enter a quantity as a number.'],
  ])('a quantity of %s is refused: %s', (qty, message) => {
    const { tablet, flour, dry } = kitchen();
    const error = refused(() =>
      tablet.run({ type: 'useStock', itemId: flour, locationId: dry, qty }),
    );
    expect(error).toMatchObject({ code: 'invalid_quantity', field: 'qty', message });
  });

  test('a count of zero is fine, a negative count is not', () => {
    const { tablet, flour, dry } = kitchen();
    tablet.run({ type: 'countStock', itemId: flour, locationId: dry, qty: 0 });
    expect(
      refused(() => tablet.run({ type: 'countStock', itemId: flour, locationId: dry, qty: -1 }))
        .message,
    ).toBe('The quantity cannot be below 0.');
  });

  test('a count entered on the 3rd for the 31st sorts at the 31st: later uses apply on top', () => {
    const { tablet, flour, dry } = kitchen();
    const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
    tablet.now = day('2027-01-31') + 9 * 3600_000;
    tablet.run({ type: 'receiveStock', itemId: flour, locationId: dry, qty: 20, unitCost: 1 });
    tablet.now = day('2027-02-01') + 9 * 3600_000;
    tablet.run({ type: 'useStock', itemId: flour, locationId: dry, qty: 3 });
    tablet.now = day('2027-02-03') + 9 * 3600_000;
    const endOf31st = day('2027-02-01') - 1;
    const clockBefore = tablet.clock;
    const [count] = tablet.run({
      type: 'countStock',
      itemId: flour,
      locationId: dry,
      qty: 12,
      asOf: endOf31st,
    });
    // Stamped at the 31st, entered on the 3rd; the tablet's clock did not go back.
    expect(count?.hlc).toBe(encodeHlc({ wall: endOf31st, counter: 0 }));
    expect(count?.data).toMatchObject({ recordedAt: tablet.now, prev: [] });
    expect(tablet.clock).toBe(clockBefore);
    expect(validateEvent(count).ok).toBe(true);
    // 12 counted at the end of the 31st, 3 used on the 1st: 9 now; 12 as of the 1st.
    expect(tablet.state.stock.get(flour)?.get(dry)?.qty).toBe(9000);
    expect(tablet.state.counts.get(count!.id)).toMatchObject({ before: 20000, counted: 12000 });
    // What the tablet records next is stamped now, after everything.
    const [use] = tablet.run({ type: 'useStock', itemId: flour, locationId: dry, qty: 1 });
    expect(tablet.log.events.at(-1)?.id).toBe(use?.id);
  });

  test('a dated count has seen the counts entered before it, even those stamped after it', () => {
    const { tablet, flour, dry } = kitchen();
    const early = tablet.now;
    const [first] = tablet.run({ type: 'countStock', itemId: flour, locationId: dry, qty: 5 });
    tablet.now += 3600_000;
    const [second] = tablet.run({ type: 'countStock', itemId: flour, locationId: dry, qty: 4 });
    const asOf = early + 1000 + 1800_000;
    const [dated] = tablet.run({
      type: 'countStock',
      itemId: flour,
      locationId: dry,
      qty: 6,
      asOf,
    });
    expect(dated?.data).toMatchObject({ prev: [second?.id] });
    // The count of the hour after stays the stock: it is the later truth; no conflict.
    expect(tablet.state.stock.get(flour)?.get(dry)?.qty).toBe(4000);
    expect(tablet.state.counts.get(dated!.id)).toMatchObject({ before: 5000, counted: 6000 });
    expect(conflicts(tablet.state)).toEqual([]);
    expect(first).toBeDefined();
  });

  test('a count dated ahead, or more than 31 days back, is refused and nothing is recorded', () => {
    const { tablet, flour, dry } = kitchen();
    const size = tablet.log.size;
    for (const asOf of [tablet.now + 60_000, tablet.now - 32 * 86_400_000, 1.5]) {
      const error = refused(() =>
        tablet.run({ type: 'countStock', itemId: flour, locationId: dry, qty: 1, asOf }),
      );
      expect(error).toMatchObject({ code: 'bad_count_date', field: 'asOf' });
    }
    expect(tablet.log.size).toBe(size);
  });

  test('stock of an unknown or archived item or location is refused with a clear message', () => {
    const { tablet, flour, dry, cooler } = kitchen();
    const ghost = uuidV7(T0, 777);
    expect(
      refused(() => tablet.run({ type: 'useStock', itemId: ghost, locationId: dry, qty: 1 })).code,
    ).toBe('unknown_item');
    expect(
      refused(() => tablet.run({ type: 'receiveStock', itemId: flour, locationId: ghost, qty: 1 }))
        .code,
    ).toBe('unknown_location');
    tablet.run({ type: 'archiveLocation', locationId: cooler });
    expect(
      refused(() =>
        tablet.run({ type: 'moveStock', itemId: flour, from: dry, to: cooler, qty: 1 }),
      ),
    ).toMatchObject({ code: 'archived_location', field: 'to' });
    tablet.run({ type: 'archiveItem', itemId: flour });
    expect(
      refused(() => tablet.run({ type: 'countStock', itemId: flour, locationId: dry, qty: 1 })),
    ).toMatchObject({
      code: 'archived_item',
      message: '“Flour” is archived. Restore it first to record stock for it.',
    });
  });

  test('a move to the same location, a bad cost or a bad date is refused', () => {
    const { tablet, flour, dry } = kitchen();
    expect(
      refused(() => tablet.run({ type: 'moveStock', itemId: flour, from: dry, to: dry, qty: 1 })),
    ).toMatchObject({ code: 'same_location', field: 'to' });
    expect(
      refused(() =>
        tablet.run({ type: 'receiveStock', itemId: flour, locationId: dry, qty: 1, unitCost: 0 }),
      ).field,
    ).toBe('unitCost');
    expect(
      refused(() =>
        tablet.run({
          type: 'receiveStock',
          itemId: flour,
          locationId: dry,
          qty: 1,
          bestBefore: '2026-02-30',
        }),
      ),
    ).toMatchObject({ code: 'invalid_field', field: 'bestBefore' });
  });
});

describe('decide: undo and redo', () => {
  test('undo and redo of an entry; refusals for unknown, already undone, not undone', () => {
    const { tablet, flour, dry } = kitchen();
    const [used] = tablet.run({ type: 'useStock', itemId: flour, locationId: dry, qty: 1 });
    if (!used) throw new Error('no event');
    tablet.run({ type: 'undo', eventId: used.id });
    expect(tablet.state.stock.get(flour)?.get(dry)?.qty ?? 0).toBe(0);
    expect(refused(() => tablet.run({ type: 'undo', eventId: used.id })).code).toBe(
      'already_undone',
    );
    tablet.run({ type: 'redo', eventId: used.id });
    expect(tablet.state.stock.get(flour)?.get(dry)?.qty).toBe(-1000);
    expect(refused(() => tablet.run({ type: 'redo', eventId: used.id })).code).toBe('not_undone');
    expect(refused(() => tablet.run({ type: 'undo', eventId: uuidV7(T0, 555) })).code).toBe(
      'unknown_event',
    );
  });
});

describe('decide: causality', () => {
  test('stamps several events in one clock, each after the last, and returns the clock', () => {
    const { tablet } = kitchen();
    const stamps = tablet.log.events.map((e) => e.hlc);
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(stamps.length);
    // The wall clock going backwards does not make a stamp go backwards.
    tablet.now -= 60_000;
    const [event] = tablet.run({ type: 'addLocation', name: 'Freezer', kind: 'freezer' });
    expect(event && event.hlc > (stamps.at(-1) ?? '')).toBe(true);
  });

  test('what a tablet records sorts after everything it folded in from another tablet', () => {
    const a = kitchen();
    const b = new Tablet(DEVICE_B, 'JT');
    b.log.addAll(a.tablet.log.events);
    b.clock = a.tablet.clock; // as after hlcReceive of every pulled event
    b.now = T0; // its wall clock is behind
    const [event] = b.run({ type: 'useStock', itemId: a.flour, locationId: a.dry, qty: 1 });
    expect(fold(b.log.events).log.at(-1)).toEqual(event);
  });
});
