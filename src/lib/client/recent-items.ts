/**
 * The items recorded last on this tablet, newest first: the sheets' item pickers offer them
 * first. Its own module: only the sheets load it, not the stock screen at start.
 */
import { usedRecently } from '$lib/ui-model/item-search';
import { recall, remember } from './ui-preferences';

export function recentItems(): string[] {
  return recall<string[]>('recentItems', []);
}

/** Notes items just recorded, for `recentItems`. */
export function rememberUsed(itemIds: readonly string[]): void {
  remember(
    'recentItems',
    itemIds.reduce((recent, itemId) => usedRecently(recent, itemId), recentItems()),
  );
}
