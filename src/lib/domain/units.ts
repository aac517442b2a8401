/**
 * Units of mass and volume, converted exactly (issue: cases and pieces). Each unit's size is
 * a whole number of the kind's smallest step, so a conversion is integer arithmetic on
 * thousandths with one rounding at the end, never a float product:
 * - mass in nanograms: 1 lb is 453.59237 g by definition, 1 oz a sixteenth of it;
 * - volume in tenths of a picolitre: 1 US fl oz is 29.5735295625 ml, 1 gal 128 fl oz.
 */
import { DomainError } from './domain-error';
import { divideRounded, toMilli } from './quantity';

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

/** The other units of `name`'s kind (kg, g, oz for lb), none for a unit of its own. */
export function otherUnitsOfKind(name: string): string[] {
  const unit = knownUnit(name);
  const kind = unit ? SIZES[unit]?.kind : undefined;
  return Object.keys(SIZES).filter((other) => other !== unit && SIZES[other]?.kind === kind);
}

export function unitKind(name: string): UnitKind | undefined {
  const unit = knownUnit(name);
  return unit ? SIZES[unit]?.kind : undefined;
}

/** Whether two names are one unit ("kg" and "Kgs", "carton" and "Carton "). */
export function sameUnit(a: string, b: string): boolean {
  if (a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase()) return true;
  const known = knownUnit(a);
  return known !== undefined && known === knownUnit(b);
}

/** Whether a quantity of unit `from` can be given in unit `to` (both weights, or volumes). */
export function convertible(from: string, to: string): boolean {
  const kind = unitKind(from);
  return kind !== undefined && kind === unitKind(to);
}

function mismatch(from: string, to: string, field: string): DomainError {
  return new DomainError(
    'unit_mismatch',
    `${from} cannot be converted to ${to}: use a unit of the same kind (weight or volume).`,
    field,
    { from, to },
  );
}

function sizeOf(unit: string | undefined) {
  const known = unit === undefined ? undefined : knownUnit(unit);
  return known ? SIZES[known] : undefined;
}

/**
 * The sum of `parts` (each in a unit of mass or volume) in unit `to`, to the thousandth (the
 * domain's precision), rounded once; or a `DomainError` naming the field when a unit is not
 * known or measures another thing than `to` (a weight in litres).
 */
export function sumInUnit(
  parts: readonly { qty: number; unit: string }[],
  to: string,
  field = 'unit',
): number {
  const target = sizeOf(to);
  if (!target) throw mismatch(parts[0]?.unit ?? to, to, field);
  let sum = 0n;
  for (const part of parts) {
    const source = sizeOf(part.unit);
    if (source?.kind !== target.kind) throw mismatch(part.unit, to, field);
    sum += BigInt(toMilli(part.qty)) * source.size;
  }
  return Number(divideRounded(sum, target.size)) / 1000;
}

/** `qty` of unit `from` in unit `to` (see `sumInUnit`). */
export function convertQty(qty: number, from: string, to: string, field = 'unit'): number {
  return sumInUnit([{ qty, unit: from }], to, field);
}
