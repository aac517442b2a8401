/** Query parameters and headers of the read routes, checked strictly (400 otherwise). */
import type { Context } from 'hono';
import { ApiError } from './errors';

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 5000;

/**
 * A seq cursor or a count: a whole number >= 0 in plain digits ("-1", "2.5", "1e3", "+2" are
 * refused). Numbers past any possible seq are read as the largest safe integer.
 */
export function parseSeq(value: string | undefined, name: string, fallback = 0): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) {
    throw new ApiError(400, 'bad_request', `${name} must be a whole number of 0 or more`, [
      { path: name, message: `got ${JSON.stringify(value.slice(0, 40))}` },
    ]);
  }
  return Math.min(Number(value), Number.MAX_SAFE_INTEGER);
}

/** Page size: defaults to 1000, anything above 5000 is read as 5000. */
export function parseLimit(value: string | undefined): number {
  return Math.min(parseSeq(value, 'limit', DEFAULT_LIMIT), MAX_LIMIT);
}

/** A query parameter given at most once: a repeated one is ambiguous, so 400. */
export function singleQuery(c: Context, name: string): string | undefined {
  const values = c.req.queries(name);
  if (values && values.length > 1) {
    throw new ApiError(400, 'bad_request', `${name} must be given once`, [
      { path: name, message: `given ${values.length} times` },
    ]);
  }
  return values?.[0];
}
