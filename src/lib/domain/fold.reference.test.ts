/**
 * The fold and the incremental `KitchenLog` against the plain reference fold
 * (`test-support/reference-fold.ts`), on generated logs whose ids are unrelated to their
 * stamps, with undos of undos, repeats, concurrent counts and edits, and moves.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { LarderEvent } from './events';
import { fold } from './fold';
import { KitchenLog } from './kitchen-log';
import type { KitchenState } from './state';
import { kitchenLog, shuffle } from './test-support/arbitraries';
import { pictureOf, referenceFold } from './test-support/reference-fold';

const RUNS = { numRuns: 1000 };

/** The input with some events given again, in an order the seed picks. */
const withRepeats = (log: LarderEvent[], picks: number[], seed: number) =>
  shuffle([...log, ...picks.map((i) => log[i % log.length] as LarderEvent)], seed);

/** What the reference does not look at: every cell's lots add up to its quantity. */
function expectLotsAddUp(state: KitchenState) {
  for (const cells of state.stock.values()) {
    for (const cell of cells.values()) {
      const inLots = cell.lots.reduce((sum, lot) => sum + lot.qty, 0);
      expect(cell.deficit).toBeGreaterThanOrEqual(0);
      expect(inLots - cell.deficit).toBe(cell.qty);
      for (const lot of cell.lots) expect(lot.qty).toBeGreaterThan(0);
    }
  }
}

describe('the fold against the reference fold', () => {
  test('fold of any arrival order, repeats included, equals the reference', () => {
    fc.assert(
      fc.property(
        kitchenLog(40, 'unrelated'),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.integer(),
        (log, picks, seed) => {
          const input = withRepeats(log, picks, seed);
          const state = fold(input);
          expect(pictureOf(state)).toEqual(referenceFold(input));
          expectLotsAddUp(state);
        },
      ),
      RUNS,
    );
  });

  test('KitchenLog fed in batches of any size and order equals the reference after each', () => {
    fc.assert(
      fc.property(
        kitchenLog(30, 'unrelated'),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.integer(),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 5 }),
        (log, picks, seed, sizes, every) => {
          const input = withRepeats(log, picks, seed);
          const kitchen = new KitchenLog([], { snapshotEvery: every });
          let given = 0;
          for (let b = 0; given < input.length; b++) {
            const size = sizes[b % sizes.length] as number;
            const batch = input.slice(given, given + size);
            given += batch.length;
            if (batch.length === 1) kitchen.add(batch[0] as LarderEvent);
            else kitchen.addAll(batch);
            expect(pictureOf(kitchen.state)).toEqual(referenceFold(input.slice(0, given)));
          }
          expectLotsAddUp(kitchen.state);
          // Lots too: the incremental state is the full fold's, to the last lot.
          expect(kitchen.state.stock).toEqual(fold(input).stock);
        },
      ),
      RUNS,
    );
  });
});
