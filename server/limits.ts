/**
 * Per-device limits, so that one tablet (a bug, a loop, a stolen token) cannot take the
 * server from every other kitchen: pushes per time window, and open event streams.
 * Answered `429` with `Retry-After`; a tablet backs off and tries again (`sync-runner.ts`).
 */

/** At most `max` takes per key within `windowMs`, sliding. */
export class RateLimit {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly now: () => number,
    readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** 0 and counted when allowed now; else the seconds until it will be. */
  take(key: string): number {
    const now = this.now();
    const times = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (times.length >= this.max) {
      this.hits.set(key, times);
      const oldest = times[times.length - this.max] as number;
      return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
    }
    times.push(now);
    this.hits.set(key, times);
    // Many keys at once: forget those whose window has passed.
    if (this.hits.size > 10_000) {
      for (const [other, hits] of this.hits) {
        if (!hits.some((t) => t > now - this.windowMs)) this.hits.delete(other);
      }
    }
    return 0;
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
/** A page and its service worker, and a few tabs. */
export const STREAMS_PER_DEVICE = 4;
