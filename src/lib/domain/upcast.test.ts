import { describe, expect, test } from 'vitest';
import { DRY, ITEM_FLOUR, Timeline } from './test-support/events';
import { upcast } from './upcast';

const t = new Timeline();
const v1 = (reason: string) => ({
  ...t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 1 }),
  type: 'stock.wasted',
  v: 1,
  data: { itemId: ITEM_FLOUR, locationId: DRY, qty: 1, reason },
});

describe('upcast', () => {
  test('stock.wasted v1 with a known reason becomes v2 with that reason', () => {
    const old = v1('spoiled');
    expect(upcast(old)).toEqual({ ...old, v: 2, data: { ...old.data, reason: 'spoiled' } });
  });

  test('stock.wasted v1 with free text becomes reason other, the text kept as note', () => {
    const old = v1('dropped on the floor');
    expect(upcast(old).data).toEqual({
      itemId: ITEM_FLOUR,
      locationId: DRY,
      qty: 1,
      reason: 'other',
      note: 'dropped on the floor',
    });
    expect(old.v).toBe(1); // the stored event is never rewritten
  });

  test('a current event comes back as it is', () => {
    const current = t.event('item.archived', { itemId: ITEM_FLOUR });
    expect(upcast(current)).toBe(current);
  });
});
