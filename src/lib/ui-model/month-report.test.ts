import { describe, expect, it } from 'vitest';
import { localDateTime } from './local-today';
import { startOfDay } from './local-today';
import { monthOf } from './month-report';

describe('report periods', () => {
  it('knows the first and last day of a month, leap years included', () => {
    expect(monthOf('2028-02-14')).toEqual({ first: '2028-02-01', last: '2028-02-29' });
    expect(monthOf('2027-02')).toEqual({ first: '2027-02-01', last: '2027-02-28' });
    expect(monthOf('2026-12-31')).toEqual({ first: '2026-12-01', last: '2026-12-31' });
  });
  it('writes a moment as local date and time to the minute', () => {
    expect(localDateTime(new Date(2027, 2, 9, 7, 5, 59).getTime())).toBe('2027-03-09T07:05');
  });
  it('starts a day at local midnight', () => {
    const start = new Date(startOfDay('2027-03-09'));
    expect([start.getFullYear(), start.getMonth(), start.getDate(), start.getHours()]).toEqual([
      2027, 2, 9, 0,
    ]);
  });
});
