import { describe, expect, test } from 'vitest';
import { addDays, daysBetween } from './iso-date';
import { locate, uuidV7Time } from './locate';
import { fromMilli, hasAtMostThreeDecimals, MAX_QUANTITY, toMilli } from './quantity';
import { DRY, ITEM_FLOUR, T0, Timeline } from './test-support/events';

describe('quantities in thousandths', () => {
  test('0.1 + 0.2 is exactly 0.3', () => {
    expect(fromMilli(toMilli(0.1) + toMilli(0.2))).toBe(0.3);
  });

  test('at most 3 decimals, finite, within bounds', () => {
    expect(hasAtMostThreeDecimals(1.234)).toBe(true);
    expect(hasAtMostThreeDecimals(1.2345)).toBe(false);
    expect(hasAtMostThreeDecimals(Number.POSITIVE_INFINITY)).toBe(false);
    expect(hasAtMostThreeDecimals(MAX_QUANTITY + 1)).toBe(false);
  });
});

describe('calendar dates', () => {
  test('add days across months and years; count days between', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(daysBetween('2026-03-01', '2026-02-27')).toBe(-2);
  });
});

describe('locate', () => {
  test('finds events by their UUID v7 time, and the rest by a full scan', () => {
    const t = new Timeline();
    const data = { itemId: ITEM_FLOUR, locationId: DRY, qty: 1 };
    const hinted = t.event('stock.used', data);
    const dragged = t.event('stock.used', data, {
      wall: T0 + 3_600_000,
      id: hinted.id.replace(/^.{8}/, '00000001'),
    });
    const plain = t.event('stock.used', data, { id: '33333333-0000-4000-8000-000000000001' });
    const log = [hinted, plain, dragged].sort((a, b) => (a.hlc < b.hlc ? -1 : 1));
    expect(uuidV7Time(hinted.id)).toBe(T0 + 1000);
    expect(uuidV7Time(plain.id)).toBeUndefined();
    expect(locate(log, [dragged.id, plain.id, hinted.id, 'absent'])).toEqual([0, 1, 2]);
  });
});
