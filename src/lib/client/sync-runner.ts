/**
 * Decides when the page syncs: on start, when the network comes back, when the tablet is
 * looked at again, after each recorded event, and periodically while online; retries a
 * failed round with exponential backoff and jitter; and, while online and joined, follows
 * the kitchen's event stream so another tablet's entry shows here within a moment.
 *
 * Triggers that arrive during a round are folded into one more round after it. Only one
 * tab follows the stream (it holds the stream lock); the others rely on the database,
 * which every tab observes.
 */
import type { StoredEvent } from '$lib/domain/events';
import { openStream, SyncError } from './api';
import { getMeta, serverClock } from './db';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { ingestRemote } from './log';
import { SYNC_LOCK, syncOnce, type SyncDeps } from './sync-engine';

export const STREAM_LOCK = 'larder-stream';

export interface RunnerOptions extends SyncDeps {
  /** Sync this often while online, even with nothing recorded (ms). */
  periodMs?: number;
  backoff?: BackoffOptions;
  random?: () => number;
  /** Follow the server's event stream (off in the service worker and in some tests). */
  stream?: boolean;
  /** Runs `fn` holding lock `name`, waiting for it unless `signal` aborts (Web Locks). */
  hold?: (name: string, signal: AbortSignal, fn: () => Promise<void>) => Promise<void>;
  onChange?: (state: RunnerState) => void;
}

export interface RunnerState {
  online: boolean;
  syncing: boolean;
  streaming: boolean;
  /** The last round's failure, if the last round failed. */
  error?: SyncError;
  /** When the next automatic retry is due, after a failure. */
  retryAt?: number;
}

export class SyncRunner {
  private state: RunnerState = { online: true, syncing: false, streaming: false };
  private again = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private streamAbort: AbortController | undefined;
  private streamFailures = 0;
  private idle: Promise<void> = Promise.resolve();

  constructor(private readonly options: RunnerOptions) {}

  get current(): RunnerState {
    return this.state;
  }

  start(online: boolean): void {
    this.stopped = false;
    this.state = { ...this.state, online };
    void this.trigger();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.streamAbort?.abort();
  }

  setOnline(online: boolean): void {
    this.set({ online });
    if (online) {
      this.attempt = 0;
      void this.trigger();
    } else {
      this.streamAbort?.abort();
    }
  }

  /** Asks for a sync round soon; returns when the round this trigger caused is over. */
  trigger(): Promise<void> {
    if (this.stopped) return this.idle;
    if (this.state.syncing) {
      this.again = true;
      return this.idle;
    }
    clearTimeout(this.timer);
    this.idle = this.loop();
    return this.idle;
  }

  private async loop(): Promise<void> {
    this.set({ syncing: true });
    try {
      do {
        this.again = false;
        await this.round();
      } while (this.again && !this.stopped);
    } finally {
      this.set({ syncing: false });
    }
  }

  private async round(): Promise<void> {
    try {
      const report = await syncOnce(this.options);
      this.attempt = 0;
      const { error: _e, retryAt: _r, ...rest } = this.state;
      this.state = rest;
      this.set({});
      if (report.joined) this.ensureStream();
      this.schedule(this.options.periodMs ?? 30_000);
    } catch (error) {
      const e =
        error instanceof SyncError
          ? error
          : new SyncError('server', (error as Error).message, undefined, { code: 'unexpected' });
      if (e.retryable) {
        this.attempt++;
        // No sooner than the server asked (a 429's Retry-After), else backing off.
        const delay = Math.max(
          backoffDelay(this.attempt, this.options.random, this.options.backoff),
          e.retryAfterMs ?? 0,
        );
        this.set({ error: e, retryAt: Date.now() + delay });
        this.schedule(delay);
      } else {
        // Someone has to act (join again, fix the server): retry only on the next trigger.
        const { retryAt: _r, ...rest } = this.state;
        this.state = { ...rest, error: e };
        this.set({});
      }
    }
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (this.stopped || !this.state.online) return;
    this.timer = setTimeout(() => void this.trigger(), ms);
  }

  private ensureStream(): void {
    if (this.options.stream === false || this.streamAbort || this.stopped) return;
    const abort = new AbortController();
    this.streamAbort = abort;
    const follow = () => this.follow(abort.signal);
    // Only the tab holding the stream lock follows; the others queue for it and see the
    // events through the database.
    const hold = this.options.hold;
    const run = hold ? hold(STREAM_LOCK, abort.signal, follow) : follow();
    void run
      .catch(() => undefined)
      .finally(() => {
        if (this.streamAbort === abort) this.streamAbort = undefined;
        this.set({ streaming: false });
        if (this.stopped || !this.state.online || abort.signal.aborted) return;
        // The stream ended (server restart, network change): reconnect after a pause.
        this.streamFailures++;
        const delay = backoffDelay(
          Math.min(this.streamFailures, 6),
          this.options.random,
          DEFAULT_BACKOFF,
        );
        setTimeout(() => {
          if (!this.stopped && this.state.online) void this.trigger();
        }, delay);
      });
  }

  private async follow(signal: AbortSignal): Promise<void> {
    const { db } = this.options;
    const link = (await getMeta(db, 'identity'))?.server;
    if (!link) return;
    const [cursor = 0, skew] = await Promise.all([getMeta(db, 'cursor'), getMeta(db, 'clockSkew')]);
    // As the rounds weigh the stamps received (`syncOnce`): by the server's time.
    const serverNow = serverClock(this.options.now ?? Date.now, skew);
    const response = await openStream(this.options.fetch, link, cursor, signal);
    // The stream's parser loads when a stream opens: a tablet on its own never needs it, and
    // the stock screen's first load stays under 100 KB gzipped (the e2e size check).
    const { readSse } = await import('./sse');
    this.set({ streaming: true });
    this.streamFailures = 0;
    for await (const messages of readSse(response.body!, signal)) {
      const events: StoredEvent[] = [];
      for (const message of messages) {
        if (message.event === 'epoch') {
          // The server's log went back since this tablet's last pull (a restore): nothing of
          // it is taken from the stream; the round that follows its end heals first.
          const { epoch } = JSON.parse(message.data) as { epoch?: unknown };
          const known = await getMeta(db, 'epoch');
          if (known !== undefined && epoch !== known) return;
          continue;
        }
        if (message.event && message.event !== 'message') continue;
        events.push(JSON.parse(message.data) as StoredEvent);
      }
      if (!events.length) continue;
      const { chunk } = await this.options.lock(SYNC_LOCK, () =>
        ingestRemote(db, events, serverNow),
      );
      if (chunk) this.options.onChunk?.(chunk, false);
    }
  }

  private set(patch: Partial<RunnerState>): void {
    this.state = { ...this.state, ...patch };
    this.options.onChange?.(this.state);
  }
}
