/**
 * A small week of a kitchen, end to end through the domain and the screens' models, with
 * every figure worked out by hand in the comments.
 */
import { describe, expect, test } from 'vitest';
import { biggestDifferences, countSessions } from '$lib/domain/count-sessions';
import { inventoryValue, itemValueBySource } from '$lib/domain/inventory-value';
import { orderList } from './order-list';
import { id, testKitchen } from './test-kitchen';
import { useFirst } from './use-first';

const DRY = id(1);
const FREEZER = id(2);
const RICE = id(11);
const CHICKEN = id(12);
const CHEESE = id(13);

function week() {
  const k = testKitchen();
  k.run({ type: 'addLocation', locationId: DRY, name: 'Dry store', kind: 'dry' });
  k.run({ type: 'addLocation', locationId: FREEZER, name: 'Freezer', kind: 'freezer' });
  k.run({ type: 'addItem', itemId: RICE, name: 'Rice', unit: 'kg', par: 20 });
  k.run({
    type: 'addItem',
    itemId: CHICKEN,
    name: 'Chicken',
    unit: 'lb',
    par: 40,
    supplier: 'Sysco',
  });
  k.run({ type: 'addItem', itemId: CHEESE, name: 'Cheese', unit: 'lb', par: 10 });
  // Monday's deliveries.
  const receive = { type: 'receiveStock' } as const;
  k.run({
    ...receive,
    itemId: RICE,
    locationId: DRY,
    qty: 25,
    unitCost: 1.2,
    supplier: 'Valley',
    bestBefore: '2027-03-01',
  });
  k.run({
    ...receive,
    itemId: CHICKEN,
    locationId: FREEZER,
    qty: 40,
    unitCost: 2.5,
    bestBefore: '2026-12-10',
  });
  k.run({
    ...receive,
    itemId: CHEESE,
    locationId: FREEZER,
    qty: 12,
    unitCost: 3,
    bestBefore: '2026-12-08',
    source: 'usda',
  });
  // Tuesday to Thursday: lunches, and cheese past its date.
  k.run({ type: 'useStock', itemId: RICE, locationId: DRY, qty: 6 });
  k.run({ type: 'useStock', itemId: CHICKEN, locationId: FREEZER, qty: 15 });
  k.run({ type: 'wasteStock', itemId: CHEESE, locationId: FREEZER, qty: 2, reason: 'expired' });
  k.run({ type: 'useStock', itemId: CHEESE, locationId: FREEZER, qty: 3 });
  k.run({ type: 'useStock', itemId: RICE, locationId: DRY, qty: 5 });
  k.run({ type: 'useStock', itemId: CHICKEN, locationId: FREEZER, qty: 12 });
  // Friday's count of both areas: rice 25 - 6 - 5 = 14 on record, 13 on the shelf.
  const dry = id(901);
  const freezer = id(902);
  k.run({ type: 'countStock', itemId: RICE, locationId: DRY, qty: 13, session: dry });
  k.run({ type: 'finishCount', session: dry, locationId: DRY, skipped: [] });
  k.run({ type: 'countStock', itemId: CHICKEN, locationId: FREEZER, qty: 13, session: freezer });
  k.run({ type: 'countStock', itemId: CHEESE, locationId: FREEZER, qty: 7, session: freezer });
  k.run({ type: 'finishCount', session: freezer, locationId: FREEZER, skipped: [] });
  return k;
}

describe('a week of a kitchen, checked by hand', () => {
  test('the counts: rice 1 kg short at 1.20, chicken (40 - 15 - 12) and cheese (12 - 2 - 3) right', () => {
    const sessions = countSessions(week().state);
    const byArea = Object.fromEntries(sessions.map((s) => [s.locationId, s]));
    expect(byArea[DRY]?.lines.map((l) => [l.before, l.counted, l.variance, l.value])).toEqual([
      [14, 13, -1, -1.2],
    ]);
    expect(byArea[DRY]?.varianceValue).toBe(-1.2);
    expect(byArea[FREEZER]?.lines.map((l) => [l.before, l.variance])).toEqual([
      [13, 0],
      [7, 0],
    ]);
    expect(biggestDifferences(byArea[FREEZER]!)).toEqual([]);
  });

  test('the value: rice 13 x 1.20 + chicken 13 x 2.50 + cheese 7 x 3.00 (USDA Foods) = 69.10', () => {
    const { state } = week();
    expect(inventoryValue(state).total).toBe(69.1);
    expect(itemValueBySource(state, CHEESE)).toEqual([{ source: 'usda', value: 21 }]);
  });

  test('the order: 7 kg rice from Valley (8.40), 27 lb chicken from Sysco (67.50), 3 lb cheese as USDA Foods', () => {
    const groups = orderList(week().state);
    expect(
      groups.map((g) => [
        g.supplier,
        g.lines.map((l) => [l.name, l.toOrder, l.lastUnitCost, l.source]),
      ]),
    ).toEqual([
      ['Sysco', [['Chicken', 27, 2.5, undefined]]],
      ['Valley', [['Rice', 7, 1.2, undefined]]],
      ['', [['Cheese', 3, 3, 'usda']]],
    ]);
  });

  test('use first on Wednesday 9 December: the cheese is past its date, the chicken due this week', () => {
    const groups = useFirst(week().state, '2026-12-09');
    expect(
      groups.map((g) => [g.group, g.lots.map((l) => [l.itemName, l.qty, l.daysLeft])]),
    ).toEqual([
      ['expired', [['Cheese', 7, -1]]],
      ['week', [['Chicken', 13, 1]]],
      ['later', [['Rice', 13, 82]]],
    ]);
  });
});
