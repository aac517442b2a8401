/**
 * The stock screen's rows: every item with its total on hand and the flags a cook scans
 * for (below par, expiring soon, below zero, a conflict to settle), grouped by category or
 * by location and filtered by what is typed in the search box. Built from the domain's
 * projections; nothing here decides anything.
 */
import { belowPar } from '$lib/domain/below-par';
import { conflicts } from '$lib/domain/conflicts';
import type { IsoDate } from '$lib/domain/events';
import { expiringWithin } from '$lib/domain/expiring';
import type { KitchenState } from '$lib/domain/state';
import { stockByItem } from '$lib/domain/stock-on-hand';

export const EXPIRING_DAYS = 3;

export interface StockLine {
  itemId: string;
  name: string;
  unit: string;
  /** Its packs, to show stock as people count it ("4 case + 2 can (26 can)"). */
  packs?: Readonly<Record<string, number>>;
  category: string;
  qty: number;
  /** Quantity per location, for grouping by location. */
  places: { locationId: string; locationName: string; qty: number }[];
  belowPar: boolean;
  par?: number;
  /** Soonest best-before among lots within the window (past ones included). */
  expiring?: { bestBefore: IsoDate; expired: boolean };
  negative: boolean;
  conflict: boolean;
  /** Lower-cased name, category and location names: what the search box matches. */
  haystack: string;
}

export interface StockGroup {
  key: string;
  title: string;
  lines: { line: StockLine; qty: number }[];
}

/**
 * The category of items without one, and the key and title of their group (and of "not in
 * stock" when grouping by location): empty, for the screen to name in its language.
 */
export const NO_CATEGORY = '';

export function stockLines(state: KitchenState, today: IsoDate): StockLine[] {
  const low = new Set(belowPar(state).map((l) => l.itemId));
  const soon = new Map<string, { bestBefore: IsoDate; expired: boolean }>();
  for (const lot of expiringWithin(state, today, EXPIRING_DAYS)) {
    if (!soon.has(lot.itemId))
      soon.set(lot.itemId, { bestBefore: lot.bestBefore, expired: lot.expired });
  }
  const disputed = new Set<string>();
  for (const c of conflicts(state)) if (c.itemId) disputed.add(c.itemId);
  return stockByItem(state).map((row) => {
    const item = state.items.get(row.itemId);
    const category = item?.category?.trim() || NO_CATEGORY;
    const places = row.locations.map((l) => ({
      locationId: l.locationId,
      locationName: l.locationName,
      qty: l.qty,
    }));
    const expiring = soon.get(row.itemId);
    return {
      itemId: row.itemId,
      name: row.name,
      unit: row.unit,
      ...(item?.packs && { packs: item.packs }),
      category,
      qty: row.qty,
      places,
      belowPar: low.has(row.itemId),
      ...(item?.par !== undefined && { par: item.par }),
      ...(expiring && { expiring }),
      negative: row.negative || places.some((p) => p.qty < 0),
      conflict: disputed.has(row.itemId),
      haystack: [row.name, category, ...places.map((p) => p.locationName)]
        .join(' ')
        .toLocaleLowerCase(),
    };
  });
}

/** Lines whose name, category or location contains every word typed. */
export function filterLines(lines: StockLine[], query: string): StockLine[] {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return lines;
  return lines.filter((line) => words.every((w) => line.haystack.includes(w)));
}

export type Grouping = 'category' | 'location';

const byTitle = (a: StockGroup, b: StockGroup) =>
  a.key === NO_CATEGORY ? 1 : b.key === NO_CATEGORY ? -1 : a.title.localeCompare(b.title, 'en');

type Entry = StockGroup['lines'][number];

/** Where a line shows in a grouping: the group's key and title, and the row's entry. */
interface Placement {
  key: string;
  title: string;
  entry: Entry;
}

/**
 * Each line's placements, made once per line object: a line that did not change keeps its
 * row entries, so a keyed list redraws only the rows of the lines that did.
 */
const placements: Record<Grouping, WeakMap<StockLine, Placement[]>> = {
  category: new WeakMap(),
  location: new WeakMap(),
};

function placementsOf(line: StockLine, grouping: Grouping): Placement[] {
  let placed = placements[grouping].get(line);
  if (!placed) {
    placed =
      grouping === 'category'
        ? [{ key: line.category, title: line.category, entry: { line, qty: line.qty } }]
        : !line.places.length
          ? [{ key: NO_CATEGORY, title: NO_CATEGORY, entry: { line, qty: 0 } }]
          : line.places.map((p) => ({
              key: p.locationId,
              title: p.locationName,
              entry: { line, qty: p.qty },
            }));
    placements[grouping].set(line, placed);
  }
  return placed;
}

/**
 * By category: one row per item with its total. By location: one row per item and place
 * holding it; items with no stock anywhere are listed in the group keyed `NO_CATEGORY`.
 */
export function groupLines(lines: StockLine[], grouping: Grouping): StockGroup[] {
  const groups = new Map<string, StockGroup>();
  for (const line of lines) {
    for (const { key, title, entry } of placementsOf(line, grouping)) {
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { key, title, lines: [] }));
      group.lines.push(entry);
    }
  }
  return [...groups.values()].sort(byTitle);
}
