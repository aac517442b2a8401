/**
 * What the pages show of the kitchen, kept up to date item by item. Recording an entry
 * changes the stock of one item: its stock line is worked out again from the state and
 * swapped in, and everything else, sorted lists included, is kept as it was (the same
 * objects, so Svelte redraws one row). Events that can change any item (a location
 * renamed or archived, an undo or redo) and a new day (expiring soon) rebuild the whole view.
 *
 * Built with the stock screen's own `stockLines`, run on the state narrowed to one item, so
 * a line here is by construction the line the screen would make from the whole state.
 */
import { byName } from '$lib/domain/catalog-filter';
import type { EventEnvelope, IsoDate } from '$lib/domain/events';
import type { ItemState, KitchenState, LocationState, Register } from '$lib/domain/state';
import { upcast } from '$lib/domain/upcast';
import { localToday } from '$lib/ui-model/local-today';
import { stockLines, type StockLine } from '$lib/ui-model/stock-list';

/** What the thin pages show; plain data, cheap to persist and to hand to Svelte. */
export interface KitchenView {
  /** The stock screen's lines: every visible item, by name. */
  lines: StockLine[];
  items: Pick<ItemState, 'itemId' | 'name' | 'unit' | 'barcode'>[];
  locations: Pick<LocationState, 'locationId' | 'name' | 'kind'>[];
  /** Events in the log this view was computed from. */
  events: number;
  /** Events the tablet holds but cannot read (a newer app version recorded them). */
  unreadable: number;
  /** The day `lines` were worked out for: which lots are expiring soon depends on it. */
  today: IsoDate;
}

export const EMPTY_VIEW: KitchenView = {
  lines: [],
  items: [],
  locations: [],
  events: 0,
  unreadable: 0,
  today: '',
};

/** Whether a persisted value is a view this version can draw (older ones lack fields). */
export function isKitchenView(value: unknown): value is KitchenView {
  const view = value as Partial<KitchenView> | undefined;
  return (
    Array.isArray(view?.lines) &&
    Array.isArray(view.items) &&
    Array.isArray(view.locations) &&
    typeof view.today === 'string'
  );
}

/** The items a batch of events can change; `undefined` when it may change any item. */
export interface Touched {
  items: Set<string>;
  /** An item was added, changed, archived or restored: names and the item list may move. */
  catalog: boolean;
}

export function touchedBy(events: Iterable<EventEnvelope>): Touched | undefined {
  const touched: Touched = { items: new Set(), catalog: false };
  for (const envelope of events) {
    const event = upcast(envelope);
    switch (event.type) {
      case 'stock.received':
      case 'stock.used':
      case 'stock.wasted':
      case 'stock.moved':
      case 'stock.counted':
      case 'stock.sent':
        touched.items.add(event.data.itemId);
        break;
      case 'item.added':
      case 'item.changed':
      case 'item.archived':
      case 'item.restored':
      case 'item.pack-changed':
        touched.items.add(event.data.itemId);
        touched.catalog = true;
        break;
      case 'count.finished':
        break;
      // A location shows on the lines of every item stored there; an undo or redo can
      // change any event's effect; a receipt or refusal of a transfer can take the place of
      // another one of the same transfer, received into another item (found by the
      // property test: a second receipt stamped earlier left the first one's item as it was).
      case 'transfer.received':
      case 'transfer.refused':
      case 'location.added':
      case 'location.changed':
      case 'location.archived':
      case 'location.restored':
      case 'event.undone':
      case 'event.redone':
        return undefined;
      default: {
        const _exhaustive: never = event;
        return undefined;
      }
    }
  }
  return touched;
}

/** The state as far as one item is concerned: its catalog entry, stock and registers. */
function narrowTo(state: KitchenState, itemId: string): KitchenState {
  const item = state.items.get(itemId);
  const cells = state.stock.get(itemId);
  const registers = new Map<string, Register>();
  for (const [key, register] of state.registers) {
    if (register.itemId === itemId) registers.set(key, register);
  }
  return {
    items: new Map(item ? [[itemId, item]] : []),
    locations: state.locations,
    stock: new Map(cells ? [[itemId, cells]] : []),
    counts: state.counts,
    registers,
    log: state.log,
    undone: state.undone,
  };
}

const lineOrder = (a: StockLine, b: StockLine) => byName(a, b) || a.itemId.localeCompare(b.itemId);

/** Builds the view and keeps it up to date. */
export class KitchenViewBuilder {
  private view: KitchenView = EMPTY_VIEW;

  /** The whole view from the state. */
  full(state: KitchenState, unreadable: number, today: IsoDate = localToday()): KitchenView {
    this.view = {
      lines: stockLines(state, today),
      items: itemsOf(state),
      locations: [...state.locations.values()]
        .filter((l) => !l.archived)
        .map(({ locationId, name, kind }) => ({ locationId, name, kind }))
        .sort(byName),
      events: state.log.length,
      unreadable,
      today,
    };
    return this.view;
  }

  /**
   * The view after `touched` changed (see `touchedBy`), from the state that includes them;
   * the whole view when they may have changed anything or the day has turned.
   */
  update(
    state: KitchenState,
    touched: Touched | undefined,
    unreadable: number,
    today: IsoDate = localToday(),
  ): KitchenView {
    if (!touched || today !== this.view.today) return this.full(state, unreadable, today);
    const fresh = new Map<string, StockLine | undefined>();
    for (const itemId of touched.items) {
      fresh.set(itemId, stockLines(narrowTo(state, itemId), today)[0]);
    }
    const listed = new Set<string>();
    const kept: StockLine[] = [];
    for (const line of this.view.lines) {
      listed.add(line.itemId);
      const next = fresh.has(line.itemId) ? fresh.get(line.itemId) : line;
      if (next) kept.push(next);
    }
    // An item added, archived, restored or renamed: its line appears, goes or moves.
    for (const line of fresh.values()) if (line && !listed.has(line.itemId)) kept.push(line);
    if (touched.catalog || kept.length > listed.size) kept.sort(lineOrder);
    this.view = {
      ...this.view,
      lines: kept,
      ...(touched.catalog && { items: itemsOf(state) }),
      events: state.log.length,
      unreadable,
    };
    return this.view;
  }
}

function itemsOf(state: KitchenState): KitchenView['items'] {
  return [...state.items.values()]
    .filter((i) => !i.archived)
    .map(({ itemId, name, unit, barcode }) => ({ itemId, name, unit, ...(barcode && { barcode }) }))
    .sort(byName);
}
