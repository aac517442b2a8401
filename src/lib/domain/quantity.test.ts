import { describe, expect, test } from 'vitest';
import { addDays, daysBetween } from './iso-date';
import { fromMilli, hasAtMostThreeDecimals, MAX_QUANTITY, toMilli } from './quantity';

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
