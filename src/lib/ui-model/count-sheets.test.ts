import { describe, expect, it } from 'vitest';
import { countSheets } from './count-sheets';
import { id, testKitchen } from './test-kitchen';

describe('count sheets', () => {
  it('lists each area in use with the items kept there, in shelf order, and items not yet anywhere', () => {
    const k = testKitchen();
    k.run({ type: 'addLocation', locationId: id(1), name: 'Freezer', kind: 'freezer' });
    k.run({ type: 'addLocation', locationId: id(2), name: 'Dry storage', kind: 'dry' });
    k.run({ type: 'addLocation', locationId: id(3), name: 'Old shed', kind: 'other' });
    k.run({ type: 'archiveLocation', locationId: id(3) });
    k.run({ type: 'addItem', itemId: id(4), name: 'Peas', unit: 'kg' });
    k.run({ type: 'addItem', itemId: id(5), name: 'Beans', unit: 'can' });
    k.run({ type: 'addItem', itemId: id(6), name: 'Corn', unit: 'kg' });
    k.run({ type: 'addItem', itemId: id(7), name: 'Apples', unit: 'each' });
    k.run({ type: 'setPack', itemId: id(5), pack: 'tray', factor: 6 });
    k.run({ type: 'setPack', itemId: id(5), pack: 'case', factor: 24 });
    k.run({ type: 'receiveStock', itemId: id(4), locationId: id(1), qty: 2 });
    k.run({ type: 'receiveStock', itemId: id(5), locationId: id(2), qty: 3 });
    k.run({ type: 'receiveStock', itemId: id(6), locationId: id(2), qty: 1 });
    // Dry storage's shelves run Corn, then the rest.
    k.run({ type: 'changeLocation', locationId: id(2), changes: { shelfOrder: [id(6)] } });
    // Used up: still on the sheet, where a cook expects to look for it.
    k.run({ type: 'useStock', itemId: id(6), locationId: id(2), qty: 1 });
    expect(countSheets(k.state)).toEqual([
      {
        locationId: id(2),
        area: 'Dry storage',
        items: [
          { itemId: id(6), name: 'Corn', unit: 'kg', packs: [] },
          { itemId: id(7), name: 'Apples', unit: 'each', packs: [] },
          // Counted in its packs, the largest first.
          {
            itemId: id(5),
            name: 'Beans',
            unit: 'can',
            packs: [
              ['case', 24],
              ['tray', 6],
            ],
          },
        ],
      },
      {
        locationId: id(1),
        area: 'Freezer',
        items: [
          { itemId: id(7), name: 'Apples', unit: 'each', packs: [] },
          { itemId: id(4), name: 'Peas', unit: 'kg', packs: [] },
        ],
      },
    ]);
  });
});
