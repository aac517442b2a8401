/**
 * Counts of a storage area, walked shelf by shelf. A count session is the `stock.counted`
 * events that carry its id, closed by a `count.finished` that lists what was skipped. Every
 * replica holding the same events sees the same sessions and the same summaries: each line's
 * variance is the count's own record (`CountRecord`), against the stock at its place in the
 * log order.
 *
 * Correcting a line (going back in the walk) records an undo of the earlier entry and a new
 * count (see `decide`), so a session has one count in effect per item.
 */
import { byName } from './catalog-filter';
import type { LarderEvent } from './events';
import { microToCurrency, type Micro } from './money';
import { fromMilli } from './quantity';
import type { CountRecord, ItemState, KitchenState } from './state';

export { finishedSessions, sessionCountsOf } from './count-session-log';

export interface CountLine {
  eventId: string;
  itemId: string;
  /** What was on record just before the count, and what was counted (item's unit). */
  before: number;
  counted: number;
  /** `counted - before`. */
  variance: number;
  /** What the count changed the stock's value by, in currency units (cents). */
  value: number;
  hlc: string;
  actor: string;
}

export interface CountSession {
  session: string;
  locationId: string;
  /** Who counted and on which tablet: the session's first entry. */
  actor: string;
  device: string;
  /** Stamp of its first entry, and of its end while it is finished. */
  started: string;
  finished?: string;
  /** One line per item counted, in the order they were counted. */
  lines: CountLine[];
  skipped: string[];
  /** Sum of the lines' value changes, in currency units. */
  varianceValue: number;
}

type SessionEvent = Extract<LarderEvent, { type: 'stock.counted' | 'count.finished' }>;

/** The session a count was entered in, or a finish closes; undefined for any other event. */
function sessionOf(event: LarderEvent): event is SessionEvent & { data: { session: string } } {
  return (
    (event.type === 'stock.counted' && event.data.session !== undefined) ||
    event.type === 'count.finished'
  );
}

function lineOf(event: SessionEvent, record: CountRecord): CountLine {
  return {
    eventId: event.id,
    itemId: record.itemId,
    before: fromMilli(record.before),
    counted: fromMilli(record.counted),
    variance: fromMilli(record.variance),
    value: microToCurrency(record.valueChange),
    hlc: event.hlc,
    actor: event.actor,
  };
}

/** Every count session of the kitchen, the latest started first. */
export function countSessions(state: KitchenState): CountSession[] {
  const sessions = new Map<string, CountSession & { total: Micro }>();
  for (const event of state.log) {
    if (!sessionOf(event) || state.undone.has(event.id)) continue;
    const id = event.data.session;
    let session = sessions.get(id);
    if (!session) {
      session = {
        session: id,
        locationId: event.data.locationId,
        actor: event.actor,
        device: event.device,
        started: event.hlc,
        lines: [],
        skipped: [],
        varianceValue: 0,
        total: 0n,
      };
      sessions.set(id, session);
    }
    if (event.type === 'count.finished') {
      session.finished = event.hlc;
      session.skipped = event.data.skipped;
      continue;
    }
    const record = state.counts.get(event.id);
    if (!record) continue;
    session.lines.push(lineOf(event, record));
    session.total += record.valueChange;
  }
  return [...sessions.values()]
    .map(({ total, ...session }) => ({ ...session, varianceValue: microToCurrency(total) }))
    .sort((a, b) => b.started.localeCompare(a.started));
}

export function countSession(state: KitchenState, session: string): CountSession | undefined {
  return countSessions(state).find((found) => found.session === session);
}

/** The lines that moved the most: largest value change first, then largest quantity change. */
export function biggestDifferences(session: CountSession, limit = 5): CountLine[] {
  return session.lines
    .filter((line) => line.variance !== 0)
    .sort(
      (a, b) =>
        Math.abs(b.value) - Math.abs(a.value) ||
        Math.abs(b.variance) - Math.abs(a.variance) ||
        a.hlc.localeCompare(b.hlc),
    )
    .slice(0, limit);
}

/**
 * The items a count of an area walks, in shelf order: the area's saved order first (items
 * still in the catalog and not archived), then the others kept there, now or before, by
 * name. An item never put anywhere (a first stock take) is in every area's walk.
 */
export function shelfWalk(state: KitchenState, locationId: string): ItemState[] {
  const location = state.locations.get(locationId);
  const inArea = (item: ItemState) => {
    const places = state.stock.get(item.itemId);
    return !item.archived && (!places?.size || places.has(locationId));
  };
  const walk: ItemState[] = [];
  const seen = new Set<string>();
  for (const itemId of location?.shelfOrder ?? []) {
    const item = state.items.get(itemId);
    if (item && !item.archived && !seen.has(itemId)) {
      walk.push(item);
      seen.add(itemId);
    }
  }
  const rest = [...state.items.values()].filter((item) => !seen.has(item.itemId) && inArea(item));
  return [...walk, ...rest.sort((a, b) => byName(a, b) || a.itemId.localeCompare(b.itemId))];
}
