import { describe, expect, it } from 'vitest';
import { Tablet } from '$lib/domain/test-support/tablet';
import { localDateTime, startOfDay } from './local-today';
import { monthOf, monthReport } from './month-report';

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

describe('usage over the period', () => {
  /** Rice at 2.00 a kg, used on a Wednesday, the next Monday and five weeks on. */
  function kitchen() {
    const t = new Tablet();
    t.now = new Date(2027, 2, 1, 9).getTime();
    const rice = t.added({ type: 'addItem', name: 'Rice', unit: 'kg' });
    const dry = t.added({ type: 'addLocation', name: 'Dry', kind: 'dry' });
    t.run({ type: 'receiveStock', itemId: rice, locationId: dry, qty: 100, unitCost: 2 });
    for (const [day, qty] of [
      [new Date(2027, 2, 3, 10), 1],
      [new Date(2027, 2, 8, 10), 2],
      [new Date(2027, 3, 12, 10), 4],
    ] as const) {
      t.now = day.getTime();
      t.run({ type: 'useStock', itemId: rice, locationId: dry, qty });
    }
    return t;
  }

  it('is drawn per day in a month, days with none included', () => {
    const { by, bars } = monthReport(kitchen().state, '2027-03-01', '2027-03-31').usage.over;
    expect(by).toBe('day');
    expect(bars).toHaveLength(31);
    expect(bars.filter((bar) => bar.value)).toEqual([
      { start: '2027-03-03', value: 2 },
      { start: '2027-03-08', value: 4 },
    ]);
  });

  it('is drawn per week from Monday past two months, each week named by its Monday', () => {
    const { by, bars } = monthReport(kitchen().state, '2027-03-03', '2027-05-31').usage.over;
    expect(by).toBe('week');
    // Wednesday 3 March is in the week of Monday 1 March; 31 May is a Monday.
    expect(bars[0]).toEqual({ start: '2027-03-01', value: 2 });
    expect(bars[1]).toEqual({ start: '2027-03-08', value: 4 });
    expect(bars.find((bar) => bar.start === '2027-04-12')?.value).toBe(8);
    expect(bars.at(-1)?.start).toBe('2027-05-31');
    expect(bars).toHaveLength(14);
    expect(bars.reduce((sum, bar) => sum + bar.value, 0)).toBe(14);
  });
});
