import { describe, expect, it } from 'vitest';
import { itemDetail } from './item-detail';
import { DEVICE_A, DEVICE_B, id, testKitchen } from './test-kitchen';

const [FREEZER, COOLER, PEAS] = [id(1), id(2), id(3)];

function kitchen() {
  const k = testKitchen();
  k.run({ type: 'addLocation', locationId: FREEZER, name: 'Freezer', kind: 'freezer' });
  k.run({ type: 'addLocation', locationId: COOLER, name: 'Cooler', kind: 'cooler' });
  k.run({ type: 'addItem', itemId: PEAS, name: 'Peas', unit: 'kg', par: 4 });
  return k;
}

describe('item screen model', () => {
  it('lists places, lots by best-before and the history newest first', () => {
    const k = kitchen();
    k.run({
      type: 'receiveStock',
      itemId: PEAS,
      locationId: FREEZER,
      qty: 3,
      unitCost: 2,
      bestBefore: '2027-03-01',
    });
    k.run({
      type: 'receiveStock',
      itemId: PEAS,
      locationId: FREEZER,
      qty: 2,
      bestBefore: '2027-02-01',
      supplier: 'Bidfood',
    });
    k.run({ type: 'moveStock', itemId: PEAS, from: FREEZER, to: COOLER, qty: 1 });
    const detail = itemDetail(k.state, PEAS)!;
    expect(detail.total).toBe(5);
    expect(detail.places).toEqual([
      { locationId: COOLER, name: 'Cooler', qty: 1 },
      { locationId: FREEZER, name: 'Freezer', qty: 4 },
    ]);
    expect(detail.lots.map((l) => [l.locationName, l.qty, l.bestBefore ?? null])).toEqual([
      ['Cooler', 1, '2027-02-01'],
      ['Freezer', 1, '2027-02-01'],
      ['Freezer', 3, '2027-03-01'],
    ]);
    expect(detail.history.map((h) => h.text)).toEqual([
      'Moved 1 kg from Freezer to Cooler',
      'Received 2 kg into Freezer (best before Feb 1, 2027, from Bidfood)',
      'Received 3 kg into Freezer (best before Mar 1, 2027, $2.00 each)',
      'Added Peas (kg)',
    ]);
  });

  it('offers redo on an undone entry and nothing on the undo itself', () => {
    const k = kitchen();
    const [used] = k.run({ type: 'useStock', itemId: PEAS, locationId: FREEZER, qty: 1 });
    k.run({ type: 'undo', eventId: used!.id });
    const [undo, use] = itemDetail(k.state, PEAS)!.history;
    expect(undo).toMatchObject({ text: 'Undid: used 1 kg from Freezer', action: undefined });
    expect(use).toMatchObject({ undone: true, action: 'redo' });
    expect(itemDetail(k.state, PEAS)!.total).toBe(0);
  });

  it('shows concurrent counts with who, and keeping one records a count of that value', () => {
    const k = kitchen();
    const base = k.state;
    k.run({ type: 'countStock', itemId: PEAS, locationId: FREEZER, qty: 7 }, 'JT', DEVICE_A);
    k.state = base;
    k.run({ type: 'countStock', itemId: PEAS, locationId: FREEZER, qty: 9 }, 'RS', DEVICE_B);
    const [notice] = itemDetail(k.state, PEAS)!.conflicts;
    expect(notice?.question).toBe(
      'Two counts of Freezer were made at the same time. Which is right?',
    );
    expect(notice?.choices.map((c) => [c.text, c.actor])).toEqual([
      ['7 kg', 'JT'],
      ['9 kg', 'RS'],
    ]);
    k.run(notice!.choices[0]!.keep);
    expect(itemDetail(k.state, PEAS)!.conflicts).toEqual([]);
    expect(itemDetail(k.state, PEAS)!.total).toBe(7);
  });

  it('settles concurrent renames by keeping the chosen value', () => {
    const k = kitchen();
    const base = k.state;
    k.run({ type: 'changeItem', itemId: PEAS, changes: { name: 'Garden peas' } }, 'JT', DEVICE_A);
    k.state = base;
    k.run({ type: 'changeItem', itemId: PEAS, changes: { name: 'Frozen peas' } }, 'RS', DEVICE_B);
    const [notice] = itemDetail(k.state, PEAS)!.conflicts;
    expect(notice?.question).toContain('The name was changed on two tablets');
    const garden = notice!.choices.find((c) => c.text === 'Garden peas')!;
    k.run(garden.keep);
    expect(itemDetail(k.state, PEAS)!.item.name).toBe('Garden peas');
    expect(itemDetail(k.state, PEAS)!.conflicts).toEqual([]);
  });
});
