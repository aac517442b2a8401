/**
 * The history of one item: every event about it in log order, undone ones included and
 * flagged, with the undo and redo events that targeted them; counts come with their variance
 * and the deltas they superseded.
 */
import type { LarderEvent } from './events';
import { fromMilli } from './quantity';
import type { KitchenState } from './state';
import { isUndoEvent } from './undo';

export interface CountDetail {
  /** The running total just before the count. */
  before: number;
  counted: number;
  variance: number;
  /** Ids of the deltas (in effect) since the previous count of that cell, in log order. */
  superseded: string[];
}

export interface HistoryEntry {
  event: LarderEvent;
  /** True when an undo removed its effect (and no redo put it back). */
  undone: boolean;
  count?: CountDetail;
}

/** True when `event` is about `itemId` directly (not an undo or redo). */
export function concernsItem(event: LarderEvent, itemId: string): boolean {
  return !isUndoEvent(event) && 'itemId' in event.data && event.data.itemId === itemId;
}

/** True when `event` is a delta that changed the stock of the cell. */
function touchesCell(event: LarderEvent, itemId: string, locationId: string): boolean {
  switch (event.type) {
    case 'stock.received':
    case 'stock.used':
    case 'stock.wasted':
    case 'stock.sent':
    case 'transfer.received':
      return event.data.itemId === itemId && event.data.locationId === locationId;
    case 'stock.moved':
      return (
        event.data.itemId === itemId &&
        (event.data.from === locationId || event.data.to === locationId)
      );
    default:
      return false;
  }
}

/** What a count in effect found; undefined for an unknown or undone count. */
export function countDetail(state: KitchenState, countId: string): CountDetail | undefined {
  const at = state.log.findIndex((event) => event.id === countId);
  return at < 0 ? undefined : countDetailAt(state, at);
}

/** `countDetail` of the event at position `at` of the log: no search for it. */
function countDetailAt(state: KitchenState, at: number): CountDetail | undefined {
  const log = state.log;
  const record = state.counts.get((log[at] as LarderEvent).id);
  if (!record) return undefined;
  const previous = record.previousCountId;
  let start = 0;
  if (previous !== undefined) {
    // The previous count sorts before this one: search back from here, not the whole log.
    for (let i = at - 1; i >= 0; i--) {
      if ((log[i] as LarderEvent).id === previous) {
        start = i + 1;
        break;
      }
    }
  }
  const superseded: string[] = [];
  for (let i = start; i < at; i++) {
    const event = log[i] as LarderEvent;
    if (!state.undone.has(event.id) && touchesCell(event, record.itemId, record.locationId))
      superseded.push(event.id);
  }
  return {
    before: fromMilli(record.before),
    counted: fromMilli(record.counted),
    variance: fromMilli(record.variance),
    superseded,
  };
}

function entryAt(state: KitchenState, at: number): HistoryEntry {
  const event = state.log[at] as LarderEvent;
  const entry: HistoryEntry = { event, undone: state.undone.has(event.id) };
  if (event.type === 'stock.counted') {
    const count = countDetailAt(state, at);
    if (count) entry.count = count;
  }
  return entry;
}

/** Every event of the log, in order, undone ones flagged: the kitchen's full journal. */
export function history(state: KitchenState): HistoryEntry[] {
  return state.log.map((event, at) => entryAt(state, at));
}

export function itemHistory(state: KitchenState, itemId: string): HistoryEntry[] {
  const ids = new Set<string>();
  const undos: LarderEvent[] = [];
  for (const event of state.log) {
    if (concernsItem(event, itemId)) ids.add(event.id);
    else if (isUndoEvent(event)) undos.push(event);
  }
  // Undos of undos: follow the chain whatever order the undos sort in.
  for (let grew = true; grew;) {
    grew = false;
    for (const undo of undos) {
      if (!ids.has(undo.id) && isUndoEvent(undo) && ids.has(undo.data.eventId)) {
        ids.add(undo.id);
        grew = true;
      }
    }
  }
  const entries: HistoryEntry[] = [];
  state.log.forEach((event, at) => {
    if (ids.has(event.id)) entries.push(entryAt(state, at));
  });
  return entries;
}
