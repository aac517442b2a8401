import { describe, expect, test } from 'vitest';
import { belowPar } from './below-par';
import { expiringWithin } from './expiring';
import { fold } from './fold';
import { inventoryValue } from './inventory-value';
import { microToCurrency } from './money';
import { stockOnHand } from './stock-on-hand';
import { COOLER, DRY, ITEM_FLOUR, ITEM_MILK, Timeline } from './test-support/events';

const lotsAt = (state: ReturnType<typeof fold>, itemId: string, locationId: string) =>
  state.stock
    .get(itemId)
    ?.get(locationId)
    ?.lots.map((lot) => [lot.qty, lot.bestBefore ?? null, lot.unitCost ?? null]);

describe('lots, first-in first-out', () => {
  test('uses draw the earliest best-before first, then the oldest received, undated last', () => {
    const t = new Timeline();
    const state = fold([
      ...t.catalog(),
      t.event('stock.received', { itemId: ITEM_MILK, locationId: COOLER, qty: 1, unitCost: 1 }),
      t.event('stock.received', {
        itemId: ITEM_MILK,
        locationId: COOLER,
        qty: 2,
        unitCost: 2,
        bestBefore: '2026-03-10',
      }),
      t.event('stock.received', {
        itemId: ITEM_MILK,
        locationId: COOLER,
        qty: 3,
        unitCost: 3,
        bestBefore: '2026-03-01',
      }),
      t.event('stock.received', {
        itemId: ITEM_MILK,
        locationId: COOLER,
        qty: 4,
        unitCost: 4,
        bestBefore: '2026-03-10',
      }),
      t.event('stock.used', { itemId: ITEM_MILK, locationId: COOLER, qty: 4 }),
    ]);
    expect(lotsAt(state, ITEM_MILK, COOLER)).toEqual([
      [1000, '2026-03-10', 2000],
      [4000, '2026-03-10', 4000],
      [1000, null, 1000],
    ]);
  });

  test('a move carries the lots it drew to the destination, with their dates and costs', () => {
    const t = new Timeline();
    const state = fold([
      ...t.catalog(),
      t.event('stock.received', {
        itemId: ITEM_MILK,
        locationId: COOLER,
        qty: 2,
        unitCost: 1.5,
        bestBefore: '2026-02-01',
        lot: 'L1',
        supplier: 'Metro Dairy',
      }),
      t.event('stock.received', {
        itemId: ITEM_MILK,
        locationId: COOLER,
        qty: 2,
        unitCost: 2,
        bestBefore: '2026-02-05',
      }),
      t.event('stock.moved', { itemId: ITEM_MILK, from: COOLER, to: DRY, qty: 3 }),
    ]);
    expect(lotsAt(state, ITEM_MILK, DRY)).toEqual([
      [2000, '2026-02-01', 1500],
      [1000, '2026-02-05', 2000],
    ]);
    expect(state.stock.get(ITEM_MILK)?.get(DRY)?.lots[0]).toMatchObject({
      lot: 'L1',
      supplier: 'Metro Dairy',
    });
    expect(lotsAt(state, ITEM_MILK, COOLER)).toEqual([[1000, '2026-02-05', 2000]]);
  });

  test('a move of more than the lots hold drives the source negative and brings unlotted stock at the last cost', () => {
    const t = new Timeline();
    const state = fold([
      ...t.catalog(),
      t.event('stock.received', { itemId: ITEM_MILK, locationId: COOLER, qty: 1, unitCost: 2 }),
      t.event('stock.moved', { itemId: ITEM_MILK, from: COOLER, to: DRY, qty: 3 }),
    ]);
    expect(state.stock.get(ITEM_MILK)?.get(COOLER)).toMatchObject({ qty: -2000, deficit: 2000 });
    expect(lotsAt(state, ITEM_MILK, DRY)).toEqual([
      [1000, null, 2000],
      [2000, null, 2000],
    ]);
  });

  test('stock received into a negative cell first covers the deficit', () => {
    const t = new Timeline();
    const state = fold([
      ...t.catalog(),
      t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 3 }),
      t.event('stock.received', { itemId: ITEM_FLOUR, locationId: DRY, qty: 5, unitCost: 1 }),
    ]);
    expect(state.stock.get(ITEM_FLOUR)?.get(DRY)).toMatchObject({ qty: 2000, deficit: 0 });
    expect(lotsAt(state, ITEM_FLOUR, DRY)).toEqual([[2000, null, 1000]]);
  });

  test('a count below the running total draws FIFO; above it adds a lot at the last known unit cost', () => {
    const t = new Timeline();
    const base = [
      ...t.catalog(),
      t.event('stock.received', {
        itemId: ITEM_FLOUR,
        locationId: DRY,
        qty: 5,
        unitCost: 1,
        bestBefore: '2026-05-01',
      }),
      t.event('stock.received', { itemId: ITEM_FLOUR, locationId: COOLER, qty: 1, unitCost: 1.2 }),
      t.event('stock.received', {
        itemId: ITEM_FLOUR,
        locationId: DRY,
        qty: 5,
        unitCost: 1.1,
        bestBefore: '2026-06-01',
      }),
    ];
    const below = fold([
      ...base,
      t.event('stock.counted', { itemId: ITEM_FLOUR, locationId: DRY, qty: 7, prev: [] }),
    ]);
    expect(lotsAt(below, ITEM_FLOUR, DRY)).toEqual([
      [2000, '2026-05-01', 1000],
      [5000, '2026-06-01', 1100],
    ]);
    const above = fold([
      ...base,
      t.event('stock.counted', { itemId: ITEM_FLOUR, locationId: DRY, qty: 12, prev: [] }),
    ]);
    expect(lotsAt(above, ITEM_FLOUR, DRY)).toEqual([
      [5000, '2026-05-01', 1000],
      [5000, '2026-06-01', 1100],
      [2000, null, 1100], // the last cost received for flour, wherever it went
    ]);
  });
});

describe('inventory value', () => {
  test('is the sum over lots of qty times unit cost, exact to the cent', () => {
    const t = new Timeline();
    const state = fold([
      ...t.catalog(),
      t.event('stock.received', { itemId: ITEM_FLOUR, locationId: DRY, qty: 0.1, unitCost: 0.2 }),
      t.event('stock.received', { itemId: ITEM_FLOUR, locationId: DRY, qty: 0.2, unitCost: 0.1 }),
      t.event('stock.received', {
        itemId: ITEM_MILK,
        locationId: COOLER,
        qty: 3.333,
        unitCost: 1.5,
      }),
      t.event('stock.received', { itemId: ITEM_MILK, locationId: COOLER, qty: 1 }),
    ]);
    const value = inventoryValue(state);
    expect(value.total).toBe(5.04); // 0.02 + 0.02 + 4.9995 = 5.0395
    expect(value.byLocation).toEqual([
      { locationId: COOLER, name: 'Cooler', value: 5 },
      { locationId: DRY, name: 'Dry store', value: 0.04 },
    ]);
    expect(value.unpriced).toEqual([{ itemId: ITEM_MILK, locationId: COOLER, qty: 1 }]);
    expect(stockOnHand(state).map((row) => row.value)).toEqual([0.04, 5]);
  });

  test('rounds half away from zero, also for huge products beyond 2^53', () => {
    expect(microToCurrency(5_000n)).toBe(0.01);
    expect(microToCurrency(4_999n)).toBe(0);
    expect(microToCurrency(-15_000n)).toBe(-0.02);
    const t = new Timeline();
    const state = fold([
      ...t.catalog(),
      t.event('stock.received', {
        itemId: ITEM_FLOUR,
        locationId: DRY,
        qty: 900_000_000,
        unitCost: 100_000,
      }),
    ]);
    expect(inventoryValue(state).total).toBe(90_000_000_000_000);
  });
});

describe('alerts', () => {
  test('expiringWithin lists dated lots due within the days (past ones flagged), soonest first', () => {
    const t = new Timeline();
    const state = fold([
      ...t.catalog(),
      t.event('stock.received', {
        itemId: ITEM_MILK,
        locationId: COOLER,
        qty: 2,
        bestBefore: '2026-01-12',
        lot: 'B7',
      }),
      t.event('stock.received', {
        itemId: ITEM_MILK,
        locationId: COOLER,
        qty: 1,
        bestBefore: '2026-01-08',
      }),
      t.event('stock.received', {
        itemId: ITEM_FLOUR,
        locationId: DRY,
        qty: 1,
        bestBefore: '2026-01-20',
      }),
      t.event('stock.received', { itemId: ITEM_FLOUR, locationId: DRY, qty: 1 }),
    ]);
    const rows = expiringWithin(state, '2026-01-10', 3);
    expect(rows.map((r) => [r.bestBefore, r.qty, r.daysLeft, r.expired, r.lot ?? null])).toEqual([
      ['2026-01-08', 1, -2, true, null],
      ['2026-01-12', 2, 2, false, 'B7'],
    ]);
    expect(expiringWithin(state, '2026-01-10', 10)).toHaveLength(3);
  });

  test('belowPar lists items under par with the quantity that brings them back to it', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const state = fold([
      ...catalog,
      t.event('item.changed', { itemId: ITEM_MILK, changes: { par: 2 }, prev: [] }),
      t.event('stock.received', { itemId: ITEM_FLOUR, locationId: DRY, qty: 3 }),
      t.event('stock.received', { itemId: ITEM_FLOUR, locationId: COOLER, qty: 1.5 }),
      t.event('stock.received', { itemId: ITEM_MILK, locationId: COOLER, qty: 2 }),
    ]);
    expect(belowPar(state)).toEqual([
      { itemId: ITEM_FLOUR, name: 'Flour', unit: 'kg', par: 10, onHand: 4.5, toOrder: 5.5 },
    ]);
    const negative = fold([
      ...catalog,
      t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 3 }),
    ]);
    expect(belowPar(negative)[0]).toMatchObject({ onHand: -3, toOrder: 10 });
  });
});
