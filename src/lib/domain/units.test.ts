import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './domain-error';
import { convertQty, knownUnit, unitKind } from './units';

const MASS = ['kg', 'g', 'lb', 'oz'];
const VOLUME = ['l', 'ml', 'gal', 'qt', 'pt', 'fl oz'];
/** Each unit's size in the smallest unit of its kind (g, ml), for the bounds below. */
const SIZE: Record<string, number> = {
  kg: 1000,
  g: 1,
  lb: 453.59237,
  oz: 28.349523125,
  l: 1000,
  ml: 1,
  gal: 3785.411784,
  qt: 946.352946,
  pt: 473.176473,
  'fl oz': 29.5735295625,
};

const milli = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map((n) => n / 1000);
const sameKind = fc.oneof(
  fc.tuple(fc.constantFrom(...MASS), fc.constantFrom(...MASS)),
  fc.tuple(fc.constantFrom(...VOLUME), fc.constantFrom(...VOLUME)),
);

describe('units of mass and volume', () => {
  it('knows the usual spellings and which kind each unit measures', () => {
    expect(knownUnit(' Lbs. ')).toBe('lb');
    expect(knownUnit('Fluid Ounces')).toBe('fl oz');
    expect(knownUnit('can')).toBeUndefined();
    expect(unitKind('kilograms')).toBe('mass');
    expect(unitKind('gallon')).toBe('volume');
  });

  it('converts by the exact definitions', () => {
    expect(convertQty(1, 'lb', 'g')).toBe(453.592);
    expect(convertQty(16, 'oz', 'lb')).toBe(1);
    expect(convertQty(1, 'gal', 'fl oz')).toBe(128);
    expect(convertQty(1, 'gal', 'l')).toBe(3.785);
    expect(convertQty(1, 'kg', 'lb')).toBe(2.205);
    expect(convertQty(40, 'lb', 'kg')).toBe(18.144);
    expect(convertQty(-0.5, 'qt', 'pt')).toBe(-1);
    expect(convertQty(0.001, 'g', 'kg')).toBe(0);
  });

  it('refuses a unit of another kind, or one it does not know, naming the field', () => {
    for (const [from, to] of [
      ['lb', 'l'],
      ['can', 'g'],
      ['kg', 'case'],
    ] as const) {
      const refusal = (() => {
        try {
          convertQty(1, from, to, 'qty');
        } catch (error) {
          return error;
        }
      })();
      expect(refusal).toBeInstanceOf(DomainError);
      expect(refusal).toMatchObject({ code: 'unit_mismatch', field: 'qty', detail: { from, to } });
    }
  });

  it('to a smaller unit and back loses nothing', () => {
    fc.assert(
      fc.property(milli, sameKind, (qty, [a, b]) => {
        const [big, small] = SIZE[a]! >= SIZE[b]! ? [a, b] : [b, a];
        expect(convertQty(convertQty(qty, big, small), small, big)).toBe(qty);
      }),
      { numRuns: 1000 },
    );
  });

  it('to a larger unit and back is off by at most half a thousandth of the larger unit', () => {
    fc.assert(
      fc.property(milli, sameKind, (qty, [a, b]) => {
        const back = convertQty(convertQty(qty, a, b), b, a);
        const bound = (0.0005 * SIZE[b]!) / SIZE[a]! + 0.0005;
        expect(Math.abs(back - qty)).toBeLessThanOrEqual(bound + 1e-9);
      }),
      { numRuns: 1000 },
    );
  });

  it('converting a sum equals the sum of the conversions, to the thousandth', () => {
    fc.assert(
      fc.property(milli, milli, sameKind, (x, y, [a, b]) => {
        // Compared in thousandths: the results are exact there, their float sum is not.
        const thousandths = (qty: number) => Math.round(qty * 1000);
        const whole = thousandths(convertQty((thousandths(x) + thousandths(y)) / 1000, a, b));
        const parts = thousandths(convertQty(x, a, b)) + thousandths(convertQty(y, a, b));
        expect(Math.abs(whole - parts)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 1000 },
    );
  });
});
