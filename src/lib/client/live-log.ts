/**
 * Follows the tablet's event log: calls `onEvents` with every event stored after `fromLseq`,
 * in arrival order, now and whenever any tab or the service worker stores more. Each event
 * is delivered once.
 *
 * Dexie's `liveQuery` sees writes from every context of this origin; it watches only the
 * `lseq` counter, which every write to the log moves, and the events are then read in
 * bounded slices, so a catch-up of 100k events never sits in one query result.
 */
import { liveQuery } from 'dexie';
import type { LarderDb, LocalEvent } from './db';

export interface LogFollower {
  unsubscribe(): void;
  /** The caller has the events up to `lseq` already (it stored them itself). */
  skipTo(lseq: number): void;
}

const SLICE = 10_000;

export function followLog(
  db: LarderDb,
  fromLseq: number,
  onEvents: (events: LocalEvent[], lastLseq: number) => void,
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
        for (;;) {
          const events = await db.events.where('lseq').above(applied).limit(SLICE).toArray();
          if (closed || !events.length) break;
          applied = events.at(-1)!.lseq;
          onEvents(events, applied);
          if (events.length < SLICE) break;
        }
      } while (again && !closed);
    } catch (error) {
      onError(error);
    } finally {
      draining = false;
    }
  };

  const subscription = liveQuery(() => db.meta.get('lseq')).subscribe({
    next: () => void drain(),
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
