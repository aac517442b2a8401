/**
 * The numeric keypad's text: what a key press does to the typed quantity. Decimals allowed,
 * at most 3 after the separator (the domain's precision), no leading zeros, a sane length.
 * The text is written as the chosen locale writes numbers: the decimal key types that
 * locale's separator (`,` in Spanish from Spain, `.` in English), and `parseNumber`
 * (`$lib/i18n/format`) reads it back.
 *
 * A quantity in packs reads "4 case + 5": a pack key ends the number typed with its pack and
 * starts the next part; digits always go to the last part, in the item's unit until a pack
 * or unit key names it (`entered-amount.ts` reads it).
 */
export type KeypadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '.' | 'back';

const MAX_DIGITS = 9;

/** Between the parts of a quantity in packs. */
export const PART_JOIN = ' + ';

/** The finished parts ("4 case + ") and the part being typed. */
function lastPart(text: string): [string, string] {
  const at = text.lastIndexOf(PART_JOIN);
  return at < 0
    ? ['', text]
    : [text.slice(0, at + PART_JOIN.length), text.slice(at + PART_JOIN.length)];
}

/** `'.'` is the decimal key, whatever character `separator` the locale writes for it. */
export function pressKey(full: string, key: KeypadKey, separator = '.'): string {
  const [head, text] = lastPart(full);
  // Back over a part just ended ("4 case + "): the pack goes, the number stays to correct.
  if (key === 'back' && text === '' && head)
    return head.slice(0, -PART_JOIN.length).replace(/\s+\D*$/, '');
  return head + pressInPart(text, key, separator);
}

/** A pack or unit key: names the number being typed (1 when none is) and starts the next. */
export function pressUnit(full: string, unit: string): string {
  const [head, text] = lastPart(full);
  if (!/^[\d.,]*$/.test(text)) return full;
  return `${head}${text || '1'} ${unit}${PART_JOIN}`;
}

function pressInPart(text: string, key: KeypadKey, separator: string): string {
  if (key === 'back') return text.slice(0, -1);
  if (key === '.') {
    if (text.includes(separator)) return text;
    return text === '' ? `0${separator}` : `${text}${separator}`;
  }
  const [whole = '', decimals] = text.split(separator);
  if (decimals !== undefined) return decimals.length >= 3 ? text : text + key;
  if (whole === '0') return key;
  if (whole.length >= MAX_DIGITS) return text;
  return text + key;
}

/** The difference a count makes against the record: counted minus on record, exact. */
export function countDifference(onRecord: number, counted: number): number {
  return (Math.round(counted * 1000) - Math.round(onRecord * 1000)) / 1000;
}
