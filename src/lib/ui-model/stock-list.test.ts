import { describe, expect, it } from 'vitest';
import { filterLines, groupLines, NO_CATEGORY, stockLines, type StockLine } from './stock-list';
import { DEVICE_A, DEVICE_B, id, testKitchen } from './test-kitchen';

const [L1, L2, I1, I2, I3] = [1, 2, 3, 4, 5].map(id) as [string, string, string, string, string];

function sample() {
  const k = testKitchen();
  k.run({ type: 'addLocation', locationId: L1, name: 'Walk-in freezer', kind: 'freezer' });
  k.run({ type: 'addLocation', locationId: L2, name: 'Dry storage', kind: 'dry' });
  k.run({
    type: 'addItem',
    itemId: I1,
    name: 'Chicken thighs',
    unit: 'kg',
    category: 'Meat',
    par: 10,
  });
  k.run({ type: 'addItem', itemId: I2, name: 'Rice', unit: 'kg', category: 'Dry goods' });
  k.run({ type: 'addItem', itemId: I3, name: 'Milk', unit: 'l' });
  k.run({ type: 'receiveStock', itemId: I1, locationId: L1, qty: 4, bestBefore: '2027-01-02' });
  k.run({ type: 'receiveStock', itemId: I2, locationId: L2, qty: 20 });
  k.run({ type: 'moveStock', itemId: I2, from: L2, to: L1, qty: 2.5 });
  k.run({ type: 'useStock', itemId: I3, locationId: L2, qty: 1 });
  return k;
}

describe('stock screen lines', () => {
  it('flags below par, expiring soon and below zero', () => {
    const lines = stockLines(sample().state, '2027-01-01');
    const by = Object.fromEntries(lines.map((l) => [l.name, l]));
    expect(by['Chicken thighs']).toMatchObject({ qty: 4, belowPar: true, negative: false });
    expect(by['Chicken thighs']?.expiring).toEqual({ bestBefore: '2027-01-02', expired: false });
    expect(by['Rice']).toMatchObject({ qty: 20, belowPar: false, negative: false });
    expect(by['Rice']?.expiring).toBeUndefined();
    expect(by['Milk']).toMatchObject({ qty: -1, negative: true, category: NO_CATEGORY });
  });

  it('does not flag lots far from their best-before', () => {
    const lines = stockLines(sample().state, '2026-12-01');
    expect(lines.find((l) => l.name === 'Chicken thighs')?.expiring).toBeUndefined();
  });

  it('flags an item with concurrent edits of one field', () => {
    const k = sample();
    const base = k.state;
    k.run({ type: 'changeItem', itemId: I2, changes: { par: 5 } }, 'JT', DEVICE_A);
    const first = k.events.at(-1)!;
    k.state = base;
    k.run({ type: 'changeItem', itemId: I2, changes: { par: 8 } }, 'RS', DEVICE_B);
    expect(k.events).toContain(first);
    const rice = stockLines(k.state, '2027-01-01').find((l) => l.name === 'Rice');
    expect(rice?.conflict).toBe(true);
  });

  it('filters by every word typed, in name, category or location', () => {
    const lines = stockLines(sample().state, '2027-01-01');
    expect(filterLines(lines, 'chick').map((l) => l.name)).toEqual(['Chicken thighs']);
    expect(
      filterLines(lines, 'DRY')
        .map((l) => l.name)
        .sort(),
    ).toEqual(['Milk', 'Rice']);
    expect(filterLines(lines, 'rice freezer').map((l) => l.name)).toEqual(['Rice']);
    expect(filterLines(lines, '  ')).toHaveLength(3);
    expect(filterLines(lines, 'zzz')).toEqual([]);
  });

  it('groups by category with uncategorised items last', () => {
    const groups = groupLines(stockLines(sample().state, '2027-01-01'), 'category');
    expect(groups.map((g) => g.title)).toEqual(['Dry goods', 'Meat', NO_CATEGORY]);
  });

  it('groups by location, one row per place holding the item', () => {
    const groups = groupLines(stockLines(sample().state, '2027-01-01'), 'location');
    const rows = groups.map((g) => [g.title, g.lines.map((l) => `${l.line.name} ${l.qty}`)]);
    expect(rows).toEqual([
      ['Dry storage', ['Milk -1', 'Rice 17.5']],
      ['Walk-in freezer', ['Chicken thighs 4', 'Rice 2.5']],
    ]);
  });

  it('keeps the row entries of an unchanged line, so the list redraws only changed rows', () => {
    const lines = stockLines(sample().state, '2027-01-01');
    const [first, ...rest] = lines as [StockLine, ...StockLine[]];
    const changed = { ...first, qty: first.qty - 1 };
    for (const grouping of ['category', 'location'] as const) {
      const entries = (ls: StockLine[]) =>
        groupLines(ls, grouping).flatMap((g) => g.lines.map((entry) => [entry.line.name, entry]));
      const before = new Map(entries(lines) as [string, unknown][]);
      const after = new Map(entries([changed, ...rest]) as [string, unknown][]);
      for (const [name, entry] of after) {
        if (name === first.name) expect(entry).not.toBe(before.get(name));
        else expect(entry).toBe(before.get(name));
      }
    }
  });
});
