/**
 * Quantities as people enter them: a number in the item's unit, or parts in its unit, its
 * packs and (for a weight or a volume) any unit of that kind: "4 case + 5 can", "2 kg" of
 * chicken kept in lb. `resolveAmount` turns what was entered into the event's `qty`, in the
 * item's unit, exactly (integer arithmetic, one rounding to the thousandth at the end), and
 * the parts to record as entered, each pack with its size at that moment.
 */
import { DomainError } from './domain-error';
import type { EnteredPart, PackCost } from './events';
import { divideRounded, hasAtMostThreeDecimals, toMilli } from './quantity';
import type { ItemState } from './state';
import { knownUnit, sameUnit, sumInUnit, unitKind } from './units';

export interface AmountPart {
  qty: number;
  unit: string;
}
/** A number in the item's unit, or the parts a person entered. */
export type Amount = number | readonly AmountPart[];

/** The most parts one quantity may have ("4 case + 2 tray + 5 can" is three). */
export const MAX_PARTS = 6;

export function checkQty(value: unknown, field: string, allowZero: boolean): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DomainError('invalid_quantity', 'Enter a quantity as a number.', field, {
      rule: 'number',
    });
  }
  if (allowZero ? value < 0 : value <= 0) {
    throw new DomainError(
      'invalid_quantity',
      allowZero ? 'The quantity cannot be below 0.' : 'Enter a quantity more than 0.',
      field,
      { rule: allowZero ? 'not_negative' : 'positive' },
    );
  }
  if (!hasAtMostThreeDecimals(value)) {
    throw new DomainError(
      'invalid_quantity',
      'Use at most 3 decimals (for example 1.25), and no more than a billion.',
      field,
      { rule: 'precision' },
    );
  }
  return value;
}

const same = (a: string, b: string) =>
  a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

type Unit =
  | { as: 'own'; unit: string }
  | { as: 'pack'; unit: string; factor: number }
  | { as: 'converted'; unit: string };

/** What an item is counted in: its name (for messages), its unit and its packs. */
export type ItemUnits = Pick<ItemState, 'name' | 'unit' | 'packs'>;

/** What `name` is for `item`: its own unit, one of its packs, or a unit of the same kind. */
export function unitOf(item: ItemUnits, name: string, field: string): Unit {
  const known = knownUnit(name);
  if (sameUnit(name, item.unit)) {
    return { as: 'own', unit: item.unit };
  }
  const pack = Object.entries(item.packs ?? {}).find(([pack]) => same(pack, name));
  if (pack) return { as: 'pack', unit: pack[0], factor: pack[1] };
  if (known !== undefined && unitKind(known) === unitKind(item.unit)) {
    return { as: 'converted', unit: known };
  }
  throw new DomainError(
    'unknown_unit',
    `“${name.trim()}” is not a unit of “${item.name}”: use ${item.unit} or one of its packs.`,
    field,
    { name: item.name, from: name.trim(), to: item.unit },
  );
}

/**
 * The quantity `amount` comes to in the item's unit, and what to record as entered (nothing
 * when it was simply a number of the item's unit); a `DomainError` naming `field` when a
 * part or the sum is not a quantity this command can take.
 */
export function resolveAmount(
  item: ItemState,
  amount: Amount,
  field: string,
  allowZero: boolean,
): { qty: number; entered?: EnteredPart[] } {
  if (typeof amount === 'number') return { qty: checkQty(amount, field, allowZero) };
  if (!Array.isArray(amount) || amount.length === 0 || amount.length > MAX_PARTS) {
    throw new DomainError('invalid_quantity', 'Enter a quantity as a number.', field, {
      rule: 'number',
    });
  }
  const entered: EnteredPart[] = [];
  const converted: AmountPart[] = [];
  // Millionths of the item's unit: a part of at most 3 decimals times a pack size of at most
  // 3 decimals is exact here.
  let micro = 0n;
  for (const part of amount as readonly AmountPart[]) {
    const qty = checkQty(part.qty, field, true);
    const unit = unitOf(item, String(part.unit ?? ''), field);
    if (unit.as === 'pack') {
      micro += BigInt(toMilli(qty)) * BigInt(toMilli(unit.factor));
      entered.push({ qty, unit: unit.unit, factor: unit.factor });
    } else {
      if (unit.as === 'own') micro += BigInt(toMilli(qty)) * 1000n;
      else converted.push({ qty, unit: unit.unit });
      entered.push({ qty, unit: unit.unit });
    }
  }
  if (converted.length) micro += BigInt(toMilli(sumInUnit(converted, item.unit, field))) * 1000n;
  const milli = divideRounded(micro, 1000n);
  const qty = checkQty(Number(milli) / 1000, field, allowZero);
  const plain = entered.length === 1 && entered[0]?.unit === item.unit;
  return plain ? { qty } : { qty, entered };
}

/** A price per pack, recorded with the pack's size at that moment. */
export function resolvePackCost(
  item: ItemState,
  price: { pack: string; cost: number },
  field: string,
): { unitCost: number } | { packCost: PackCost } {
  const cost = checkQty(price.cost, field, false);
  const unit = unitOf(item, price.pack, field);
  if (unit.as === 'own') return { unitCost: cost };
  if (unit.as === 'pack') return { packCost: { pack: unit.unit, factor: unit.factor, cost } };
  throw new DomainError(
    'unknown_unit',
    `A price is per ${item.unit} or per one of its packs.`,
    field,
    { name: item.name, from: unit.unit, to: item.unit },
  );
}
