/**
 * Finding an item fast in a sheet's picker: what is typed narrows the list. Items whose words
 * start with what is typed come first, then those that contain it anywhere; within each, the
 * recently used first, then by name. With nothing typed: the recently used, then the rest.
 * A barcode typed (or scanned into the field) finds its item first.
 */
export interface Pickable {
  itemId: string;
  name: string;
  barcode?: string | undefined;
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase();

/**
 * How well an item matches the typed words: 0 its barcode, 1 every word starts a word of its
 * name, 2 inside it, -1 not at all.
 */
function match(item: Pickable, words: string[]): number {
  if (item.barcode && words.length === 1 && words[0] === fold(item.barcode)) return 0;
  const folded = fold(item.name);
  const starts = folded.split(/[^\p{L}\p{N}]+/u);
  let rank = 1;
  for (const word of words) {
    if (starts.some((start) => start.startsWith(word))) continue;
    if (!folded.includes(word)) return -1;
    rank = 2;
  }
  return rank;
}

export function rankItems<T extends Pickable>(
  items: readonly T[],
  query: string,
  recent: readonly string[] = [],
): T[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  const recency = (id: string) => {
    const at = recent.indexOf(id);
    return at === -1 ? recent.length : at;
  };
  return items
    .map((item) => ({ item, rank: words.length ? match(item, words) : 0 }))
    .filter(({ rank }) => rank >= 0)
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        recency(a.item.itemId) - recency(b.item.itemId) ||
        a.item.name.localeCompare(b.item.name),
    )
    .map(({ item }) => item);
}

/** The recently used list after using `itemId`: it first, at most `keep` ids. */
export function usedRecently(recent: readonly string[], itemId: string, keep = 8): string[] {
  return [itemId, ...recent.filter((id) => id !== itemId)].slice(0, keep);
}
