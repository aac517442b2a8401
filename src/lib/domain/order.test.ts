import { describe, expect, test } from 'vitest';
import { compareEvents, sortEvents } from './order';
import { DEVICE_A, DEVICE_B, DRY, ITEM_FLOUR, T0, Timeline } from './test-support/events';

describe('order', () => {
  test('sorts by stamp, then device, then id; repeats of an id are dropped', () => {
    const t = new Timeline();
    const data = { itemId: ITEM_FLOUR, locationId: DRY, qty: 1 };
    const a = t.event('stock.used', data, { wall: T0, device: DEVICE_B });
    const b = t.event('stock.used', data, {
      wall: T0,
      device: DEVICE_A,
      id: 'f'.repeat(8) + a.id.slice(8),
    });
    const c = t.event('stock.used', data, { wall: T0, device: DEVICE_A });
    const d = t.event('stock.used', data, { wall: T0 - 1 });
    expect(sortEvents([a, b, c, d, a]).map((e) => e.id)).toEqual([d.id, c.id, b.id, a.id]);
    expect(compareEvents(a, a)).toBe(0);
    expect(compareEvents(b, c)).toBe(1);
  });
});
