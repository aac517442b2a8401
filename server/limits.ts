/**
 * Limits, so that one tablet (a bug, a loop, a stolen token) or one guesser cannot take the
 * server from every other kitchen: pushes and open event streams per device, wrong join
 * codes per address. Answered `429` with `Retry-After`; a tablet waits that long.
 */

/**
 * At most `max` hits per key within `windowMs`, sliding: pushes per device (`take`), and
 * wrong join codes per client address (`wait`, `hit` on a wrong code, `clear` on a right
 * one), so a guesser locks out only itself. Keys are forgotten once their window has passed.
 */
export class RateLimit {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly now: () => number,
    readonly max: number,
    private readonly windowMs: number,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const times = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (times.length === 0) this.hits.delete(key);
    else this.hits.set(key, times);
    return times;
  }

  /** 0 when one more is allowed now; else the seconds until it will be. */
  wait(key: string): number {
    const times = this.recent(key);
    if (times.length < this.max) return 0;
    const oldest = times[times.length - this.max] as number;
    return Math.max(1, Math.ceil((oldest + this.windowMs - this.now()) / 1000));
  }

  hit(key: string): void {
    // Many keys at once: forget those whose window has passed.
    if (this.hits.size > 10_000) for (const other of [...this.hits.keys()]) this.recent(other);
    this.hits.set(key, [...this.recent(key), this.now()]);
  }

  /** `wait`, and a hit counted when it is 0. */
  take(key: string): number {
    const wait = this.wait(key);
    if (wait === 0) this.hit(key);
    return wait;
  }

  clear(key: string): void {
    this.hits.delete(key);
  }
}

/** How many of something each key holds open at once (event streams per device). */
export class OpenCount {
  private readonly open = new Map<string, number>();

  constructor(readonly max: number) {}

  /** True, counted, when `key` may open one more; call `close` when it ends. */
  tryOpen(key: string): boolean {
    const count = this.open.get(key) ?? 0;
    if (count >= this.max) return false;
    this.open.set(key, count + 1);
    return true;
  }

  close(key: string): void {
    const count = (this.open.get(key) ?? 1) - 1;
    if (count > 0) this.open.set(key, count);
    else this.open.delete(key);
  }
}

/** A tablet pushes after each entry and in 1000-event batches when catching up. */
export const PUSHES_PER_MINUTE = 600;
/** Wrong join codes one address may send in `JOIN_WINDOW_MS` before it has to wait. */
export const JOIN_FAILURES = 10;
export const JOIN_WINDOW_MS = 5 * 60_000;
/** A page and its service worker, and a few tabs. */
export const STREAMS_PER_DEVICE = 4;
