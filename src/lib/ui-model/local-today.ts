/**
 * Today's date on this tablet as YYYY-MM-DD (local time, not UTC). Its own module: the
 * stock list needs it at start, without the history's words.
 */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
