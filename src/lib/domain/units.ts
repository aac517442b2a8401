/**
 * Units of mass and volume, converted exactly (issue: cases and pieces). Each unit's size is
 * a whole number of the kind's smallest step, so a conversion is integer arithmetic on
 * thousandths with one rounding at the end, never a float product:
 * - mass in nanograms: 1 lb is 453.59237 g by definition, 1 oz a sixteenth of it;
 * - volume in tenths of a picolitre: 1 US fl oz is 29.5735295625 ml, 1 gal 128 fl oz.
 *
 * Not yet used by the events: recording in any unit of an item's kind comes next.
 */
import { DomainError } from './domain-error';
import { toMilli } from './quantity';

export type UnitKind = 'mass' | 'volume';

const SIZES: Record<string, { kind: UnitKind; size: bigint }> = {
  kg: { kind: 'mass', size: 1_000_000_000_000n },
  g: { kind: 'mass', size: 1_000_000_000n },
  lb: { kind: 'mass', size: 453_592_370_000n },
  oz: { kind: 'mass', size: 28_349_523_125n },
  l: { kind: 'volume', size: 10_000_000_000_000n },
  ml: { kind: 'volume', size: 10_000_000_000n },
  gal: { kind: 'volume', size: 37_854_117_840_000n },
  qt: { kind: 'volume', size: 9_463_529_460_000n },
  pt: { kind: 'volume', size: 4_731_764_730_000n },
  'fl oz': { kind: 'volume', size: 295_735_295_625n },
};

/** The unit names Larder knows, by their usual spellings (case and dots ignored). */
const ALIASES: Record<string, string> = {
  kgs: 'kg',
  kilogram: 'kg',
  kilograms: 'kg',
  gram: 'g',
  grams: 'g',
  lbs: 'lb',
  pound: 'lb',
  pounds: 'lb',
  ounce: 'oz',
  ounces: 'oz',
  liter: 'l',
  liters: 'l',
  litre: 'l',
  litres: 'l',
  milliliter: 'ml',
  milliliters: 'ml',
  gallon: 'gal',
  gallons: 'gal',
  quart: 'qt',
  quarts: 'qt',
  pint: 'pt',
  pints: 'pt',
  floz: 'fl oz',
  'fluid ounce': 'fl oz',
  'fluid ounces': 'fl oz',
};

/** The known unit `name` stands for ("Lbs." is lb), or undefined for a unit of its own. */
export function knownUnit(name: string): string | undefined {
  const key = name.trim().toLowerCase().replace(/\./g, '').replace(/\s+/g, ' ');
  const unit = ALIASES[key] ?? key;
  return unit in SIZES ? unit : undefined;
}

export function unitKind(name: string): UnitKind | undefined {
  const unit = knownUnit(name);
  return unit ? SIZES[unit]?.kind : undefined;
}

/** `a / b` rounded to the nearest integer, halves away from zero. */
function divideRounded(a: bigint, b: bigint): bigint {
  const negative = a < 0n !== b < 0n;
  const [n, d] = [a < 0n ? -a : a, b < 0n ? -b : b];
  const q = (n * 2n + d) / (d * 2n);
  return negative ? -q : q;
}

/**
 * `qty` of unit `from` in unit `to`, to the thousandth (the domain's precision), or a
 * `DomainError` naming the field when either unit is unknown or they measure different
 * things (a weight in litres).
 */
export function convertQty(qty: number, from: string, to: string, field = 'unit'): number {
  const a = knownUnit(from);
  const b = knownUnit(to);
  const source = a ? SIZES[a] : undefined;
  const target = b ? SIZES[b] : undefined;
  if (!source || !target || source.kind !== target.kind) {
    throw new DomainError(
      'unit_mismatch',
      `${from} cannot be converted to ${to}: use a unit of the same kind (weight or volume).`,
      field,
      { from, to },
    );
  }
  const milli = divideRounded(BigInt(toMilli(qty)) * source.size, target.size);
  return Number(milli) / 1000;
}
