/** Calendar-date arithmetic on `YYYY-MM-DD` strings, in UTC so no time zone shifts a day. */
import type { IsoDate } from './events';

const DAY_MS = 86_400_000;

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether `text` names a day that exists: what `Date` says, read back (`2025-02-30` is not
 * one). Every pushed delivery has a best-before date, and going through `Date` costs a
 * few microseconds a date, most of a push's validation; so a `YYYY-MM-DD` is checked with
 * the proleptic Gregorian calendar `Date` uses, and anything else (the schema refuses it
 * anyway, but valibot still asks) goes through `Date` as before.
 */
export function isRealCalendarDate(text: string): boolean {
  const match = SHAPE.exec(text);
  if (!match) {
    return (
      !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) &&
      new Date(`${text}T00:00:00Z`).toISOString().startsWith(text)
    );
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number));
}
