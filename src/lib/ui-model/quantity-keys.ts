/**
 * The numeric keypad's text: what a key press does to the typed quantity. Decimals allowed,
 * at most 3 after the separator (the domain's precision), no leading zeros, a sane length.
 * The text is written as the chosen locale writes numbers: the decimal key types that
 * locale's separator (`,` in Spanish from Spain, `.` in English), and `parseNumber`
 * (`$lib/i18n/format`) reads it back.
 */
export type KeypadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '.' | 'back';

const MAX_DIGITS = 9;

/** `'.'` is the decimal key, whatever character `separator` the locale writes for it. */
export function pressKey(text: string, key: KeypadKey, separator = '.'): string {
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
