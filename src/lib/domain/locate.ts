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

/**
 * The first index at or after `from` whose event is stamped at or after `hlc`. Gallops from
 * `from`: the ids are looked for in time order, so the next one is usually near.
 */
function firstStampedFrom(log: readonly LarderEvent[], from: number, hlc: string): number {
  let lo = from;
  let hi = from;
  for (let step = 1; hi < log.length && (log[hi] as LarderEvent).hlc < hlc; step *= 2) {
    lo = hi + 1;
    hi += step;
  }
  if (hi > log.length) hi = log.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((log[mid] as LarderEvent).hlc < hlc) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Positions of the events with these ids in each of several sorted lists (absent ids left
 * out), ascending per list. Each id is looked for among the events stamped within
 * `WINDOW_MS` of its UUID v7 time, list by list until found: for an id in more than one list
 * (copies of one event), the earliest list's copy is the one found, which is the copy the
 * fold keeps. Ids the hint misses are looked for in one pass over every list, and then every
 * copy is found.
 */
export function locateIn(
  lists: readonly (readonly LarderEvent[])[],
  ids: Iterable<string>,
): number[][] {
  const positions = lists.map((): number[] => []);
  const missing = new Set<string>();
  const hinted: { id: string; ms: number }[] = [];
  for (const id of ids) {
    const ms = uuidV7Time(id);
    if (ms === undefined) missing.add(id);
    else hinted.push({ id, ms });
  }
  // In time order, so that each search starts where the previous one ended.
  hinted.sort((a, b) => a.ms - b.ms);
  const cursors = lists.map(() => 0);
  for (const { id, ms } of hinted) {
    const from = encodeHlc({ wall: Math.max(0, ms - WINDOW_MS), counter: 0 });
    const until = encodeHlc({ wall: ms + WINDOW_MS, counter: 99_999 });
    let found = false;
    for (let l = 0; l < lists.length && !found; l++) {
      const log = lists[l] as readonly LarderEvent[];
      const start = firstStampedFrom(log, cursors[l] as number, from);
      cursors[l] = start;
      for (let i = start; i < log.length && (log[i] as LarderEvent).hlc <= until; i++) {
        if ((log[i] as LarderEvent).id !== id) continue;
        positions[l]?.push(i);
        found = true;
        break;
      }
    }
    if (!found) missing.add(id);
  }
  lists.forEach((log, l) => {
    const at = positions[l] as number[];
    if (missing.size > 0) {
      for (let i = 0; i < log.length; i++) if (missing.has((log[i] as LarderEvent).id)) at.push(i);
    }
    at.sort((a, b) => a - b);
  });
  return positions;
}

/** Positions in `log` of the events with these ids (absent ones left out), ascending. */
export function locate(log: readonly LarderEvent[], ids: Iterable<string>): number[] {
  return locateIn([log], ids)[0] as number[];
}
