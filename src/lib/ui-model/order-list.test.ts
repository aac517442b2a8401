import { describe, expect, it } from 'vitest';
import { id, testKitchen } from './test-kitchen';
import { inItemUnits, orderList, orderValue, type OrderLine } from './order-list';

describe('order list', () => {
  it('lists items below par by the supplier of their latest delivery, with its unit cost', () => {
    const k = testKitchen();
    k.run({ type: 'addLocation', locationId: id(1), name: 'Dry', kind: 'dry' });
    k.run({ type: 'addItem', itemId: id(2), name: 'Rice', unit: 'kg', par: 10 });
    k.run({ type: 'addItem', itemId: id(3), name: 'Beans', unit: 'can', par: 24 });
    k.run({ type: 'addItem', itemId: id(4), name: 'Oats', unit: 'kg', par: 2 });
    k.run({ type: 'addItem', itemId: id(5), name: 'Salt', unit: 'kg', par: 1 });
    const receive = (itemId: string, qty: number, supplier?: string, unitCost?: number) =>
      k.run({
        type: 'receiveStock',
        itemId,
        locationId: id(1),
        qty,
        ...(supplier && { supplier }),
        ...(unitCost !== undefined && { unitCost }),
      });
    receive(id(2), 3, 'Sysco', 1.1);
    receive(id(2), 1, 'Bidfood', 1.25);
    receive(id(3), 4, 'Sysco', 0.8);
    const [undone] = receive(id(3), 2, 'Gordon', 0.9);
    k.run({ type: 'undo', eventId: undone!.id });
    receive(id(4), 5, 'Sysco', 2);
    const groups = orderList(k.state);
    expect(
      groups.map((g) => [g.supplier, g.lines.map((l) => [l.name, l.toOrder, l.lastUnitCost])]),
    ).toEqual([
      ['Bidfood', [['Rice', 6, 1.25]]],
      ['Sysco', [['Beans', 20, 0.8]]],
      ['', [['Salt', 1, undefined]]],
    ]);
    // The supplier set on an item wins over its deliveries'.
    k.run({ type: 'changeItem', itemId: id(5), changes: { supplier: ' Sysco ' } });
    expect(orderList(k.state).map((g) => [g.supplier, g.lines.map((l) => l.name)])).toEqual([
      ['Bidfood', ['Rice']],
      ['Sysco', ['Beans', 'Salt']],
    ]);
  });

  it('values a line exactly to the cent', () => {
    const line = (price: Partial<OrderLine>) =>
      ({ orderFactor: 1, ...price }) as unknown as OrderLine;
    expect(orderValue(line({ lastUnitCost: 0.1 }), 3)).toBe(0.3);
    expect(orderValue(line({ lastUnitCost: 1.255 }), 2.5)).toBe(3.14);
    expect(orderValue(line({}), 2)).toBeUndefined();
    // 7 cases of 6 priced at 10.00 a case: 70.00, not 42 × 1.667 = 70.01.
    const perCase = { lastPackCost: { pack: 'case', factor: 6, cost: 10 } };
    expect(orderValue(line({ orderFactor: 6, ...perCase }), 7)).toBe(70);
    // 5 cans at a case price: 5 × 10.00 / 6 = 8.333 → 8.33.
    expect(orderValue(line(perCase), 5)).toBe(8.33);
  });

  it('orders in whole packs of the largest one, rounded up, valued in the item unit', () => {
    const k = testKitchen();
    k.run({ type: 'addLocation', locationId: id(1), name: 'Dry', kind: 'dry' });
    k.run({ type: 'addItem', itemId: id(2), name: 'Peaches', unit: 'can', par: 40 });
    k.run({ type: 'setPack', itemId: id(2), pack: 'case', factor: 6 });
    k.run({ type: 'setPack', itemId: id(2), pack: 'tray', factor: 3 });
    k.run({ type: 'receiveStock', itemId: id(2), locationId: id(1), qty: 26, unitCost: 0.8 });
    const [line] = orderList(k.state)[0]!.lines;
    // 40 - 26 = 14 cans: 2 cases hold 12, so 3 cases (18 cans), at 0.80 a can.
    expect(line).toMatchObject({ toOrder: 14, orderUnit: 'case', orderFactor: 6, toOrderUnits: 3 });
    expect(inItemUnits(line!, 3)).toBe(18);
    expect(orderValue(line!, 3)).toBe(14.4);
    // Ordered by the tray, or by the can, when the item says so.
    k.run({ type: 'changeItem', itemId: id(2), changes: { orderUnit: 'Tray' } });
    expect(orderList(k.state)[0]!.lines[0]).toMatchObject({ orderUnit: 'tray', toOrderUnits: 5 });
    k.run({ type: 'changeItem', itemId: id(2), changes: { orderUnit: 'can' } });
    expect(orderList(k.state)[0]!.lines[0]).toMatchObject({ orderUnit: 'can', toOrderUnits: 14 });
    // The tray pack removed while chosen: back to the largest pack.
    k.run({ type: 'changeItem', itemId: id(2), changes: { orderUnit: 'tray' } });
    k.run({ type: 'setPack', itemId: id(2), pack: 'tray', factor: null });
    expect(orderList(k.state)[0]!.lines[0]).toMatchObject({ orderUnit: 'case', toOrderUnits: 3 });
  });
});
