/**
 * An entry of the history in a cook's words, in the chosen language: "Received 5 kg into
 * Walk-in freezer". Undo and redo entries name what they undid. Names come from the state.
 */
import type { EnteredPart, LarderEvent } from '$lib/domain/events';
import { decodeHlc } from '$lib/domain/hlc';
import type { KitchenState } from '$lib/domain/state';
import { formatDateTime, formatDay, formatMoney, formatNumber } from '$lib/i18n/format';
import { amountText, fieldName, sourceName, wasteReasonName } from '$lib/i18n/words';
import { m } from '$lib/paraglide/messages';

const place = (state: KitchenState, id: string) =>
  state.locations.get(id)?.name ?? m.ev_unknown_place();

/** "2 case (12 can)" when it was entered in packs or other units, else "12 can". */
function amount(
  state: KitchenState,
  itemId: string,
  qty: number,
  entered?: readonly EnteredPart[],
): string {
  const total = amountText(qty, state.items.get(itemId)?.unit ?? '');
  if (!entered) return total;
  const parts = entered.map((part) => amountText(part.qty, part.unit)).join(' + ');
  return m.packed_amount({ parts, total });
}

/** A changed field's new value in words: a shelf order is a list of ids, so it is counted. */
export function fieldValue(field: string | undefined, value: unknown): string {
  if (field === 'shelfOrder' && Array.isArray(value)) {
    return m.ev_shelf_order({ count: value.length, n: formatNumber(value.length) });
  }
  return Array.isArray(value) ? value.join(', ') : String(value);
}

function changes(record: Record<string, unknown>): string {
  return Object.entries(record)
    .map(([field, value]) =>
      m.ev_change({ field: fieldName(field), value: fieldValue(field, value) }),
    )
    .join(', ');
}

export function describeEvent(event: LarderEvent, state: KitchenState, depth = 0): string {
  switch (event.type) {
    case 'item.added':
      return m.ev_item_added({ name: event.data.name, unit: event.data.unit });
    case 'item.changed':
      return m.ev_item_changed({ changes: changes(event.data.changes) });
    case 'item.archived':
      return m.ev_item_archived();
    case 'item.restored':
      return m.ev_item_restored();
    case 'item.pack-changed': {
      const { itemId, pack, factor } = event.data;
      return factor === null
        ? m.ev_pack_removed({ pack })
        : m.ev_pack_set({ pack, amount: amount(state, itemId, factor) });
    }
    case 'location.added':
      return m.ev_location_added({ name: event.data.name });
    case 'location.changed':
      return m.ev_location_changed({ changes: changes(event.data.changes) });
    case 'location.archived':
      return m.ev_location_archived({ name: place(state, event.data.locationId) });
    case 'location.restored':
      return m.ev_location_restored({ name: place(state, event.data.locationId) });
    case 'stock.received': {
      const d = event.data;
      const extra = [
        d.bestBefore && m.ev_best_before({ date: formatDay(d.bestBefore) }),
        d.unitCost !== undefined && m.ev_each({ cost: formatMoney(d.unitCost) }),
        d.packCost &&
          m.ev_per_pack({
            cost: formatMoney(d.packCost.cost),
            pack: d.packCost.pack,
            amount: amount(state, d.itemId, d.packCost.factor),
          }),
        d.supplier && m.ev_from_supplier({ supplier: d.supplier }),
        d.source && d.source !== 'purchased' && sourceName(d.source),
      ].filter(Boolean);
      const said = {
        amount: amount(state, d.itemId, d.qty, d.entered),
        place: place(state, d.locationId),
      };
      return extra.length
        ? m.ev_received_extra({ ...said, extra: extra.join(', ') })
        : m.ev_received(said);
    }
    case 'stock.used':
      return m.ev_used({
        amount: amount(state, event.data.itemId, event.data.qty, event.data.entered),
        place: place(state, event.data.locationId),
      });
    case 'stock.wasted': {
      const d = event.data;
      const said = {
        amount: amount(state, d.itemId, d.qty, d.entered),
        place: place(state, d.locationId),
        reason: wasteReasonName(d.reason).toLocaleLowerCase(),
      };
      return d.note ? m.ev_wasted_note({ ...said, note: d.note }) : m.ev_wasted(said);
    }
    case 'stock.moved':
      return m.ev_moved({
        amount: amount(state, event.data.itemId, event.data.qty, event.data.entered),
        from: place(state, event.data.from),
        to: place(state, event.data.to),
      });
    case 'stock.counted': {
      const counted = m.ev_counted({
        amount: amount(state, event.data.itemId, event.data.qty, event.data.entered),
        place: place(state, event.data.locationId),
      });
      const { recordedAt } = event.data;
      // Dated back: shown at the moment it stands for, saying when it was typed in.
      return recordedAt === undefined
        ? counted
        : m.ev_counted_entered({ counted, when: formatDateTime(recordedAt) });
    }
    case 'stock.sent': {
      const d = event.data;
      return m.ev_sent({
        amount: amount(state, d.itemId, d.qty, d.entered),
        place: place(state, d.locationId),
        kitchen: d.toKitchenName || d.toKitchen,
      });
    }
    case 'transfer.received': {
      const d = event.data;
      const said = {
        amount: amount(state, d.itemId, d.qty, d.entered),
        place: place(state, d.locationId),
        kitchen: d.fromKitchenName || d.fromKitchen,
      };
      return d.qty === d.sentQty
        ? m.ev_transfer_received(said)
        : m.ev_transfer_received_short({ ...said, sent: amount(state, d.itemId, d.sentQty) });
    }
    case 'transfer.refused':
      return m.ev_transfer_refused({
        kitchen: event.data.fromKitchenName || event.data.fromKitchen,
        reason: event.data.reason,
      });
    case 'count.finished':
      return m.ev_count_finished({ place: place(state, event.data.locationId) });
    case 'event.undone':
    case 'event.redone': {
      const undid = event.type === 'event.undone';
      const target = state.log.find((e) => e.id === event.data.eventId);
      if (!target || depth > 2) return undid ? m.ev_undid_entry() : m.ev_redid_entry();
      const said = describeEvent(target, state, depth + 1);
      const what = `${said.charAt(0).toLocaleLowerCase()}${said.slice(1)}`;
      return undid ? m.ev_undid({ what }) : m.ev_redid({ what });
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
  return formatDateTime(decodeHlc(hlc).wall);
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
  if (device === self) return m.tablet_this();
  return names[device] ?? m.tablet_short({ id: device.slice(-4).toUpperCase() });
}
