import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { inventoryValue, itemValue } from './inventory-value';
import { fromMilli } from './quantity';
import { refused, Tablet } from './test-support/tablet';
import { validateEvent } from './validate';

function kitchen() {
  const tablet = new Tablet();
  const peaches = tablet.added({ type: 'addItem', name: 'Peaches #10', unit: 'can' });
  const chicken = tablet.added({ type: 'addItem', name: 'Chicken', unit: 'lb' });
  const dry = tablet.added({ type: 'addLocation', name: 'Dry store', kind: 'dry' });
  const cooler = tablet.added({ type: 'addLocation', name: 'Cooler', kind: 'cooler' });
  tablet.run({ type: 'setPack', itemId: peaches, pack: 'case', factor: 6 });
  tablet.run({ type: 'setPack', itemId: chicken, pack: 'case', factor: 40 });
  return { tablet, peaches, chicken, dry, cooler };
}

const onHand = (tablet: Tablet, itemId: string, locationId: string) =>
  fromMilli(tablet.state.stock.get(itemId)?.get(locationId)?.qty ?? 0);

describe('quantities entered in packs and units', () => {
  test('"1 case + 5 can" is 11 can, and the event keeps what was entered', () => {
    const { tablet, peaches, dry } = kitchen();
    const parts = [
      { qty: 1, unit: 'case' },
      { qty: 5, unit: 'can' },
    ];
    const [count] = tablet.run({
      type: 'countStock',
      itemId: peaches,
      locationId: dry,
      qty: parts,
    });
    expect(count?.data).toMatchObject({
      qty: 11,
      entered: [
        { qty: 1, unit: 'case', factor: 6 },
        { qty: 5, unit: 'can' },
      ],
    });
    expect(validateEvent(count)).toMatchObject({ ok: true });
    expect(onHand(tablet, peaches, dry)).toBe(11);
  });

  test('every stock command takes packs; a plain number of the unit records nothing more', () => {
    const { tablet, peaches, dry, cooler } = kitchen();
    const cases = (qty: number) => [{ qty, unit: 'CASE ' }];
    const [received] = tablet.run({
      type: 'receiveStock',
      itemId: peaches,
      locationId: dry,
      qty: cases(3),
    });
    tablet.run({ type: 'moveStock', itemId: peaches, from: dry, to: cooler, qty: cases(1) });
    tablet.run({
      type: 'useStock',
      itemId: peaches,
      locationId: cooler,
      qty: [{ qty: 2, unit: 'can' }],
    });
    const [wasted] = tablet.run({
      type: 'wasteStock',
      itemId: peaches,
      locationId: dry,
      qty: cases(0.5),
      reason: 'damaged',
    });
    expect(received?.data).toMatchObject({
      qty: 18,
      entered: [{ qty: 3, unit: 'case', factor: 6 }],
    });
    expect(wasted?.data).toMatchObject({ qty: 3 });
    const [used] = tablet.state.log.filter((event) => event.type === 'stock.used');
    expect(used?.data).toEqual({ itemId: peaches, locationId: cooler, qty: 2 });
    expect(onHand(tablet, peaches, dry)).toBe(9);
    expect(onHand(tablet, peaches, cooler)).toBe(4);
  });

  test('a pack size changed later never rewrites what was recorded', () => {
    const { tablet, peaches, dry } = kitchen();
    const [before] = tablet.run({
      type: 'receiveStock',
      itemId: peaches,
      locationId: dry,
      qty: [{ qty: 2, unit: 'case' }],
    });
    tablet.run({ type: 'setPack', itemId: peaches, pack: 'case', factor: 12 });
    const [after] = tablet.run({
      type: 'useStock',
      itemId: peaches,
      locationId: dry,
      qty: [{ qty: 1, unit: 'case' }],
    });
    expect(before?.data).toMatchObject({ qty: 12, entered: [{ unit: 'case', factor: 6 }] });
    expect(after?.data).toMatchObject({ qty: 12, entered: [{ unit: 'case', factor: 12 }] });
    expect(onHand(tablet, peaches, dry)).toBe(0);
  });

  test('a weight in any unit of weight, converted exactly', () => {
    const { tablet, chicken, cooler } = kitchen();
    // 2 kg = 2 / 0.45359237 lb = 4.40924... lb; 8 oz = 0.5 lb exactly.
    const [received] = tablet.run({
      type: 'receiveStock',
      itemId: chicken,
      locationId: cooler,
      qty: [
        { qty: 1, unit: 'case' },
        { qty: 2, unit: 'kg' },
      ],
    });
    expect(received?.data).toMatchObject({
      qty: 44.409,
      entered: [
        { qty: 1, unit: 'case', factor: 40 },
        { qty: 2, unit: 'kg' },
      ],
    });
    tablet.run({
      type: 'useStock',
      itemId: chicken,
      locationId: cooler,
      qty: [{ qty: 8, unit: 'ounces' }],
    });
    expect(onHand(tablet, chicken, cooler)).toBe(43.909);
  });

  test('bad quantities are refused with the field named, and nothing is recorded', () => {
    const { tablet, peaches, chicken, dry } = kitchen();
    const before = tablet.log.events.length;
    const use = (itemId: string, qty: { qty: number; unit: string }[]) =>
      refused(() => tablet.run({ type: 'useStock', itemId, locationId: dry, qty }));
    expect(use(peaches, [{ qty: 1, unit: 'box' }])).toMatchObject({
      code: 'unknown_unit',
      field: 'qty',
      detail: { from: 'box', to: 'can', name: 'Peaches #10' },
    });
    expect(use(peaches, [{ qty: 1, unit: 'kg' }])).toMatchObject({ code: 'unknown_unit' });
    expect(use(chicken, [{ qty: 1, unit: 'l' }])).toMatchObject({ code: 'unknown_unit' });
    expect(use(peaches, [{ qty: -1, unit: 'case' }])).toMatchObject({
      code: 'invalid_quantity',
      detail: { rule: 'not_negative' },
    });
    expect(use(peaches, [{ qty: 0, unit: 'case' }])).toMatchObject({
      code: 'invalid_quantity',
      detail: { rule: 'positive' },
    });
    expect(use(peaches, [{ qty: 1.0001, unit: 'case' }])).toMatchObject({
      detail: { rule: 'precision' },
    });
    expect(use(peaches, [])).toMatchObject({
      code: 'invalid_quantity',
      detail: { rule: 'number' },
    });
    expect(tablet.log.events).toHaveLength(before);
    // A count may come to zero.
    tablet.run({
      type: 'countStock',
      itemId: peaches,
      locationId: dry,
      qty: [{ qty: 0, unit: 'case' }],
    });
  });

  test('an order unit is the item unit or one of its packs', () => {
    const { tablet, peaches, chicken } = kitchen();
    const order = (itemId: string, orderUnit: string) =>
      tablet.run({ type: 'changeItem', itemId, changes: { orderUnit } });
    const [changed] = order(peaches, ' CASE ');
    expect(changed?.data).toMatchObject({ changes: { orderUnit: 'case' } });
    expect(tablet.state.items.get(peaches)?.orderUnit).toBe('case');
    expect(refused(() => order(peaches, 'box'))).toMatchObject({
      code: 'unknown_unit',
      field: 'orderUnit',
    });
    expect(refused(() => order(chicken, 'kg'))).toMatchObject({
      code: 'unknown_unit',
      field: 'orderUnit',
    });
    expect(
      refused(() => tablet.run({ type: 'addItem', name: 'Rice', unit: 'kg', orderUnit: 'bag' })),
    ).toMatchObject({ code: 'unknown_unit', field: 'orderUnit' });
  });

  test('a pack named like a unit of the same kind is refused', () => {
    const { tablet, chicken } = kitchen();
    expect(
      refused(() => tablet.run({ type: 'setPack', itemId: chicken, pack: 'KG', factor: 2 })),
    ).toMatchObject({ code: 'pack_is_unit', field: 'pack', detail: { name: 'KG' } });
    expect(
      refused(() => tablet.run({ type: 'setPack', itemId: chicken, pack: 'lbs', factor: 2 })),
    ).toMatchObject({ code: 'pack_is_unit' });
  });

  test('the server refuses a malformed entered quantity, naming the field', () => {
    const { tablet, peaches, dry } = kitchen();
    const [event] = tablet.run({
      type: 'useStock',
      itemId: peaches,
      locationId: dry,
      qty: [{ qty: 1, unit: 'case' }],
    });
    const bad = {
      ...event!,
      data: { ...event!.data, entered: [{ qty: 1, unit: 'case', factor: -6 }] },
    };
    expect(validateEvent(bad)).toMatchObject({
      ok: false,
      issues: [{ path: 'data.entered.0.factor' }],
    });
  });

  test('property: a sum entered in packs equals the same sum in the unit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 48 }),
        fc.array(fc.record({ cases: fc.nat(200), cans: fc.nat(47) }), {
          minLength: 1,
          maxLength: 6,
        }),
        (factor, lines) => {
          const { tablet, peaches, dry } = kitchen();
          tablet.run({ type: 'setPack', itemId: peaches, pack: 'crate', factor });
          let cans = 0;
          for (const { cases, cans: loose } of lines) {
            if (cases + loose === 0) continue;
            const qty = [
              { qty: cases, unit: 'crate' },
              { qty: loose, unit: 'can' },
            ];
            tablet.run({ type: 'receiveStock', itemId: peaches, locationId: dry, qty });
            cans += cases * factor + loose;
          }
          expect(onHand(tablet, peaches, dry)).toBe(cans);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('prices per pack', () => {
  test('2 cases at 10.00 a case are worth 20.00; 9 cans left of them, 15.00', () => {
    const { tablet, peaches, dry } = kitchen();
    const [received] = tablet.run({
      type: 'receiveStock',
      itemId: peaches,
      locationId: dry,
      qty: [{ qty: 2, unit: 'case' }],
      packCost: { pack: 'case', cost: 10 },
    });
    expect(received?.data).toMatchObject({ packCost: { pack: 'case', factor: 6, cost: 10 } });
    expect(received?.data).not.toHaveProperty('unitCost');
    expect(inventoryValue(tablet.state).total).toBe(20);
    tablet.run({ type: 'useStock', itemId: peaches, locationId: dry, qty: 3 });
    // 9 can × 10.00 / 6 = 15.00 exactly (a unit price of 1.667 would give 15.003).
    expect(inventoryValue(tablet.state).total).toBe(15);
    expect(itemValue(tablet.state, peaches)).toBe(15);
    // Found on a count: priced as the last delivery was, per case.
    tablet.run({ type: 'countStock', itemId: peaches, locationId: dry, qty: 15 });
    expect(inventoryValue(tablet.state).total).toBe(25);
  });

  test('a price per unit entered as "per can" is a unit price; per box is refused', () => {
    const { tablet, peaches, dry } = kitchen();
    const receive = (pack: string, cost: number) =>
      tablet.run({
        type: 'receiveStock',
        itemId: peaches,
        locationId: dry,
        qty: 6,
        packCost: { pack, cost },
      });
    const [event] = receive('can', 1.5);
    expect(event?.data).toMatchObject({ unitCost: 1.5 });
    expect(refused(() => receive('box', 10))).toMatchObject({
      code: 'unknown_unit',
      field: 'packCost',
    });
    expect(refused(() => receive('case', 0))).toMatchObject({
      code: 'invalid_quantity',
      field: 'packCost',
    });
  });

  test('the server refuses a price both per unit and per pack', () => {
    const { tablet, peaches, dry } = kitchen();
    const [event] = tablet.run({
      type: 'receiveStock',
      itemId: peaches,
      locationId: dry,
      qty: 6,
      packCost: { pack: 'case', cost: 10 },
    });
    const bad = { ...event!, data: { ...event!.data, unitCost: 1.667 } };
    expect(validateEvent(bad)).toMatchObject({ ok: false, issues: [{ path: 'data.packCost' }] });
  });

  test('property: pack prices add up to the cent, whatever is used', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 48 }),
        fc.integer({ min: 1, max: 99_999 }),
        fc.integer({ min: 1, max: 2000 }),
        fc.nat(),
        (factor, cents, cases, usedSeed) => {
          const { tablet, peaches, dry } = kitchen();
          tablet.run({ type: 'setPack', itemId: peaches, pack: 'crate', factor });
          tablet.run({
            type: 'receiveStock',
            itemId: peaches,
            locationId: dry,
            qty: [{ qty: cases, unit: 'crate' }],
            packCost: { pack: 'crate', cost: cents / 100 },
          });
          expect(inventoryValue(tablet.state).total * 100).toBeCloseTo(cases * cents, 6);
          const used = usedSeed % (cases * factor);
          if (used > 0)
            tablet.run({ type: 'useStock', itemId: peaches, locationId: dry, qty: used });
          // What is left, in exact fractions of a cent, rounded once.
          const left = cases * factor - used;
          const expected = Math.round((left * cents) / factor) / 100;
          expect(inventoryValue(tablet.state).total).toBeCloseTo(expected, 6);
        },
      ),
      { numRuns: 100 },
    );
  });
});
