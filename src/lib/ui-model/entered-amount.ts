/**
 * What a person typed on the keypad, read as a quantity: "12" in the item's unit, or parts in
 * its packs and units ("4 case + 5", the last part in the item's unit), with the total it
 * comes to and, when it cannot be recorded, why, in the chosen language.
 */
import { resolveAmount, type Amount, type AmountPart } from '$lib/domain/amounts';
import { DomainError } from '$lib/domain/domain-error';
import type { ItemState } from '$lib/domain/state';
import { otherUnitsOfKind } from '$lib/domain/units';
import { errorText } from '$lib/i18n/errors';
import { decimalSeparator, formatNumber, parseNumber } from '$lib/i18n/format';
import { amountText } from '$lib/i18n/words';
import { m } from '$lib/paraglide/messages';
import { packsBySize } from './pack-breakdown';

/** The keys the keypad offers for an item: its packs, the largest first, then other units. */
export function keypadUnits(item: ItemState | undefined): string[] {
  if (!item) return [];
  return [...packsBySize(item.packs).map(([pack]) => pack), ...otherUnitsOfKind(item.unit)];
}

/** The parts of `text`, or undefined when a part is not a number (with a unit or not). */
export function parseAmount(text: string, separator = decimalSeparator()): Amount | undefined {
  const pieces = text
    .split('+')
    .map((piece) => piece.trim())
    .filter(Boolean);
  const parts: AmountPart[] = [];
  for (const piece of pieces) {
    const [, number = '', unit = ''] = /^([\d.,]*)\s*(.*)$/.exec(piece) ?? [];
    const qty = parseNumber(number, separator);
    if (qty === undefined) return undefined;
    parts.push({ qty, unit: unit.trim() });
  }
  const [only] = parts;
  if (!only) return undefined;
  if (parts.length === 1 && !only.unit) return only.qty;
  return parts;
}

export interface ReadAmount {
  /** What to put in the command: a number of the item's unit, or the parts entered. */
  amount?: Amount;
  /** What it comes to in the item's unit. */
  qty?: number;
  /** "4 case + 5 can (29 can)" when entered in parts, else "29 can". */
  text?: string;
  /** Why it cannot be recorded, when it cannot. */
  problem?: string;
}

/** `text` as a quantity of `item`; nothing at all while nothing is typed. */
export function readAmount(
  text: string,
  item: ItemState | undefined,
  allowZero: boolean,
): ReadAmount {
  if (!text.trim() || !item) return {};
  const typed = parseAmount(text);
  if (typed === undefined) return { problem: m.action_type_amount({ example: formatNumber(2.5) }) };
  // The last part typed without a unit is in the item's unit.
  const amount =
    typeof typed === 'number'
      ? typed
      : typed.map((part) => ({ qty: part.qty, unit: part.unit || item.unit }));
  try {
    const { qty, entered } = resolveAmount(item, amount, 'qty', allowZero);
    const total = amountText(qty, item.unit);
    const text = entered
      ? m.packed_amount({
          parts: entered.map((part) => amountText(part.qty, part.unit)).join(' + '),
          total,
        })
      : total;
    return { amount, qty, text };
  } catch (error) {
    if (error instanceof DomainError) return { problem: errorText(error) };
    throw error;
  }
}

/**
 * What the keypad shows under its display: what parts come to ("4 case + 5 can (29 can)")
 * or why they cannot be recorded; nothing for a plain number of the item's unit.
 */
export function keypadTotal(read: ReadAmount): string {
  return typeof read.amount === 'number' ? '' : (read.text ?? read.problem ?? '');
}
