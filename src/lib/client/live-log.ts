/**
 * Follows the tablet's event log: calls `onEvents` with every event stored after `fromLseq`
 * (chunks from the server and events recorded here alike), now and whenever any tab or the
 * service worker stores more. Dexie's `liveQuery` sees writes from every context of this
 * origin; it watches only the `lseq` counter, which every write to the log moves.
 * An event may be delivered twice (recorded here, later confirmed in a chunk): the
 * projection holds a set keyed by id.
 */
import { liveQuery } from 'dexie';
import type { EventEnvelope } from '$lib/domain/events';
import type { LarderDb } from './db';
import { readLog } from './log';

export interface LogFollower {
  unsubscribe(): void;
  /** The caller has the events up to `lseq` already (it stored them itself). */
  skipTo(lseq: number): void;
}

export function followLog(
  db: LarderDb,
  fromLseq: number,
  onEvents: (events: EventEnvelope[], unreadable: number, lastLseq: number) => void,
  onError: (error: unknown) => void = console.error,
): LogFollower {
  let applied = fromLseq;
  let draining = false;
  let again = false;
  let closed = false;

  const drain = async () => {
    if (draining) {
      again = true;
      return;
    }
    draining = true;
    try {
      do {
        again = false;
        const started = performance.now();
        const { events, unreadable, lseq } = await readLog(db, applied);
        if (closed) return;
        // `skipTo` may have moved past while reading: the caller has those already.
        if (lseq > applied) {
          applied = lseq;
          if (events.length || unreadable) onEvents(events, unreadable, lseq);
        }
        // While the log grows fast (a catch-up), rest twice as long as the work took, so
        // the projection takes at most a third of the main thread and the download keeps
        // going; what arrives meanwhile is applied in one go. A lone event waits for nothing.
        const work = performance.now() - started;
        if (again && work > 8) await new Promise((r) => setTimeout(r, 2 * work));
      } while (again && !closed);
    } catch (error) {
      onError(error);
    } finally {
      draining = false;
    }
  };

  const subscription = liveQuery(() => db.meta.get('lseq')).subscribe({
    // Nothing to read when this tab stored the newest entries itself (see `skipTo`).
    next: (row) => {
      if (typeof row?.value !== 'number' || row.value > applied) void drain();
    },
    error: onError,
  });
  return {
    skipTo: (lseq) => {
      applied = Math.max(applied, lseq);
    },
    unsubscribe: () => {
      closed = true;
      subscription.unsubscribe();
    },
  };
}
