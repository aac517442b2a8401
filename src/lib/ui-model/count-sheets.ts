/**
 * Printed count sheets: one per storage area in use, with every item kept there (now or
 * before), in name order. An item never put anywhere (a first stock take) is on every sheet:
 * it may be on any shelf. Blind: what is on record is not printed, so the count is what is on
 * the shelf. An item with packs is counted in them: a box per pack and one for loose units.
 */
import type { KitchenState } from '$lib/domain/state';
import { packsBySize } from './pack-breakdown';

export interface CountSheet {
  locationId: string;
  area: string;
  items: { itemId: string; name: string; unit: string; packs: [string, number][] }[];
}

export function countSheets(state: KitchenState): CountSheet[] {
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return [...state.locations.values()]
    .filter((location) => !location.archived)
    .map((location) => ({
      locationId: location.locationId,
      area: location.name,
      items: [...state.items.values()]
        .filter((item) => {
          const places = state.stock.get(item.itemId);
          return !item.archived && (!places?.size || places.has(location.locationId));
        })
        .map((item) => ({
          itemId: item.itemId,
          name: item.name,
          unit: item.unit,
          packs: packsBySize(item.packs),
        }))
        .sort(byName),
    }))
    .sort((a, b) => a.area.localeCompare(b.area));
}
