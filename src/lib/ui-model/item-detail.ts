/**
 * What the item screen shows: the item, its stock per place and lots, its open conflicts
 * (each value with who and when, and the command that keeps it), and its history in words.
 */
import type { Command } from '$lib/domain/commands';
import { conflicts } from '$lib/domain/conflicts';
import type { FoodSource, IsoDate, LarderEvent } from '$lib/domain/events';
import { itemValue, itemValueBySource } from '$lib/domain/inventory-value';
import { itemHistory } from '$lib/domain/item-history';
import { unitCostOf } from '$lib/domain/money';
import { fromMilli } from '$lib/domain/quantity';
import { packOfField } from '$lib/domain/registers';
import type { ItemState, KitchenState } from '$lib/domain/state';
import { isUndoEvent } from '$lib/domain/undo';
import { amountText, fieldName } from '$lib/i18n/words';
import { m } from '$lib/paraglide/messages';
import { describeEvent, fieldValue } from './describe-event';

export interface PlaceRow {
  locationId: string;
  name: string;
  qty: number;
}
export interface LotRow {
  key: string;
  locationName: string;
  qty: number;
  bestBefore?: IsoDate;
  unitCost?: number;
  supplier?: string;
  source: FoodSource;
}
export interface ConflictChoice {
  eventId: string;
  text: string;
  actor: string;
  device: string;
  hlc: string;
  winner: boolean;
  keep: Command;
}
export interface ConflictNotice {
  key: string;
  question: string;
  choices: ConflictChoice[];
}
export interface HistoryRow {
  event: LarderEvent;
  text: string;
  undone: boolean;
  /** Undo and redo entries are shown; what they can do is on their target. */
  action: 'undo' | 'redo' | undefined;
}

export interface ItemDetail {
  item: ItemState;
  total: number;
  places: PlaceRow[];
  lots: LotRow[];
  /** Value of the stock by where it came from; one entry when all of it was purchased. */
  valueBySource: { source: FoodSource; value: number }[];
  /** Value of all of its stock, at what each lot cost (exact, rounded to cents once). */
  value: number;
  conflicts: ConflictNotice[];
  history: HistoryRow[];
}

/** A disputed value in words: a quantity (a count, a pack's size) with the item's unit. */
function choiceText(field: string | undefined, value: unknown, quantity: boolean, unit: string) {
  if (value === null) return m.pack_removed();
  if (value === undefined) return m.conflict_empty();
  return quantity ? amountText(Number(value), unit) : fieldValue(field, value);
}

const locName = (state: KitchenState, id: string) =>
  state.locations.get(id)?.name ?? m.item_unknown_place();

export function itemDetail(state: KitchenState, itemId: string): ItemDetail | undefined {
  const item = state.items.get(itemId);
  if (!item) return undefined;
  const places: PlaceRow[] = [];
  const lots: LotRow[] = [];
  let total = 0;
  for (const [locationId, cell] of state.stock.get(itemId) ?? []) {
    if (cell.qty === 0 && cell.lots.length === 0) continue;
    total += cell.qty;
    places.push({ locationId, name: locName(state, locationId), qty: fromMilli(cell.qty) });
    for (const lot of cell.lots) {
      if (lot.qty <= 0) continue;
      lots.push({
        // One event can bring several lots (a transfer), and moves split lots: not unique alone.
        key: `${locationId}:${lot.sourceId}:${lots.length}`,
        locationName: locName(state, locationId),
        qty: fromMilli(lot.qty),
        ...(lot.bestBefore !== undefined && { bestBefore: lot.bestBefore }),
        ...(lot.unitCost !== undefined && { unitCost: unitCostOf(lot) ?? 0 }),
        ...(lot.supplier !== undefined && { supplier: lot.supplier }),
        source: lot.source ?? 'purchased',
      });
    }
  }
  places.sort((a, b) => a.name.localeCompare(b.name, 'en'));
  lots.sort(
    (a, b) =>
      (a.bestBefore ?? '9999').localeCompare(b.bestBefore ?? '9999') ||
      a.locationName.localeCompare(b.locationName, 'en'),
  );

  const notices: ConflictNotice[] = [];
  for (const c of conflicts(state)) {
    if (c.itemId !== itemId || (c.kind !== 'item.field' && c.kind !== 'stock.count')) continue;
    const count = c.kind === 'stock.count';
    const pack = packOfField(c.field);
    const where = c.locationId ? locName(state, c.locationId) : '';
    notices.push({
      key: `${c.kind}:${c.field ?? c.locationId ?? ''}`,
      question: count
        ? m.conflict_two_counts({ place: where })
        : m.conflict_two_changes({ field: fieldName(c.field) }),
      choices: c.values.map((v) => ({
        eventId: v.eventId,
        text: choiceText(c.field, v.value, pack !== undefined || count, item.unit),
        actor: v.actor,
        device: v.device,
        hlc: v.hlc,
        winner: v.eventId === c.winner,
        keep: pack
          ? { type: 'setPack', itemId, pack, factor: v.value === null ? null : Number(v.value) }
          : count && c.locationId
            ? { type: 'countStock', itemId, locationId: c.locationId, qty: Number(v.value) }
            : { type: 'changeItem', itemId, changes: { [c.field ?? 'name']: v.value } },
      })),
    });
  }

  const history = itemHistory(state, itemId)
    .map((entry): HistoryRow => ({
      event: entry.event,
      text: describeEvent(entry.event, state),
      undone: entry.undone,
      // Undo and redo entries are undone on their target; an add is archived instead.
      action:
        isUndoEvent(entry.event) || (entry.event.type === 'item.added' && !entry.undone)
          ? undefined
          : entry.undone
            ? 'redo'
            : 'undo',
    }))
    .reverse();

  // A copy: the fold updates its records in place, and the screen compares by identity.
  return {
    item: { ...item },
    total: fromMilli(total),
    places,
    lots,
    valueBySource: itemValueBySource(state, itemId),
    value: itemValue(state, itemId),
    conflicts: notices,
    history,
  };
}
