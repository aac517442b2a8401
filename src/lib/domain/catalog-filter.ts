/**
 * Which stock a view shows. Stock rows are keyed by ids; the catalog joins at read time, so
 * stock of an item or location this replica does not know yet is kept but not listed, and
 * archived items and locations are hidden unless asked for.
 */
import type { ItemState, KitchenState, LocationState } from './state';

export interface ViewOptions {
  /** Include archived items and locations (default false). */
  includeArchived?: boolean;
}

export function visibleItem(
  state: KitchenState,
  itemId: string,
  options: ViewOptions = {},
): ItemState | undefined {
  const item = state.items.get(itemId);
  return item && (options.includeArchived || !item.archived) ? item : undefined;
}

export function visibleLocation(
  state: KitchenState,
  locationId: string,
  options: ViewOptions = {},
): LocationState | undefined {
  const location = state.locations.get(locationId);
  return location && (options.includeArchived || !location.archived) ? location : undefined;
}

export const byName = (a: { name: string }, b: { name: string }) =>
  a.name.localeCompare(b.name, 'en');
