import { describe, expect, test } from 'vitest';
import { isRealCalendarDate } from './iso-date';

/** The check `isRealCalendarDate` replaces: through `Date` and back. */
const throughDate = (text: string) =>
  !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) &&
  new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('real calendar dates', () => {
  test('agrees with Date on every day number of every month of leap, common and edge years', () => {
    const years = [0, 1, 4, 100, 400, 1900, 1999, 2000, 2023, 2024, 2100, 2400, 9999];
    let checked = 0;
    for (const year of years) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          expect(isRealCalendarDate(text), text).toBe(throughDate(text));
          checked++;
        }
      }
    }
    expect(checked).toBe(years.length * 14 * 33);
  });

  test('knows leap days and month ends', () => {
    expect(isRealCalendarDate('2024-02-29')).toBe(true);
    expect(isRealCalendarDate('2023-02-29')).toBe(false);
    expect(isRealCalendarDate('1900-02-29')).toBe(false);
    expect(isRealCalendarDate('2000-02-29')).toBe(true);
    expect(isRealCalendarDate('2025-04-31')).toBe(false);
    expect(isRealCalendarDate('2025-12-31')).toBe(true);
  });

  test('anything not shaped YYYY-MM-DD gets the answer Date gives', () => {
    for (const text of ['', '2025-1-1', '2025-01-01T00:00', ' 2025-01-01', '+002025-01-01', 'x']) {
      expect(isRealCalendarDate(text), text).toBe(throughDate(text));
    }
  });
});
