/**
 * Printed count sheets: one per storage area in use, with every item kept there (now or
 * before), in shelf order: the area's saved order first, then the rest by name (`shelfWalk`,
 * the same walk as counting on the tablet). An item never put anywhere (a first stock take) is on every sheet:
 * it may be on any shelf. Blind: what is on record is not printed, so the count is what is on
 * the shelf. An item with packs is counted in them: a box per pack and one for loose units.
 */
import { shelfWalk } from '$lib/domain/count-sessions';
import type { KitchenState } from '$lib/domain/state';
import { packsBySize } from './pack-breakdown';

export interface CountSheet {
  locationId: string;
  area: string;
  items: { itemId: string; name: string; unit: string; packs: [string, number][] }[];
}

export function countSheets(state: KitchenState): CountSheet[] {
  return [...state.locations.values()]
    .filter((location) => !location.archived)
    .map((location) => ({
      locationId: location.locationId,
      area: location.name,
      items: shelfWalk(state, location.locationId).map((item) => ({
        itemId: item.itemId,
        name: item.name,
        unit: item.unit,
        packs: packsBySize(item.packs),
      })),
    }))
    .sort((a, b) => a.area.localeCompare(b.area));
}
