/**
 * Finding events of a sorted log by id, without a hash map of every id.
 *
 * The fold must know where the undone events sit. Hashing a million ids to find fifteen
 * thousand costs more than the rest of the fold, so we use a hint: an event id is a UUID v7,
 * whose first 48 bits are the milliseconds it was made at, and a device stamps an event
 * with its clock at the same moment. So the event is almost always among the few whose
 * stamp is within a second of its id's time, found by binary search. Ids the hint does not
 * find (a clock dragged ahead, an id not made by `uuid`, an event not in the log) are looked
 * for in one linear pass: slower, never wrong.
 */
import type { LarderEvent } from './events';
import { encodeHlc } from './hlc';

const WINDOW_MS = 1_000;
const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7/i;

/** The milliseconds a UUID v7 was made at, or undefined for another kind of id. */
export function uuidV7Time(id: string): number | undefined {
  if (!V7.test(id)) return undefined;
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

function firstStampedFrom(log: readonly LarderEvent[], hlc: string): number {
  let lo = 0;
  let hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((log[mid] as LarderEvent).hlc < hlc) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Positions in `log` of the events with these ids (absent ones left out), ascending. */
export function locate(log: readonly LarderEvent[], ids: Iterable<string>): number[] {
  const positions: number[] = [];
  const missing = new Set<string>();
  for (const id of ids) {
    const ms = uuidV7Time(id);
    let found = -1;
    if (ms !== undefined) {
      const until = encodeHlc({ wall: ms + WINDOW_MS, counter: 99_999 });
      for (
        let i = firstStampedFrom(log, encodeHlc({ wall: Math.max(0, ms - WINDOW_MS), counter: 0 }));
        i < log.length && (log[i] as LarderEvent).hlc <= until;
        i++
      ) {
        if ((log[i] as LarderEvent).id === id) {
          found = i;
          break;
        }
      }
    }
    if (found >= 0) positions.push(found);
    else missing.add(id);
  }
  if (missing.size > 0) {
    for (let i = 0; i < log.length; i++)
      if (missing.has((log[i] as LarderEvent).id)) positions.push(i);
  }
  return positions.sort((a, b) => a - b);
}
