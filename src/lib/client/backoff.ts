/**
 * Retry delays: exponential, capped, with "full jitter" (a random delay between zero and
 * the exponential bound), so that the tablets of a kitchen coming back online together do
 * not all knock on the server in the same millisecond.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 60_000 };

/** Delay before retry number `attempt` (1 for the first retry). */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  { baseMs, maxMs }: BackoffOptions = DEFAULT_BACKOFF,
): number {
  const bound = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  // Never quite zero: a retry storm of instant retries is what backoff is meant to stop.
  return Math.max(baseMs / 10, Math.floor(random() * bound));
}
