/**
 * The short form of who is using the tablet, for the header: what the cook typed when it is
 * already short ("AM"), otherwise the first letters of the first two words ("Anna Mills" → "AM").
 */
export function initials(actor: string): string {
  // Letters and digits only: a name typed with markup or symbols ("<b>Ann</b>") gives "AN".
  const words = actor
    .replace(/<[^>]*>/gu, ' ')
    .split(/\s+/u)
    .map((word) => word.replace(/[^\p{L}\p{N}]/gu, ''))
    .filter(Boolean);
  if (words.length === 0) return '';
  const first = words[0] ?? '';
  if (words.length === 1) {
    const letters = [...first];
    return (letters.length <= 3 ? first : letters.slice(0, 2).join('')).toUpperCase();
  }
  return words
    .slice(0, 2)
    .map((word) => [...word][0] ?? '')
    .join('')
    .toUpperCase();
}
