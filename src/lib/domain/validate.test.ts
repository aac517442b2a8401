import { describe, expect, test } from 'vitest';
import { hlcWall } from './hlc';
import { dataSchemas, legacyDataSchemas } from './schemas';
import { Timeline, ITEM_FLOUR, DRY, COOLER } from './test-support/events';
import { assertEvent, canonicalJson, InvalidEventError, validateEvent } from './validate';

const t = new Timeline();
const good = t.event('stock.received', {
  itemId: ITEM_FLOUR,
  locationId: DRY,
  qty: 2.5,
  unitCost: 1.99,
  bestBefore: '2026-02-28',
  lot: 'L-7',
  supplier: 'Valley Foods',
});

const TRANSFER = '44444444-0000-4000-8000-000000000001';
const sent = t.event('stock.sent', {
  transferId: TRANSFER,
  toKitchen: 'washington-middle',
  toKitchenName: 'Washington Middle',
  itemId: ITEM_FLOUR,
  locationId: DRY,
  qty: 2.5,
  itemName: 'Flour',
  unit: 'kg',
  packs: { sack: 25 },
  lots: [
    { qty: 2, unitCost: 1.2, bestBefore: '2026-03-01', lot: 'A1' },
    { qty: 0.5, unitCost: 30, costPer: 25, source: 'usda' },
  ],
});
const received = t.event('transfer.received', {
  transferId: TRANSFER,
  fromKitchen: 'lincoln-elementary',
  sentItemId: ITEM_FLOUR,
  itemId: ITEM_FLOUR,
  locationId: COOLER,
  qty: 2,
  sentQty: 2.5,
  lots: sent.data.lots,
});

const pathsOf = (input: unknown) => {
  const result = validateEvent(input);
  return result.ok ? [] : result.issues.map((issue) => issue.path);
};

describe('validateEvent', () => {
  test('accepts a well-formed event of each kind', () => {
    const events = [
      ...t.catalog(),
      good,
      t.event('item.changed', { itemId: ITEM_FLOUR, changes: { allergens: ['gluten'] }, prev: [] }),
      t.event('location.changed', { locationId: DRY, changes: { kind: 'other' }, prev: [good.id] }),
      t.event('stock.moved', { itemId: ITEM_FLOUR, from: DRY, to: COOLER, qty: 1 }),
      t.event('stock.counted', { itemId: ITEM_FLOUR, locationId: DRY, qty: 0, prev: [] }),
      t.event('stock.counted', {
        itemId: ITEM_FLOUR,
        locationId: DRY,
        qty: 1,
        prev: [],
        session: DRY,
      }),
      t.event('location.changed', {
        locationId: DRY,
        changes: { shelfOrder: [ITEM_FLOUR] },
        prev: [],
      }),
      t.event('count.finished', { session: DRY, locationId: DRY, skipped: [ITEM_FLOUR] }),
      t.event('item.pack-changed', { itemId: ITEM_FLOUR, pack: 'case', factor: 6, prev: [] }),
      t.event('item.pack-changed', { itemId: ITEM_FLOUR, pack: 'case', factor: null, prev: [] }),
      t.event('stock.wasted', { itemId: ITEM_FLOUR, locationId: DRY, qty: 1, reason: 'expired' }),
      t.event('event.undone', { eventId: good.id }),
      sent,
      received,
      t.event('transfer.refused', {
        transferId: TRANSFER,
        fromKitchen: 'lincoln-elementary',
        reason: 'Spoilt on arrival',
      }),
    ];
    for (const event of events) expect(validateEvent(event)).toMatchObject({ ok: true });
    expect(Object.keys(dataSchemas)).toHaveLength(20);
  });

  test('a transfer line lists the lots it was drawn from, adding up to what was sent', () => {
    const lots = [{ qty: 1.5, unitCost: 2 }];
    expect(pathsOf({ ...sent, data: { ...sent.data, lots } })).toEqual(['data.lots']);
    expect(pathsOf({ ...received, data: { ...received.data, lots } })).toEqual(['data.lots']);
    // What arrived may be nothing at all (a line missing), never what was sent.
    expect(pathsOf({ ...received, data: { ...received.data, qty: 0 } })).toEqual([]);
    expect(pathsOf({ ...sent, data: { ...sent.data, qty: 0, lots: [] } })).toEqual(['data.qty']);
    expect(pathsOf({ ...sent, data: { ...sent.data, toKitchen: 'Lincoln/../x' } })).toEqual([
      'data.toKitchen',
    ]);
    const badLot = [{ qty: 2.5, unitCost: 1, source: 'stolen' }];
    expect(pathsOf({ ...sent, data: { ...sent.data, lots: badLot } })).toEqual([
      'data.lots.0.source',
    ]);
  });

  test('a shelf order and a finished count name items by id, and say which entry is wrong', () => {
    const order = (shelfOrder: string[]) =>
      t.event('location.changed', { locationId: DRY, changes: { shelfOrder }, prev: [] });
    expect(pathsOf(order([ITEM_FLOUR, 'flour']))).toEqual(['data.changes.shelfOrder.1']);
    expect(pathsOf(order(Array<string>(5001).fill(ITEM_FLOUR)))).toEqual([
      'data.changes.shelfOrder',
    ]);
    const finished = t.event('count.finished', { session: DRY, locationId: DRY, skipped: [] });
    const { skipped: _skipped, ...withoutSkipped } = finished.data;
    expect(pathsOf({ ...finished, data: withoutSkipped })).toEqual(['data.skipped']);
    const counted = { itemId: ITEM_FLOUR, locationId: DRY, qty: 1, prev: [], session: 'x' };
    expect(pathsOf(t.event('stock.counted', counted))).toEqual(['data.session']);
  });

  test('a count dated back says when it was entered: after its stamp, within 31 days', () => {
    const count = t.event('stock.counted', {
      itemId: ITEM_FLOUR,
      locationId: DRY,
      qty: 1,
      prev: [],
    });
    const wall = hlcWall(count.hlc);
    const entered = (recordedAt: number) => ({ ...count, data: { ...count.data, recordedAt } });
    expect(pathsOf(entered(wall))).toEqual([]);
    expect(pathsOf(entered(wall + 31 * 86_400_000))).toEqual([]);
    expect(pathsOf(entered(wall - 1))).toEqual(['data.recordedAt']);
    expect(pathsOf(entered(wall + 31 * 86_400_000 + 1))).toEqual(['data.recordedAt']);
    expect(pathsOf(entered(wall + 0.5))).toEqual(['data.recordedAt']);
  });

  test('an item may name its supplier for orders, within a length', () => {
    const change = (supplier: string) =>
      t.event('item.changed', { itemId: ITEM_FLOUR, changes: { supplier }, prev: [] });
    expect(validateEvent(change('Valley Foods'))).toMatchObject({ ok: true });
    expect(pathsOf(change('x'.repeat(81)))).toEqual(['data.changes.supplier']);
  });

  test.each([
    [{ qty: 0 }, 'data.qty', 'must be more than 0'],
    [{ qty: -1 }, 'data.qty', 'must be more than 0'],
    [{ qty: 1.0005 }, 'data.qty', 'must be a finite number with at most 3 decimals'],
    [{ qty: '2' }, 'data.qty', 'must be a number'],
    [{ unitCost: 0 }, 'data.unitCost', 'must be more than 0'],
    [{ bestBefore: '2026-02-30' }, 'data.bestBefore', 'must be a real calendar date'],
    [{ bestBefore: '28/02/2026' }, 'data.bestBefore', 'must be a date as YYYY-MM-DD'],
    [{ itemId: 'flour' }, 'data.itemId', 'must be a UUID'],
    [{ colour: 'red' }, 'data.colour', undefined],
  ])('refuses data %o at %s', (change, path, message) => {
    const result = validateEvent({ ...good, data: { ...good.data, ...change } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]?.path).toBe(path);
    if (message) expect(result.issues[0]?.message).toBe(message);
  });

  test('refuses a bad envelope, naming the field', () => {
    expect(pathsOf({ ...good, id: 'not-a-uuid' })).toEqual(['id']);
    expect(pathsOf({ ...good, hlc: '2026-01-01' })).toEqual(['hlc']);
    expect(pathsOf({ ...good, actor: '  ' })).toEqual(['actor']);
    expect(pathsOf({ ...good, v: 1.5 })).toEqual(['v']);
    expect(pathsOf({ ...good, extra: true })).toEqual(['extra']);
    expect(pathsOf({ ...good, type: 'stock.stolen' })).toEqual(['type']);
    expect(pathsOf({ ...good, v: 7 })).toEqual(['v']);
    expect(pathsOf('not an event')).toEqual(['']);
  });

  test('refuses a move to the same place at data.to, and empty changes at data.changes', () => {
    expect(
      pathsOf(t.event('stock.moved', { itemId: ITEM_FLOUR, from: DRY, to: DRY, qty: 1 })),
    ).toEqual(['data.to']);
    expect(pathsOf(t.event('item.changed', { itemId: ITEM_FLOUR, changes: {}, prev: [] }))).toEqual(
      ['data.changes'],
    );
    expect(
      pathsOf(t.event('item.changed', { itemId: ITEM_FLOUR, changes: { name: '' }, prev: [] })),
    ).toEqual(['data.changes.name']);
    expect(
      pathsOf(
        t.event('stock.counted', { itemId: ITEM_FLOUR, locationId: DRY, qty: 1, prev: ['x'] }),
      ),
    ).toEqual(['data.prev.0']);
  });

  test('accepts stock.wasted v1 with a free-text reason and returns it upcast', () => {
    const v1 = {
      ...good,
      type: 'stock.wasted',
      v: 1,
      data: { itemId: ITEM_FLOUR, locationId: DRY, qty: 1, reason: 'expired' },
    };
    const result = validateEvent(v1);
    expect(result.ok && result.current).toMatchObject({ v: 2, data: { reason: 'expired' } });
    expect(legacyDataSchemas['stock.wasted']?.[1]).toBeDefined();
    expect(pathsOf({ ...v1, data: { ...v1.data, reason: '' } })).toEqual(['data.reason']);
  });

  test('assertEvent throws InvalidEventError listing the issues', () => {
    expect(() => assertEvent(good)).not.toThrow();
    expect(() => assertEvent({ ...good, data: { ...good.data, qty: 0 } })).toThrow(
      new InvalidEventError([{ path: 'data.qty', message: 'must be more than 0' }]),
    );
    expect(() => assertEvent(null)).toThrow(/Invalid event: event/);
  });

  test('canonicalJson ignores key order, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 }),
    );
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});
