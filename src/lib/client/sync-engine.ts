/**
 * One sync round: push what this tablet recorded, then pull what the kitchen recorded.
 * Environment-agnostic: the page and the service worker run the same code with their own
 * `fetch` and lock, and the tests run it in Node against the real server.
 *
 * Safety comes from the protocol, not from luck: the server is idempotent by event id, so a
 * push whose answer was lost is simply sent again; an event leaves the outbox only when the
 * server has acknowledged it or handed it back in a pull; the pull cursor moves only after
 * the events up to it are stored.
 */
import { pull, push, SyncError, type FetchLike, type PullAnswer, type ServerLink } from './api';
import type { EventEnvelope } from '$lib/domain/events';
import {
  CLOCK_WARNING_MS,
  getMeta,
  serverClock,
  TRANSFERS_EVERY_MS,
  type Chunk,
  type LarderDb,
} from './db';
import type { giveBack, heldIds, prepareHealing, restamp } from './healing';
import { ingestRemote, markPushed, pendingBatch, setAside } from './log';
import type { Signer, signerFor } from './signing';
import type { refreshTransfers } from './transfers';

/** Runs `fn` holding the exclusive lock `name` (Web Locks in a browser). */
export type LockFn = <T>(name: string, fn: () => Promise<T>) => Promise<T>;

export const SYNC_LOCK = 'larder-sync';

export interface SyncDeps {
  db: LarderDb;
  fetch: FetchLike;
  lock: LockFn;
  now?: () => number;
  /** Events per push request (the server takes at most 1000). */
  pushBatch?: number;
  /** Events per pull page (the server gives at most 5000). */
  pullLimit?: number;
  signal?: AbortSignal;
  /**
   * Told of each chunk once it is stored (the page's projection applies it directly);
   * `more` is true while further pages of the same download follow.
   */
  onChunk?: (chunk: Chunk, more: boolean) => void;
  /**
   * The module that refreshes the district's transfers (`transfers.ts`), loaded when a
   * round needs it: the page loads it lazily, the service worker has it built in. Without
   * it, a round leaves the transfers alone.
   */
  transfers?: () => Promise<{ refreshTransfers: typeof refreshTransfers }>;
  /**
   * The module that heals after the server's log went back (`healing.ts`), loaded when a
   * round needs it: the page loads it lazily, the service worker has it built in.
   */
  healing: () => Promise<{
    prepareHealing: typeof prepareHealing;
    heldIds: typeof heldIds;
    giveBack: typeof giveBack;
    restamp: typeof restamp;
  }>;
  /**
   * The module that signs this tablet's events (`signing.ts`, DESIGN 4.1), loaded when a
   * round pushes: the page loads it lazily, the service worker has it built in.
   */
  signing: () => Promise<{ signerFor: typeof signerFor }>;
  /** Refresh the district's transfers this round, due or not. */
  refreshTransfers?: boolean;
}

export interface SyncReport {
  /** False when the tablet has not joined a kitchen: there is nothing to sync with. */
  joined: boolean;
  pushed: number;
  duplicates: number;
  pulled: number;
  head: number;
  /** Events the server refused for what they are, set aside in this round. */
  setAside: number;
  /** Transfer events (or undos) went either way this round. */
  transfersMoved: boolean;
  /**
   * Events given back this round to a server whose log went back (a restore): this
   * tablet's own and other tablets' signed ones that it lacked (DESIGN 4.1, healing).
   */
  healed: number;
  /**
   * Entries of this tablet the server refused as stamped too far ahead (its clock was
   * wrong), stamped again from the server's time this round and pushed (DESIGN 4.1).
   */
  restamped: number;
}

/** A lock for one JavaScript realm only (tests, or a browser without Web Locks). */
export function localLock(): LockFn {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const prev = tails.get(name) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    tails.set(
      name,
      run.catch(() => undefined),
    );
    return run;
  };
}

/** The Web Locks API where it exists (page and service worker alike). */
export function webLock(): LockFn {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (!locks) return localLock();
  return <T>(name: string, fn: () => Promise<T>) =>
    locks.request(name, { mode: 'exclusive' }, fn) as Promise<T>;
}

export async function syncOnce(deps: SyncDeps): Promise<SyncReport> {
  return deps.lock(SYNC_LOCK, () => syncLocked(deps));
}

async function syncLocked(options: SyncDeps): Promise<SyncReport> {
  const { db } = options;
  const now = options.now ?? Date.now;
  // The server's clock, from the `Date` of its answers (to the second), against this one's.
  let skew: number | undefined;
  const deps: SyncDeps = {
    ...options,
    fetch: async (url, init) => {
      const response = await options.fetch(url, init);
      const date = Date.parse(response.headers.get('Date') ?? '');
      if (Number.isFinite(date)) skew = now() - date;
      return response;
    },
  };
  const report: SyncReport = {
    joined: false,
    pushed: 0,
    duplicates: 0,
    pulled: 0,
    head: 0,
    setAside: 0,
    transfersMoved: false,
    healed: 0,
    restamped: 0,
  };
  const [identity, kept] = await Promise.all([getMeta(db, 'identity'), getMeta(db, 'clockSkew')]);
  const link = identity?.server;
  if (!link) return report;
  report.joined = true;
  // The server's time, as near as this round knows it (its own measure first): stamps
  // received are weighed against it, so a tablet whose clock is behind still moves its
  // clock past them.
  const serverNow = () => serverClock(now, skew ?? kept)();
  try {
    // Made when the round first has something to push, once.
    let signing: Promise<Signer | undefined> | undefined;
    const sign = () =>
      (signing ??= options.signing().then((m) => m.signerFor(db, deps.fetch, link, deps.signal)));
    await pushAll(deps, link, report, sign, serverNow);
    if (!(await pullAll(deps, link, report, serverNow))) {
      // The server's log went back: the whole log comes down again from the start, and
      // what this tablet holds that the server lacks goes back to it.
      await (await options.healing()).prepareHealing(db);
      await pullAll(deps, link, report, serverNow);
    }
    if (report.healed) await pushAll(deps, link, report, sign, serverNow);
    if (options.transfers && (await transfersDue(db, link.kitchenId, now(), report, options))) {
      // The round's events are in; the lists are an extra: a server that cannot give them
      // (an older one, a blip) leaves the last ones shown and the round a success.
      const { refreshTransfers } = await options.transfers();
      await refreshTransfers(db, deps.fetch, link, now(), deps.signal).catch((error: unknown) => {
        if (!(error instanceof SyncError)) throw error;
      });
    }
    await db.transaction('rw', db.meta, async () => {
      await db.meta.put({ key: 'lastSynced', value: now() });
      await db.meta.delete('syncError');
      if (skew !== undefined && Math.abs(skew) > CLOCK_WARNING_MS) {
        await db.meta.put({ key: 'clockSkew', value: skew });
      } else if (skew !== undefined) await db.meta.delete('clockSkew');
    });
  } catch (error) {
    const e =
      error instanceof SyncError
        ? error
        : new SyncError(
            'server',
            error instanceof Error ? error.message : String(error),
            undefined,
            {
              code: 'unexpected',
            },
          );
    const stored = { kind: e.kind, code: e.code, status: e.status, message: e.message, at: now() };
    await db.meta.put({ key: 'syncError', value: stored }).catch(() => undefined);
    throw e;
  }
  return report;
}

const TRANSFER_TYPES = new Set(['stock.sent', 'transfer.received', 'transfer.refused']);

/** Whether any of `events` is a transfer's (or may undo one): the lists may have changed. */
function touchesTransfers(events: readonly EventEnvelope[]): boolean {
  return events.some(
    (e) => TRANSFER_TYPES.has(e.type) || e.type === 'event.undone' || e.type === 'event.redone',
  );
}

/**
 * Whether this round should refresh the district's transfers: when its own transfer events
 * moved, when asked, when the kitchen's lists are missing, and every `TRANSFERS_EVERY_MS`.
 */
async function transfersDue(
  db: LarderDb,
  kitchenId: string,
  now: number,
  report: SyncReport,
  options: SyncDeps,
): Promise<boolean> {
  if (report.transfersMoved || options.refreshTransfers) return true;
  const cached = await getMeta(db, 'transfers');
  if (cached?.kitchenId !== kitchenId) return true;
  return now - cached.at >= TRANSFERS_EVERY_MS || now < cached.at;
}

async function pushAll(
  deps: SyncDeps,
  link: ServerLink,
  report: SyncReport,
  signer: () => Promise<Signer | undefined>,
  serverNow: () => number,
): Promise<void> {
  let size = Math.min(deps.pushBatch ?? 500, 1000);
  const restamped = new Set<string>();
  for (;;) {
    deps.signal?.throwIfAborted();
    const batch = await pendingBatch(deps.db, size);
    if (!batch.length) return;
    const sign = await signer();
    try {
      const answer = await push(deps.fetch, link, sign ? await sign(batch) : batch, deps.signal);
      await markPushed(
        deps.db,
        batch.map((e) => e.id),
      );
      report.pushed += answer.accepted;
      report.transfersMoved ||= touchesTransfers(batch);
      report.duplicates += answer.duplicates;
      report.head = Math.max(report.head, answer.head);
    } catch (error) {
      // A batch over the server's byte limit: halve it until it fits.
      if (error instanceof SyncError && error.kind === 'too-large' && size > 1) {
        size = Math.ceil(size / 2);
        continue;
      }
      // Events refused for what they are (the server names them): set aside, visibly, and
      // the rest of the batch goes again. One bad event never holds up the others.
      const refused = error instanceof SyncError && error.kind === 'rejected' ? error : undefined;
      const named = refused?.details.filter((d) => d.index !== undefined && batch[d.index]);
      // Stamped too far ahead: this tablet's clock is wrong. Its entries are stamped again
      // from the server's time, once each; the clock's error is kept, so what it records
      // next is stamped right, and the sync line asks for the right time.
      const ahead = named?.map((d) => batch[d.index!]!.id).filter((id) => !restamped.has(id));
      if (refused?.code === 'clock_ahead' && ahead?.length) {
        const { restamp } = await deps.healing();
        const count = await restamp(deps.db, ahead, serverNow(), (deps.now ?? Date.now)());
        for (const id of ahead) restamped.add(id);
        report.restamped += count;
        if (count) continue;
      }
      if (refused && named?.length) {
        const byId = new Map(
          named.map((d) => [
            (batch[d.index!] as EventEnvelope).id,
            { code: refused.code, message: d.path ? `${d.path}: ${d.message}` : d.message },
          ]),
        );
        await setAside(
          deps.db,
          [...byId].map(([id, why]) => ({ id, ...why })),
          (deps.now ?? Date.now)(),
        );
        report.setAside += byId.size;
        continue;
      }
      throw error;
    }
  }
}

/**
 * Pulls from the cursor to the head. Returns false, having pulled nothing, when the server's
 * log went back behind this tablet (a head below its cursor, or a new epoch): the caller
 * heals and pulls again.
 */
async function pullAll(
  deps: SyncDeps,
  link: ServerLink,
  report: SyncReport,
  serverNow: () => number,
): Promise<boolean> {
  const { db } = deps;
  const limit = deps.pullLimit ?? 5000;
  const [start = 0, epoch, healing] = await Promise.all([
    getMeta(db, 'cursor'),
    getMeta(db, 'epoch'),
    getMeta(db, 'healing'),
  ]);
  // Pulling from the start again: what is held already is not stored twice.
  const held = healing ? await (await deps.healing()).heldIds(db) : undefined;
  const fetchPage = (after: number) => pull(deps.fetch, link, after, limit, deps.signal);
  let next: Promise<PullAnswer> | undefined = fetchPage(start);
  let cursor = start;
  let serverEpoch: string | undefined;
  const seen = new Set<string>();
  while (next) {
    let page: PullAnswer;
    try {
      page = await next;
    } catch (error) {
      if (error instanceof SyncError && error.code === 'log_behind' && !healing) return false;
      throw error;
    }
    next = undefined;
    serverEpoch ??= page.epoch;
    if (!healing && epoch !== undefined && page.epoch !== undefined && page.epoch !== epoch) {
      return false;
    }
    const last = page.events.at(-1)?.seq ?? cursor;
    // Fetch the next page while this one is written: seq is gap-free, so its start is known.
    if (page.more && page.events.length) {
      next = fetchPage(last);
      next.catch(() => undefined);
    }
    if (held) for (const event of page.events) seen.add(event.id);
    if (page.events.length) {
      const { chunk } = await ingestRemote(db, page.events, serverNow, held);
      if (chunk) deps.onChunk?.(chunk, page.more);
      report.pulled += page.events.length;
      report.transfersMoved ||= touchesTransfers(page.events);
    }
    cursor = last;
    report.head = Math.max(report.head, page.head);
  }
  // At the head: this is the log of this epoch now. What this tablet held that the server
  // still lacks goes back to it.
  if (serverEpoch !== undefined) await db.meta.put({ key: 'epoch', value: serverEpoch });
  if (held) {
    const missing = [...held].filter((id) => !seen.has(id));
    report.healed += await (await deps.healing()).giveBack(db, missing);
  }
  return true;
}
