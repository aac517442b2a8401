/** Query parameters and headers of the read routes, checked strictly (400 otherwise). */
import { ApiError } from './errors';

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 5000;

/** A seq cursor: a whole number >= 0 written in plain digits ("1e3", "-1", "2.0" are refused). */
export function parseSeq(value: string | undefined, name: string, fallback = 0): number {
  if (value === undefined) return fallback;
  const n = /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) {
    throw new ApiError(400, 'bad_request', `${name} must be a whole number of 0 or more`, [
      { path: name, message: `got ${JSON.stringify(value.slice(0, 40))}` },
    ]);
  }
  return n;
}

/** Page size: defaults to 1000, anything above 5000 is read as 5000. */
export function parseLimit(value: string | undefined): number {
  return Math.min(parseSeq(value, 'limit', DEFAULT_LIMIT), MAX_LIMIT);
}
