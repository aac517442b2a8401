/**
 * Dates on this tablet's calendar (local time, not UTC). Its own module: the stock list needs
 * today at start, without the history's words.
 */
const pad = (n: number) => String(n).padStart(2, '0');

/** Today's (or `now`'s) date as YYYY-MM-DD. */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A moment as local YYYY-MM-DDTHH:MM: what a `datetime-local` input and an export write. */
export function localDateTime(wall: number): string {
  const d = new Date(wall);
  return `${localToday(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Midnight at the start of local calendar day `iso` (YYYY-MM-DD), in wall milliseconds. */
export function startOfDay(iso: string): number {
  const [y, mo, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(y, mo - 1, d).getTime();
}

/** The last millisecond of local calendar day `iso`: what "as of the 31st" stands for. */
export function endOfDay(iso: string): number {
  const next = new Date(startOfDay(iso));
  next.setDate(next.getDate() + 1);
  return next.getTime() - 1;
}
