import { describe, expect, it } from 'vitest';
import { id, testKitchen } from './test-kitchen';
import { useFirst } from './use-first';

describe('use first', () => {
  it('groups dated lots as past, today, this week and later, first expiring first', () => {
    const k = testKitchen();
    k.run({ type: 'addLocation', locationId: id(1), name: 'Cooler', kind: 'cooler' });
    k.run({ type: 'addItem', itemId: id(2), name: 'Milk', unit: 'l' });
    k.run({ type: 'addItem', itemId: id(3), name: 'Rice', unit: 'kg' });
    const receive = (itemId: string, qty: number, bestBefore?: string) =>
      k.run({
        type: 'receiveStock',
        itemId,
        locationId: id(1),
        qty,
        ...(bestBefore && { bestBefore }),
      });
    receive(id(2), 4, '2027-03-12');
    receive(id(2), 2, '2027-03-09');
    receive(id(2), 1, '2027-03-10');
    receive(id(3), 5, '2027-05-01');
    receive(id(3), 9);
    const groups = useFirst(k.state, '2027-03-10');
    expect(
      groups.map((g) => [g.group, g.lots.map((l) => `${l.itemName} ${l.qty} ${l.bestBefore}`)]),
    ).toEqual([
      ['expired', ['Milk 2 2027-03-09']],
      ['today', ['Milk 1 2027-03-10']],
      ['week', ['Milk 4 2027-03-12']],
      ['later', ['Rice 5 2027-05-01']],
    ]);
    // Used up, a lot leaves the list.
    k.run({ type: 'useStock', itemId: id(2), locationId: id(1), qty: 3 });
    expect(useFirst(k.state, '2027-03-10').map((g) => g.group)).toEqual(['week', 'later']);
  });
});
