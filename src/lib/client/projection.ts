/**
 * The kitchen's state on this tablet, kept up to date from the local log, and the one way a
 * command is recorded: decided against this state, stored in one transaction, shown at once.
 *
 * A cold start shows the stock list from the last persisted view at once, then loads the
 * whole log into the domain's incremental `KitchenLog` (which has to hold every event to
 * place a late one correctly) and from then on applies only the events stored after it,
 * by whichever tab or service worker stored them. The persisted view is rewritten a moment
 * after the state settles, so the next cold start is fast again.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Command } from '$lib/domain/commands';
import type { EventEnvelope } from '$lib/domain/events';
import { KitchenLog } from '$lib/domain/kitchen-log';
import type { KitchenState } from '$lib/domain/state';
import type { Chunk, LarderDb, OutboxEntry } from './db';
import {
  isKitchenView,
  KitchenViewBuilder,
  touchedBy,
  type KitchenView,
  type Touched,
} from './kitchen-view';
import { followLog, type LogFollower } from './live-log';
import { appendLocal, readLog } from './log';

export const VIEW_SNAPSHOT = 'stock-view';

export interface ProjectionOptions {
  onView: (view: KitchenView, live: boolean) => void;
  /** Events downloaded and stored but not folded yet (a catch-up in progress); 0 when done. */
  onDownload?: (events: number) => void;
  onError?: (error: unknown) => void;
  /** Wait this long after the last change before persisting the view (ms). */
  persistDelayMs?: number;
  /** Fold what a download stored so far when no further page came for this long (ms). */
  downloadStallMs?: number;
  /** The tablet's clock (ms since the epoch): `Date.now`, or a test's wrong one. */
  now?: () => number;
}

/** Past this many events at once (a download), the view is rebuilt rather than patched. */
const PATCH_LIMIT = 1000;

/** Resolves after the next frame is drawn (at once where nothing is drawn, as in Node). */
function nextPaint(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return Promise.resolve();
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}

export class Projection {
  /** Replaced, never changed in place, when entries of this tablet were stamped again. */
  log = new KitchenLog();
  private readonly builder = new KitchenViewBuilder();
  /** What changed since the view was last published; undefined when anything may have. */
  private touched: Touched | undefined = undefined;
  private follower: LogFollower | undefined;
  /** Pages of a download in progress, stored but not folded yet (see `applyChunk`). */
  private downloaded: EventEnvelope[][] = [];
  private downloadedCount = 0;
  private stallTimer: ReturnType<typeof setTimeout> | undefined;
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  private publishTimer: ReturnType<typeof setTimeout> | undefined;
  private lastPublishAt = 0;
  private lastPublishMs = 0;
  private lseq = 0;
  private unreadable = 0;
  private closed = false;
  private readyResolve!: () => void;
  /** Resolves once the whole log is loaded: commands that read state wait for it. */
  readonly ready = new Promise<void>((resolve) => (this.readyResolve = resolve));

  constructor(
    private readonly db: LarderDb,
    private readonly options: ProjectionOptions,
  ) {}

  get state(): KitchenState {
    return this.log.state;
  }

  async start(): Promise<void> {
    const snapshot = await this.db.snapshots.get(VIEW_SNAPSHOT);
    if (snapshot && isKitchenView(snapshot.state) && !this.closed) {
      this.options.onView(snapshot.state, false);
      // Let the browser draw the list before the log is read and folded, which holds the
      // main thread for a while with 100k events.
      await nextPaint();
    }
    const { events, unreadable, lseq } = await readLog(this.db);
    if (this.closed) return;
    this.lseq = lseq;
    this.unreadable = unreadable;
    // Validated when they were recorded or received: folded as they are.
    this.log.addAll(events);
    this.publish();
    this.readyResolve();
    this.follower = followLog(
      this.db,
      this.lseq,
      (fresh, unreadable, last) => {
        this.lseq = Math.max(this.lseq, last);
        this.unreadable += unreadable;
        // Entries of this tablet stamped again (its clock was wrong): they take their new
        // place in the order, which an incremental add cannot move them to.
        const moved = new Set(
          fresh.filter((e) => (this.log.stampOf(e.id) ?? e.hlc) !== e.hlc).map((e) => e.id),
        );
        if (moved.size) {
          this.log = new KitchenLog([...this.log.events.filter((e) => !moved.has(e.id)), ...fresh]);
          this.touched = undefined;
          this.publishSoon();
          return;
        }
        // Events this tab stored itself come back here too: nothing to draw again for them.
        if (this.log.addAll(fresh) > 0 || unreadable) {
          this.touch(fresh);
          this.publishSoon();
        }
      },
      this.options.onError,
    );
  }

  /**
   * Records a command: the domain decides its events against the whole state (downloaded
   * pages included), they are stored with the advanced clock in one transaction, and shown
   * without waiting for the database to announce them (what keeps "tap to on screen" within
   * a frame; the follower skips them later). Resolves with the stored entries; a refusal
   * (a `DomainError`) or a storage failure rejects, and nothing is stored.
   */
  async record(command: Command): Promise<OutboxEntry[]> {
    await this.ready;
    // The rules of recording (and their refusals) load with the first command, not with the
    // first screen: the stock screen's shell stays under 100 KB gzipped (the e2e size check).
    const { decide } = await import('$lib/domain/decide');
    this.foldDownloaded();
    const entries = await appendLocal(
      this.db,
      (ctx) => decide(command, this.state, { ...ctx, newId: () => uuidv7() }),
      this.options.now,
    );
    const first = entries[0];
    if (!first || !this.follower || first.lseq !== this.lseq + 1) return entries;
    this.lseq = entries.at(-1)!.lseq;
    this.follower.skipTo(this.lseq);
    const events = entries.map((e) => e.event);
    this.log.addAll(events);
    this.touch(events);
    this.publish();
    return entries;
  }

  /**
   * Applies a chunk this tab's sync just stored (see `record`). While more pages of the
   * same download follow, the chunk is only kept: the whole download is folded once at its
   * end, which costs far less than folding page by page (each page with late events would
   * refold the tail of the log) and leaves the main thread to the download meanwhile.
   */
  applyChunk(chunk: Chunk, more = false): void {
    if (!this.follower || chunk.lseq !== this.lseq + 1) return;
    this.lseq = chunk.lseq;
    this.follower.skipTo(this.lseq);
    this.unreadable += chunk.unreadable?.length ?? 0;
    this.downloaded.push(chunk.events);
    this.downloadedCount += chunk.events.length;
    clearTimeout(this.stallTimer);
    if (more) {
      this.options.onDownload?.(this.downloadedCount);
      // A download cut off half way (the network went) is folded all the same.
      this.stallTimer = setTimeout(
        () => this.foldDownloaded(),
        this.options.downloadStallMs ?? 1500,
      );
      return;
    }
    this.foldDownloaded();
  }

  /**
   * Folds the pages of a download in progress now: a command decides against the state,
   * which must hold everything stored so far.
   */
  foldDownloaded(): void {
    clearTimeout(this.stallTimer);
    if (!this.downloaded.length) return;
    const pages = this.downloaded;
    this.downloaded = [];
    this.downloadedCount = 0;
    const events = pages.flat();
    this.log.addAll(events);
    this.touch(events);
    this.options.onDownload?.(0);
    this.publishSoon();
  }

  stop(): void {
    this.closed = true;
    this.follower?.unsubscribe();
    clearTimeout(this.stallTimer);
    clearTimeout(this.publishTimer);
    clearTimeout(this.persistTimer);
  }

  /**
   * Publishes now, unless the last publish was recent and took long (a catch-up brings a
   * page every few hundred ms): then once, a little later, so that computing and drawing
   * the list takes at most about a third of the time.
   */
  private publishSoon(): void {
    if (this.publishTimer !== undefined) return;
    const wait = this.lastPublishAt + 2 * this.lastPublishMs - performance.now();
    if (this.lastPublishMs < 8 || wait <= 0) {
      this.publish();
      return;
    }
    this.publishTimer = setTimeout(() => {
      this.publishTimer = undefined;
      this.publish();
    }, wait);
  }

  /** Notes what `events` change, for the next publish to patch the view with. */
  private touch(events: readonly EventEnvelope[]): void {
    if (!this.touched) return;
    const touched = events.length <= PATCH_LIMIT ? touchedBy(events) : undefined;
    if (!touched) {
      this.touched = undefined;
      return;
    }
    for (const itemId of touched.items) this.touched.items.add(itemId);
    this.touched.catalog ||= touched.catalog;
  }

  private publish(): void {
    const started = performance.now();
    clearTimeout(this.publishTimer);
    this.publishTimer = undefined;
    const view = this.builder.update(this.log.state, this.touched, this.unreadable);
    this.touched = { items: new Set(), catalog: false };
    this.options.onView(view, true);
    clearTimeout(this.persistTimer);
    const lseq = this.lseq;
    this.persistTimer = setTimeout(() => {
      void this.db.snapshots
        .put({ name: VIEW_SNAPSHOT, lseq, count: view.events, state: view })
        .catch(() => undefined);
    }, this.options.persistDelayMs ?? 1000);
    // Svelte draws in a microtask after `onView`; a frame is the fair estimate of that.
    this.lastPublishAt = performance.now();
    this.lastPublishMs = this.lastPublishAt - started;
  }
}
