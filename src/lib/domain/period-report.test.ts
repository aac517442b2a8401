import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { FOOD_SOURCES } from './events';
import { fold, sortLog } from './fold';
import { hlcWall } from './hlc';
import type { Micro } from './money';
import {
  periodReport,
  stateAsOf,
  turnoverOf,
  valueBreakdown,
  type BySource,
} from './period-report';
import { kitchenLog } from './test-support/arbitraries';
import { DRY, ITEM_FLOUR, Timeline } from './test-support/events';
import { Tablet } from './test-support/tablet';

const day = (iso: string) => Date.parse(`${iso}T12:00:00Z`);
const FEB = day('2027-02-01') - 12 * 3600_000;
const MAR = day('2027-03-01') - 12 * 3600_000;
/** Currency units in millionths, for expectations written in dollars and cents. */
const $ = (dollars: number): Micro => BigInt(Math.round(dollars * 100)) * 10_000n;

/** A February in a small kitchen, with every figure worked out by hand below. */
function february() {
  const t = new Tablet();
  const on = (iso: string) => (t.now = day(iso));
  on('2027-01-10');
  const peaches = t.added({ type: 'addItem', name: 'Peaches', unit: 'can', category: 'Canned' });
  const cheese = t.added({ type: 'addItem', name: 'Cheese', unit: 'lb', category: 'Dairy' });
  const dry = t.added({ type: 'addLocation', name: 'Dry', kind: 'dry' });
  const cooler = t.added({ type: 'addLocation', name: 'Cooler', kind: 'cooler' });
  t.run({ type: 'setPack', itemId: peaches, pack: 'case', factor: 6 });
  on('2027-01-20');
  // Before the month: 10 cans at 1.00.
  t.run({
    type: 'receiveStock',
    itemId: peaches,
    locationId: dry,
    qty: 10,
    unitCost: 1,
    supplier: 'Sysco',
  });
  on('2027-02-03');
  // USDA Foods: 20 lb at 2.50 = 50.00.
  t.run({
    type: 'receiveStock',
    itemId: cheese,
    locationId: cooler,
    qty: 20,
    unitCost: 2.5,
    supplier: 'USDA',
    source: 'usda',
  });
  on('2027-02-05');
  // 2 cases at 9.00 a case: 12 cans worth 18.00 (1.50 a can).
  t.run({
    type: 'receiveStock',
    itemId: peaches,
    locationId: dry,
    qty: [{ qty: 2, unit: 'case' }],
    packCost: { pack: 'case', cost: 9 },
    supplier: 'Sysco',
  });
  on('2027-02-10');
  // 12 cans used, first in first out: 10 at 1.00 and 2 at 1.50 = 13.00.
  t.run({ type: 'useStock', itemId: peaches, locationId: dry, qty: 12 });
  on('2027-02-12');
  // 2 lb of cheese spoiled: 5.00 of USDA Foods.
  t.run({ type: 'wasteStock', itemId: cheese, locationId: cooler, qty: 2, reason: 'spoiled' });
  on('2027-02-20');
  // 10 cans on record (at 1.50), 8 on the shelf: 2 missing, 3.00.
  t.run({ type: 'countStock', itemId: peaches, locationId: dry, qty: 8 });
  on('2027-02-25');
  // A delivery entered by mistake and undone: no purchase.
  const [wrong] = t.run({
    type: 'receiveStock',
    itemId: peaches,
    locationId: dry,
    qty: 1,
    unitCost: 1,
  });
  t.run({ type: 'undo', eventId: wrong!.id });
  on('2027-03-02');
  // After the month: not in it.
  t.run({ type: 'useStock', itemId: cheese, locationId: cooler, qty: 1 });
  return { t, peaches, cheese, dry, cooler };
}

describe('the kitchen as of a moment', () => {
  test('folds the events stamped before it, with the undos made by then', () => {
    const t = new Timeline();
    const catalog = t.catalog();
    const used = t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 2 });
    const undo = t.event('event.undone', { eventId: used.id });
    const log = sortLog([...catalog, used, undo]);
    expect(fold(log).stock.get(ITEM_FLOUR)?.get(DRY)?.qty ?? 0).toBe(0);
    const asOf = stateAsOf(log, hlcWall(used.hlc) + 1);
    expect(asOf.stock.get(ITEM_FLOUR)?.get(DRY)?.qty).toBe(-2000);
    expect(asOf.log).toHaveLength(catalog.length + 1);
    expect(stateAsOf(log, 0).items.size).toBe(0);
  });
});

describe('period report', () => {
  test('a hand-checked February', () => {
    const { t, peaches, cheese, dry, cooler } = february();
    const report = periodReport(t.state.log, FEB, MAR);
    // Opening: the 10 cans at 1.00.
    expect(report.opening.total).toBe($(10));
    expect(report.opening.bySource).toEqual({ purchased: $(10), usda: 0n, donated: 0n });
    expect(report.opening.byLocation).toEqual(new Map([[dry, $(10)]]));
    expect(report.opening.byCategory).toEqual(new Map([['Canned', $(10)]]));
    // Purchases: 50.00 of cheese (USDA) + 18.00 of peaches = 68.00; the undone one is not.
    expect(report.purchases.total).toBe($(68));
    expect(report.purchases.bySource).toEqual({ purchased: $(18), usda: $(50), donated: 0n });
    expect(report.purchases.bySupplier).toEqual(
      new Map([
        ['USDA', $(50)],
        ['Sysco', $(18)],
      ]),
    );
    // Closing: 8 cans at 1.50 = 12.00, and 18 lb of cheese at 2.50 = 45.00: 57.00.
    expect(report.closing.total).toBe($(57));
    expect(report.closing.bySource).toEqual({ purchased: $(12), usda: $(45), donated: 0n });
    expect(report.closing.byLocation).toEqual(
      new Map([
        [dry, $(12)],
        [cooler, $(45)],
      ]),
    );
    expect(report.closing.byCategory).toEqual(
      new Map([
        ['Canned', $(12)],
        ['Dairy', $(45)],
      ]),
    );
    // Cost of food: 10 + 68 - 57 = 21.00 = 13.00 used + 5.00 wasted + 3.00 missing.
    expect(report.costOfFood.total).toBe($(21));
    // Purchased: 10 + 18 - 12 = 16 (13 used, 3 missing); USDA: 0 + 50 - 45 = 5 (wasted).
    expect(report.costOfFood.bySource).toEqual({ purchased: $(16), usda: $(5), donated: 0n });
    expect(report.usage.total).toBe($(13));
    expect(report.usage.byItem.get(peaches)).toEqual({
      itemId: peaches,
      qty: 12_000,
      value: $(13),
    });
    expect(report.usage.entries).toEqual([
      { itemId: peaches, at: day('2027-02-10') + 1000, qty: 12_000, value: $(13) },
    ]);
    expect(report.waste.total).toBe($(5));
    expect(report.waste.byReason).toEqual(new Map([['spoiled', $(5)]]));
    expect(report.waste.byItem.get(cheese)).toEqual({ itemId: cheese, qty: 2_000, value: $(5) });
    expect(report.waste.entries).toEqual([
      expect.objectContaining({
        itemId: cheese,
        locationId: cooler,
        qty: 2_000,
        reason: 'spoiled',
        value: $(5),
        at: day('2027-02-12') + 1000,
      }),
    ]);
    expect(report.counts).toEqual([
      expect.objectContaining({
        itemId: peaches,
        locationId: dry,
        actor: 'MG',
        at: day('2027-02-20') + 1000,
        variance: -2_000,
        valueChange: -$(3),
      }),
    ]);
  });

  test('turnover and months on hand of the hand-checked February, per source', () => {
    const report = periodReport(february().t.state.log, FEB, MAR);
    const turns = turnoverOf(report);
    // February is 28 days: 28 / 30.4375 = 0.91992 months.
    // Purchased: 16.00 used up ÷ (10.00 + 12.00) / 2 = 1.4545 turns; 16.00 a period is
    // 17.393 a month, so 12.00 at the end lasts 0.6899 months.
    expect(turns.purchased.turnover).toBeCloseTo(16 / 11, 6);
    expect(turns.purchased.monthsOnHand).toBeCloseTo(12 / (16 / (28 / 30.4375)), 6);
    expect(turns.purchased.flagged).toBe(false);
    // USDA Foods: 5.00 ÷ (0 + 45.00) / 2 = 0.2222 turns; 45.00 at 5.435 a month lasts 8.28
    // months: more than six, flagged.
    expect(turns.usda.turnover).toBeCloseTo(5 / 22.5, 6);
    expect(turns.usda.monthsOnHand).toBeCloseTo(45 / (5 / (28 / 30.4375)), 6);
    expect(turns.usda.monthsOnHand).toBeGreaterThan(8.2);
    expect(turns.usda.flagged).toBe(true);
    // Total: 21.00 ÷ (10.00 + 57.00) / 2 = 0.6269 turns.
    expect(turns.total.turnover).toBeCloseTo(21 / 33.5, 6);
    // Nothing donated: no turnover to speak of, nothing flagged.
    expect(turns.donated).toEqual({ flagged: false });
  });

  test('a delivery of one month undone the next is taken off the next month’s purchases', () => {
    const { t, peaches } = february();
    t.now = day('2027-03-05');
    const [late] = t.state.log.filter(
      (e) => e.type === 'stock.received' && e.data.qty === 12 && e.data.itemId === peaches,
    );
    t.run({ type: 'undo', eventId: late!.id });
    const april = day('2027-04-01');
    const march = periodReport(t.state.log, MAR, april);
    expect(march.purchases.total).toBe(-$(18));
    expect(march.purchases.bySupplier.get('Sysco')).toBe(-$(18));
    // February, as seen at its end, still had it.
    expect(periodReport(t.state.log, FEB, MAR).purchases.total).toBe($(68));
  });
});

describe('a count entered on the 3rd for the 31st', () => {
  test('is in the month it stands for: its closing value and its counts', () => {
    const t = new Tablet();
    const jan = day('2027-01-01') - 12 * 3600_000;
    t.now = day('2027-01-10');
    const flour = t.added({ type: 'addItem', name: 'Flour', unit: 'kg' });
    const dry = t.added({ type: 'addLocation', name: 'Dry', kind: 'dry' });
    t.run({ type: 'receiveStock', itemId: flour, locationId: dry, qty: 20, unitCost: 1 });
    t.now = day('2027-02-01');
    t.run({ type: 'useStock', itemId: flour, locationId: dry, qty: 3 });
    t.now = day('2027-02-03');
    const asOf = FEB - 1;
    const [count] = t.run({ type: 'countStock', itemId: flour, locationId: dry, qty: 12, asOf });
    const january = periodReport(t.state.log, jan, FEB);
    // 20 kg at 1.00 received, 12 counted at the end of the 31st: 12.00 on hand, 8.00 gone.
    expect(january.closing.total).toBe($(12));
    expect(january.costOfFood.total).toBe($(8));
    expect(january.counts).toEqual([
      expect.objectContaining({ eventId: count?.id, at: asOf, variance: -8000 }),
    ]);
    // February starts from the count; the 3 kg used on the 1st come off it.
    const february = periodReport(t.state.log, FEB, MAR);
    expect(february.opening.total).toBe($(12));
    expect(february.closing.total).toBe($(9));
    expect(february.counts).toEqual([]);
  });
});

const sum = (bySource: BySource) => FOOD_SOURCES.reduce((s, source) => s + bySource[source], 0n);

describe('period report properties', () => {
  const T0 = 1_767_225_600_000;
  const bounds = fc
    .tuple(fc.nat(32_000), fc.nat(32_000), fc.nat(32_000))
    .map((walls) => walls.sort((a, b) => a - b).map((w) => T0 + w) as [number, number, number]);

  test('the value at the end of a period is the value of the log cut there', () => {
    fc.assert(
      fc.property(kitchenLog(40), bounds, (events, [from, , to]) => {
        const report = periodReport(sortLog(events), from, to);
        const cut = fold(events.filter((e) => hlcWall(e.hlc) < to));
        expect(report.closing).toEqual(valueBreakdown(cut));
        const before = fold(events.filter((e) => hlcWall(e.hlc) < from));
        expect(report.opening).toEqual(valueBreakdown(before));
        expect(valueBreakdown(stateAsOf(sortLog(events), from))).toEqual(report.opening);
      }),
      { numRuns: 200 },
    );
  });

  test('cost of food and purchases add up across consecutive periods', () => {
    fc.assert(
      fc.property(kitchenLog(40), bounds, (events, [a, b, c]) => {
        const log = sortLog(events);
        const [first, second, whole] = [
          periodReport(log, a, b),
          periodReport(log, b, c),
          periodReport(log, a, c),
        ];
        expect(first.costOfFood.total + second.costOfFood.total).toBe(whole.costOfFood.total);
        expect(first.purchases.total + second.purchases.total).toBe(whole.purchases.total);
        for (const figure of ['transfersIn', 'transfersOut'] as const) {
          expect(first[figure].total + second[figure].total).toBe(whole[figure].total);
        }
        for (const source of FOOD_SOURCES) {
          expect(first.costOfFood.bySource[source] + second.costOfFood.bySource[source]).toBe(
            whole.costOfFood.bySource[source],
          );
        }
      }),
      { numRuns: 200 },
    );
  });

  test('sources add up to the total', () => {
    fc.assert(
      fc.property(kitchenLog(40), bounds, (events, [from, , to]) => {
        const report = periodReport(sortLog(events), from, to);
        for (const figures of [
          report.opening,
          report.closing,
          report.purchases,
          report.transfersIn,
          report.transfersOut,
          report.costOfFood,
        ])
          expect(sum(figures.bySource)).toBe(figures.total);
        const byArea = [...report.closing.byLocation.values()].reduce((s, v) => s + v, 0n);
        expect(byArea).toBe(report.closing.total);
      }),
      { numRuns: 200 },
    );
  });
});
