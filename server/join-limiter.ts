/**
 * Slows down guessing of join codes: after `maxFailures` wrong codes from one client address
 * within `windowMs`, pairing from that address is refused (429) until the window has passed.
 * Per address, so a guesser locks out only itself, not every school pairing a tablet (behind
 * a reverse proxy, the proxy must pass the address on: `LARDER_TRUST_PROXY`). Addresses are
 * forgotten when their window has passed.
 */
export class JoinLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly now: () => number,
    private readonly maxFailures = 10,
    private readonly windowMs = 5 * 60_000,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const times = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (times.length === 0) this.failures.delete(key);
    else this.failures.set(key, times);
    return times;
  }

  /** Seconds until another attempt is allowed, or 0 when one is allowed now. */
  retryAfter(key: string): number {
    const times = this.recent(key);
    if (times.length < this.maxFailures) return 0;
    const oldest = times[times.length - this.maxFailures] ?? this.now();
    return Math.max(1, Math.ceil((oldest + this.windowMs - this.now()) / 1000));
  }

  fail(key: string): void {
    // Many addresses guessing at once: forget those whose window has passed.
    if (this.failures.size > 10_000)
      for (const other of [...this.failures.keys()]) this.recent(other);
    this.failures.set(key, [...this.recent(key), this.now()]);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}
