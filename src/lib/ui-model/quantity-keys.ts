/**
 * The numeric keypad's text: what a key press does to the typed quantity. Decimals allowed,
 * at most 3 after the point (the domain's precision), no leading zeros, a sane length.
 */
export type KeypadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '.' | 'back';

const MAX_DIGITS = 9;

export function pressKey(text: string, key: KeypadKey): string {
  if (key === 'back') return text.slice(0, -1);
  if (key === '.') {
    if (text.includes('.')) return text;
    return text === '' ? '0.' : `${text}.`;
  }
  const [whole = '', decimals] = text.split('.');
  if (decimals !== undefined) return decimals.length >= 3 ? text : text + key;
  if (whole === '0') return key;
  if (whole.length >= MAX_DIGITS) return text;
  return text + key;
}

/** Accepts what a keyboard may type too: a comma for the point, spaces around. */
export function parseQuantity(text: string): number | undefined {
  const clean = text.trim().replace(',', '.');
  if (!/^\d+(\.\d{0,3})?$|^\.\d{1,3}$/.test(clean)) return undefined;
  const value = Number(clean);
  return Number.isFinite(value) ? value : undefined;
}

/** A quantity as a cook reads it: no trailing zeros, at most 3 decimals. */
export function formatQuantity(qty: number): string {
  return String(Math.round(qty * 1000) / 1000);
}

/**
 * What a count implies against the quantity on record: the difference (counted minus on
 * record, exact to the thousandth) and a sentence a cook reads before confirming.
 */
export function countVariance(
  onRecord: number,
  counted: number,
  unit: string,
): { diff: number; text: string } {
  const diff = (Math.round(counted * 1000) - Math.round(onRecord * 1000)) / 1000;
  const size = `${formatQuantity(Math.abs(diff))} ${unit}`.trim();
  const text =
    diff === 0
      ? 'Matches what is on record.'
      : diff < 0
        ? `${size} less than on record: the difference is written off.`
        : `${size} more than on record: the difference is added.`;
  return { diff, text };
}
