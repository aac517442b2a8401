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
