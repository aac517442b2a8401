import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { packBreakdown } from './pack-breakdown';

describe('a quantity in packs', () => {
  test('whole packs first, the largest first, then the rest in the unit', () => {
    expect(packBreakdown(26, { case: 6 })).toEqual({
      parts: [{ pack: 'case', count: 4 }],
      rest: 2,
    });
    expect(packBreakdown(83, { case: 24, tray: 6 })).toEqual({
      parts: [
        { pack: 'case', count: 3 },
        { pack: 'tray', count: 1 },
      ],
      rest: 5,
    });
    expect(packBreakdown(7.5, { bag: 2.5 })).toEqual({
      parts: [{ pack: 'bag', count: 3 }],
      rest: 0,
    });
  });

  test('nothing to say when no whole pack fits, or nothing is there', () => {
    expect(packBreakdown(5, { case: 6 })).toBeUndefined();
    expect(packBreakdown(0, { case: 6 })).toBeUndefined();
    expect(packBreakdown(-12, { case: 6 })).toBeUndefined();
    expect(packBreakdown(12, undefined)).toBeUndefined();
  });

  test('the packs and the rest add up to the quantity, exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.dictionary(fc.constantFrom('case', 'tray', 'bag'), fc.integer({ min: 1, max: 50_000 })),
        (milli, sizes) => {
          const packs = Object.fromEntries(Object.entries(sizes).map(([k, v]) => [k, v / 1000]));
          const split = packBreakdown(milli / 1000, packs);
          if (!split) return;
          const sum =
            split.parts.reduce(
              (total, part) => total + part.count * Math.round(packs[part.pack]! * 1000),
              0,
            ) + Math.round(split.rest * 1000);
          expect(sum).toBe(milli);
          expect(split.rest).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});
