/**
 * The merge semantics of DESIGN.md section 3, as properties over random kitchen logs.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { LarderEvent } from './events';
import { fold, foldSorted, sortLog } from './fold';
import { Folder } from './folder';
import { decodeHlc, encodeHlc, hlcNow, hlcReceive, DEFAULT_MAX_SKEW_MS } from './hlc';
import { history, itemHistory } from './item-history';
import { KitchenLog } from './kitchen-log';
import { kitchenLog, shuffle } from './test-support/arbitraries';
import { canonicalState } from './test-support/canonical-state';
import { DEVICE_A, T0, uuidV7 } from './test-support/events';
import { isUndoEvent, undoneOf } from './undo';

const RUNS = { numRuns: 1000 };

/** Undo or redo of `target`, stamped after every event of `log`. */
function after(
  log: LarderEvent[],
  type: 'event.undone' | 'event.redone',
  eventId: string,
  n: number,
) {
  const last = log.reduce(
    (max, e) => (e.hlc > max ? e.hlc : max),
    encodeHlc({ wall: T0, counter: 0 }),
  );
  const wall = decodeHlc(last).wall + 1000 * n;
  return {
    id: uuidV7(wall, 900_000 + n),
    type,
    v: 1,
    hlc: encodeHlc({ wall, counter: 0 }),
    device: DEVICE_A,
    actor: 'AB',
    data: { eventId },
  } as LarderEvent;
}

describe('merge properties', () => {
  test('(1) any permutation and duplication of a log folds to the same state', () => {
    fc.assert(
      fc.property(
        kitchenLog(),
        fc.integer(),
        fc.array(fc.nat(), { maxLength: 10 }),
        (log, seed, dups) => {
          const copies = dups.map((i) => log[i % log.length] as LarderEvent);
          const shuffled = shuffle([...log, ...copies], seed);
          expect(canonicalState(fold(shuffled))).toEqual(canonicalState(fold(log)));
        },
      ),
      RUNS,
    );
  });

  test('(2) replicas exchanging random subsets in random order converge', () => {
    fc.assert(
      fc.property(
        kitchenLog(30),
        fc.integer({ min: 2, max: 5 }),
        fc.array(fc.tuple(fc.nat(4), fc.nat(), fc.integer({ min: 1, max: 8 })), { maxLength: 12 }),
        fc.integer(),
        (log, replicaCount, exchanges, seed) => {
          const replicas = Array.from(
            { length: replicaCount },
            (_, i) => new KitchenLog([], { snapshotEvery: 1 + ((seed >>> i) & 7) }),
          );
          // Each replica records a share of the events, then they exchange random subsets.
          log.forEach((event, i) => replicas[i % replicaCount]?.add(event));
          for (const [to, from, size] of exchanges) {
            const source = replicas[from % replicaCount] as KitchenLog;
            const batch = shuffle(source.events, from).slice(0, size);
            replicas[to % replicaCount]?.addAll(batch);
          }
          for (const [i, replica] of replicas.entries()) {
            for (const event of shuffle(log, seed + i)) replica.add(event);
          }
          const expected = canonicalState(fold(log));
          for (const replica of replicas) expect(canonicalState(replica.state)).toEqual(expected);
        },
      ),
      RUNS,
    );
  });

  test('(3) the incremental fold equals the full fold after every event, in any arrival order', () => {
    fc.assert(
      fc.property(
        kitchenLog(30),
        fc.integer(),
        fc.integer({ min: 1, max: 6 }),
        (log, seed, every) => {
          const arrival = shuffle(log, seed);
          const incremental = new KitchenLog([], { snapshotEvery: every });
          arrival.forEach((event, i) => {
            incremental.add(event);
            expect(canonicalState(incremental.state)).toEqual(
              canonicalState(fold(arrival.slice(0, i + 1))),
            );
          });
        },
      ),
      RUNS,
    );
  });

  test('(4) undo then redo equals neither; undo of the undo equals redo', () => {
    fc.assert(
      fc.property(kitchenLog(), fc.nat(), (log, pick) => {
        const state = fold(log);
        const candidates = state.log.filter((e) => !state.undone.has(e.id));
        const target = candidates[pick % candidates.length];
        if (!target) return;
        const undo = after(log, 'event.undone', target.id, 1);
        const redo = after(log, 'event.redone', target.id, 2);
        const undoUndo = after(log, 'event.undone', undo.id, 2);
        const neither = canonicalState(state, false);
        expect(canonicalState(fold([...log, undo, redo]), false)).toEqual(neither);
        expect(canonicalState(fold([...log, undo, undoUndo]), false)).toEqual(neither);
        const undone = fold([...log, undo]);
        expect(undone.undone.has(target.id)).toBe(true);
      }),
      RUNS,
    );
  });

  test('(5) a device that received events before recording stamps its event after them', () => {
    fc.assert(
      fc.property(
        fc.record({ wall: fc.nat(1_000_000), counter: fc.nat(99_999) }),
        fc.array(
          fc.record({
            ahead: fc.integer({ min: -5_000_000, max: 2 * DEFAULT_MAX_SKEW_MS }),
            counter: fc.nat(99_999),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        fc.nat(1_000_000),
        (local, remotes, now) => {
          let clock = encodeHlc(local);
          const seen: string[] = [];
          for (const remote of remotes) {
            const stamp = encodeHlc({
              wall: Math.max(0, now + remote.ahead),
              counter: remote.counter,
            });
            const received = hlcReceive(clock, stamp, now);
            expect(received.skewed).toBe(decodeHlc(stamp).wall - now > DEFAULT_MAX_SKEW_MS);
            if (!received.skewed) seen.push(stamp);
            clock = received.clock;
          }
          const stamped = hlcNow(clock, now);
          for (const stamp of seen) expect(stamped > stamp).toBe(true);
          expect(decodeHlc(stamped).wall).toBeLessThanOrEqual(
            Math.max(local.wall, now + DEFAULT_MAX_SKEW_MS) + 1,
          );
        },
      ),
      RUNS,
    );
  });

  test('(6) no event of the input is missing from history', () => {
    fc.assert(
      fc.property(kitchenLog(), (log) => {
        const state = fold(log);
        const ids = history(state).map((entry) => entry.event.id);
        expect([...ids].sort()).toEqual([...new Set(log.map((e) => e.id))].sort());
        for (const event of log) {
          const itemId = (event.data as { itemId?: string }).itemId;
          if (itemId === undefined) continue;
          expect(itemHistory(state, itemId).some((entry) => entry.event.id === event.id)).toBe(
            true,
          );
        }
      }),
      RUNS,
    );
  });

  test('(7) a nearly sorted arrival (a few late events, repeats among them) folds like the sorted log', () => {
    fc.assert(
      fc.property(
        kitchenLog(80),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 4 }),
        (log, lateAt, repeatAt) => {
          const sorted = sortLog(log);
          // At most one late event per 8 in order: the fold merges them in as it applies.
          const budget = Math.floor(sorted.length / 9);
          const late = new Set(lateAt.slice(0, budget).map((i) => i % sorted.length));
          const repeats = repeatAt
            .slice(0, budget - late.size)
            .map((i) => sorted[i % sorted.length] as LarderEvent);
          const arrival = [
            ...sorted.filter((_, i) => !late.has(i)),
            ...[...late].map((i) => sorted[i] as LarderEvent),
            ...repeats,
          ];
          const expected = canonicalState(fold(sorted));
          expect(canonicalState(fold(arrival))).toEqual(expected);
          expect(canonicalState(new KitchenLog(arrival).state)).toEqual(expected);
        },
      ),
      RUNS,
    );
  });

  test('a fold without history has the same items, places and stock, no registers or count records', () => {
    fc.assert(
      fc.property(kitchenLog(), (events) => {
        const log = sortLog(events);
        const bare = new Folder(log, undoneOf(log.filter(isUndoEvent)), false);
        for (const [rank, event] of log.entries()) {
          bare.apply(event, rank, !bare.undone.has(event.id));
        }
        const { counts: _counts, registers: _registers, ...full } = canonicalState(foldSorted(log));
        const { counts, registers, ...without } = canonicalState(bare.clone());
        expect(without).toEqual(full);
        expect(counts).toEqual([]);
        expect(registers).toEqual([]);
      }),
      RUNS,
    );
  });
});
