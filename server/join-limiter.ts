/**
 * Slows down guessing of join codes: after `maxFailures` wrong codes for one kitchen within
 * `windowMs`, pairing with that kitchen is refused (429) until the window has passed.
 * Per kitchen rather than per address, because tablets in a school share one public address
 * and a proxy hides the rest. The price: someone hammering a kitchen with wrong codes holds
 * up its pairing for a few minutes; an admin can always rotate the code.
 */
export class JoinLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly now: () => number,
    private readonly maxFailures = 10,
    private readonly windowMs = 5 * 60_000,
  ) {}

  private recent(kitchenId: string): number[] {
    const since = this.now() - this.windowMs;
    const times = (this.failures.get(kitchenId) ?? []).filter((t) => t > since);
    if (times.length === 0) this.failures.delete(kitchenId);
    else this.failures.set(kitchenId, times);
    return times;
  }

  /** Seconds until another attempt is allowed, or 0 when one is allowed now. */
  retryAfter(kitchenId: string): number {
    const times = this.recent(kitchenId);
    if (times.length < this.maxFailures) return 0;
    const oldest = times[times.length - this.maxFailures] ?? this.now();
    return Math.max(1, Math.ceil((oldest + this.windowMs - this.now()) / 1000));
  }

  fail(kitchenId: string): void {
    this.failures.set(kitchenId, [...this.recent(kitchenId), this.now()]);
  }

  succeed(kitchenId: string): void {
    this.failures.delete(kitchenId);
  }
}
