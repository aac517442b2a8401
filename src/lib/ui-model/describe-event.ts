/**
 * An entry of the history in a cook's words: "Received 5 kg into Walk-in freezer".
 * Undo and redo entries name what they undid. Pure: names come from the state given.
 */
import type { LarderEvent } from '$lib/domain/events';
import { decodeHlc } from '$lib/domain/hlc';
import type { KitchenState } from '$lib/domain/state';
import { formatQuantity } from './quantity-keys';

const place = (state: KitchenState, id: string) =>
  state.locations.get(id)?.name ?? 'an unknown place';

function amount(state: KitchenState, itemId: string, qty: number): string {
  return `${formatQuantity(qty)} ${state.items.get(itemId)?.unit ?? ''}`.trim();
}

const FIELD_NAMES: Record<string, string> = {
  name: 'name',
  unit: 'unit',
  category: 'category',
  par: 'par level',
  barcode: 'barcode',
  allergens: 'allergens',
  kind: 'kind',
};

export function fieldName(field: string | undefined): string {
  return (field && FIELD_NAMES[field]) ?? field ?? 'value';
}

function changes(record: Record<string, unknown>): string {
  return Object.entries(record)
    .map(
      ([field, value]) =>
        `${fieldName(field)} to ${Array.isArray(value) ? value.join(', ') : String(value)}`,
    )
    .join(', ');
}

export function describeEvent(event: LarderEvent, state: KitchenState, depth = 0): string {
  switch (event.type) {
    case 'item.added':
      return `Added ${event.data.name} (${event.data.unit})`;
    case 'item.changed':
      return `Changed ${changes(event.data.changes)}`;
    case 'item.archived':
      return 'Archived';
    case 'item.restored':
      return 'Restored';
    case 'location.added':
      return `Added storage area ${event.data.name}`;
    case 'location.changed':
      return `Changed storage area ${changes(event.data.changes)}`;
    case 'location.archived':
      return `Archived storage area ${place(state, event.data.locationId)}`;
    case 'location.restored':
      return `Restored storage area ${place(state, event.data.locationId)}`;
    case 'stock.received': {
      const d = event.data;
      const extra = [
        d.bestBefore && `best before ${d.bestBefore}`,
        d.unitCost !== undefined && `${d.unitCost.toFixed(2)} each`,
        d.supplier && `from ${d.supplier}`,
      ].filter(Boolean);
      return `Received ${amount(state, d.itemId, d.qty)} into ${place(state, d.locationId)}${extra.length ? ` (${extra.join(', ')})` : ''}`;
    }
    case 'stock.used':
      return `Used ${amount(state, event.data.itemId, event.data.qty)} from ${place(state, event.data.locationId)}`;
    case 'stock.wasted': {
      const d = event.data;
      return `Wasted ${amount(state, d.itemId, d.qty)} from ${place(state, d.locationId)}: ${d.reason}${d.note ? ` (${d.note})` : ''}`;
    }
    case 'stock.moved':
      return `Moved ${amount(state, event.data.itemId, event.data.qty)} from ${place(state, event.data.from)} to ${place(state, event.data.to)}`;
    case 'stock.counted':
      return `Counted ${amount(state, event.data.itemId, event.data.qty)} in ${place(state, event.data.locationId)}`;
    case 'event.undone':
    case 'event.redone': {
      const verb = event.type === 'event.undone' ? 'Undid' : 'Redid';
      const target = state.log.find((e) => e.id === event.data.eventId);
      if (!target || depth > 2) return `${verb} an entry`;
      const what = describeEvent(target, state, depth + 1);
      return `${verb}: ${what.charAt(0).toLowerCase()}${what.slice(1)}`;
    }
    default: {
      const _exhaustive: never = event;
      return String(_exhaustive);
    }
  }
}

/** Which item an event is about, if any (for links from a kitchen-wide list). */
export function itemOf(event: LarderEvent): string | undefined {
  const data = event.data as { itemId?: unknown };
  return typeof data.itemId === 'string' ? data.itemId : undefined;
}

/** The moment an event was stamped on its tablet, as local date and time. */
export function whenOf(hlc: string): string {
  const wall = decodeHlc(hlc).wall;
  return new Date(wall).toLocaleString(undefined, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** Today's date on this tablet as YYYY-MM-DD (local time, not UTC). */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * Which tablet made an entry, for the history: "this tablet", its name when known, else a
 * short id (another tablet's name is unknown offline or on a tablet used on its own).
 */
export function tabletName(
  device: string,
  self: string | undefined,
  names: Record<string, string>,
): string {
  if (device === self) return 'this tablet';
  return names[device] ?? `tablet ${device.slice(-4).toUpperCase()}`;
}
