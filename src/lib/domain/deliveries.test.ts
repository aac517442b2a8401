import { describe, expect, test } from 'vitest';
import { latestDeliveries } from './deliveries';
import { itemValueBySource } from './inventory-value';
import { Tablet } from './test-support/tablet';
import { validateEvent } from './validate';

function kitchen() {
  const tablet = new Tablet();
  const dry = tablet.added({ type: 'addLocation', name: 'Dry store', kind: 'dry' });
  const cooler = tablet.added({ type: 'addLocation', name: 'Cooler', kind: 'cooler' });
  const cheese = tablet.added({ type: 'addItem', name: 'Cheese', unit: 'lb' });
  return { tablet, dry, cooler, cheese };
}

describe('where food came from', () => {
  test('lots keep their source through a move; values add up per source, hand-checked', () => {
    const { tablet, dry, cooler, cheese } = kitchen();
    const receive = { type: 'receiveStock', itemId: cheese, locationId: dry } as const;
    tablet.run({ ...receive, qty: 10, unitCost: 2.5, source: 'usda' });
    tablet.run({ ...receive, qty: 4, unitCost: 3 });
    tablet.run({ ...receive, qty: 1, unitCost: 1, source: 'donated' });
    tablet.run({ type: 'moveStock', itemId: cheese, from: dry, to: cooler, qty: 6 });
    const moved = tablet.state.stock.get(cheese)?.get(cooler)?.lots ?? [];
    expect(moved.map((lot) => [lot.source, lot.qty])).toEqual([['usda', 6000]]);
    // USDA 10 lb at 2.50 = 25.00; purchased 4 lb at 3.00 = 12.00; donated 1 lb = 1.00.
    expect(itemValueBySource(tablet.state, cheese)).toEqual([
      { source: 'purchased', value: 12 },
      { source: 'usda', value: 25 },
      { source: 'donated', value: 1 },
    ]);
    // A use draws first in, first out: 9 lb of USDA cheese goes.
    tablet.run({ type: 'useStock', itemId: cheese, locationId: cooler, qty: 6 });
    tablet.run({ type: 'useStock', itemId: cheese, locationId: dry, qty: 3 });
    expect(itemValueBySource(tablet.state, cheese)).toEqual([
      { source: 'purchased', value: 12 },
      { source: 'usda', value: 2.5 },
      { source: 'donated', value: 1 },
    ]);
  });

  test("the latest delivery that counts gives the next one's source, supplier and cost", () => {
    const { tablet, dry, cheese } = kitchen();
    const receive = { type: 'receiveStock', itemId: cheese, locationId: dry, qty: 1 } as const;
    tablet.run({ ...receive, supplier: 'Sysco', unitCost: 3 });
    const [usda] = tablet.run({ ...receive, source: 'usda' });
    expect(latestDeliveries(tablet.state).get(cheese)).toEqual({
      source: 'usda',
      supplier: 'Sysco',
      unitCost: 3,
    });
    tablet.run({ type: 'undo', eventId: usda!.id });
    expect(latestDeliveries(tablet.state).get(cheese)?.source).toBe('purchased');
  });

  test('a source outside the list is refused with the field named', () => {
    const { tablet, dry, cheese } = kitchen();
    const [event] = tablet.run({ type: 'receiveStock', itemId: cheese, locationId: dry, qty: 1 });
    const bad = { ...event!, data: { ...event!.data, source: 'gift' } };
    expect(validateEvent(bad)).toMatchObject({
      ok: false,
      issues: [{ path: 'data.source', message: 'must be one of purchased, usda, donated' }],
    });
  });
});
