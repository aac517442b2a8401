/**
 * A deliberately plain fold, for tests only: what DESIGN.md section 3 says, written the
 * slowest obvious way, to check `fold` and `KitchenLog` against. No indexes, no snapshots,
 * no incremental work: sort everything, find each event's undo status by scanning the
 * whole log, apply in order with plain quantities (lots are left to `lots.test.ts`), and
 * work out each conflict register's heads from the set of its events.
 *
 * Both it and the real fold are read into the same `Picture` to be compared.
 */
import type { EventEnvelope, LarderEvent } from '../events';
import { compareEvents } from '../order';
import { toMilli } from '../quantity';
import type { KitchenState } from '../state';
import { upcast } from '../upcast';

export interface Picture {
  log: string[];
  undone: string[];
  items: [string, unknown][];
  locations: [string, unknown][];
  /** `item location qty` per stock cell any event in effect touched. */
  stock: string[];
  counts: [string, unknown][];
  /** `kind item location field: heads in log order` per register. */
  registers: string[];
}

const byKey = <T>(entries: Iterable<[string, T]>) =>
  [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

export function referenceFold(events: readonly EventEnvelope[]): Picture {
  const log: LarderEvent[] = [];
  for (const event of events) if (!log.some((e) => e.id === event.id)) log.push(upcast(event));
  log.sort(compareEvents);

  const find = (id: string) => log.find((e) => e.id === id);
  const isUndo = (e: LarderEvent | undefined) =>
    e?.type === 'event.undone' || e?.type === 'event.redone';
  const targetOf = (e: LarderEvent) => (e.data as { eventId: string }).eventId;
  const onCycle = (undo: LarderEvent) => {
    let next = find(targetOf(undo));
    for (let steps = 0; steps <= log.length && isUndo(next); steps++) {
      if (next === undo) return true;
      next = find(targetOf(next));
    }
    return false;
  };
  // The latest undo or redo in effect that targets the event decides.
  const isUndone = (id: string): boolean => {
    const by = log.filter((e) => isUndo(e) && targetOf(e) === id).reverse();
    const decider = by.find((e) => !onCycle(e) && !isUndone(e.id));
    return decider?.type === 'event.undone';
  };

  const items = new Map<string, Record<string, unknown>>();
  // Packs by item, the last in effect of each pack deciding, whenever the item was added.
  const packs = new Map<string, Map<string, number | null>>();
  const locations = new Map<string, Record<string, unknown>>();
  const orphanItems = new Map<string, Record<string, unknown>>();
  const orphanLocations = new Map<string, Record<string, unknown>>();
  type Records = Map<string, Record<string, unknown>>;
  const stock = new Map<string, number>();
  const counts = new Map<string, unknown>();
  const lastCount = new Map<string, string>();
  // Lines of transfers received: the first receipt in effect of a line counts.
  const received = new Set<string>();
  const add = (itemId: string, locationId: string, qty: number) => {
    const key = `${itemId} ${locationId}`;
    stock.set(key, (stock.get(key) ?? 0) + qty);
  };
  const added = (map: Records, orphans: Records, id: string, fields: object) => {
    map.set(id, { ...map.get(id), ...orphans.get(id), ...fields, archived: false });
    orphans.delete(id);
  };
  const changed = (map: Records, orphans: Records, id: string, changes: object) => {
    const known = map.get(id);
    if (known) Object.assign(known, changes);
    else orphans.set(id, { ...orphans.get(id), ...changes });
  };

  for (const event of log) {
    if (isUndone(event.id)) continue;
    switch (event.type) {
      case 'item.added':
        added(items, orphanItems, event.data.itemId, event.data);
        break;
      case 'location.added':
        added(locations, orphanLocations, event.data.locationId, event.data);
        break;
      case 'item.changed':
        changed(items, orphanItems, event.data.itemId, event.data.changes);
        break;
      case 'location.changed':
        changed(locations, orphanLocations, event.data.locationId, event.data.changes);
        break;
      case 'item.pack-changed': {
        const { itemId, pack, factor } = event.data;
        packs.set(
          itemId,
          (packs.get(itemId) ?? new Map<string, number | null>()).set(pack, factor),
        );
        break;
      }
      case 'item.archived':
      case 'item.restored': {
        const item = items.get(event.data.itemId);
        if (item) item['archived'] = event.type === 'item.archived';
        break;
      }
      case 'location.archived':
      case 'location.restored': {
        const location = locations.get(event.data.locationId);
        if (location) location['archived'] = event.type === 'location.archived';
        break;
      }
      case 'stock.received':
        add(event.data.itemId, event.data.locationId, toMilli(event.data.qty));
        break;
      case 'stock.used':
      case 'stock.wasted':
      case 'stock.sent':
        add(event.data.itemId, event.data.locationId, -toMilli(event.data.qty));
        break;
      case 'stock.moved':
        add(event.data.itemId, event.data.from, -toMilli(event.data.qty));
        add(event.data.itemId, event.data.to, toMilli(event.data.qty));
        break;
      case 'stock.counted': {
        const { itemId, locationId } = event.data;
        const key = `${itemId} ${locationId}`;
        const before = stock.get(key) ?? 0;
        const counted = toMilli(event.data.qty);
        stock.set(key, counted);
        const previous = lastCount.get(key);
        counts.set(event.id, {
          itemId,
          locationId,
          counted,
          before,
          variance: counted - before,
          ...(previous !== undefined && { previousCountId: previous }),
        });
        lastCount.set(key, event.id);
        break;
      }
      case 'transfer.received': {
        const line = `${event.data.transferId} ${event.data.sentItemId}`;
        if (received.has(line)) break;
        received.add(line);
        add(event.data.itemId, event.data.locationId, toMilli(event.data.qty));
        break;
      }
      case 'event.undone':
      case 'event.redone':
      case 'transfer.refused':
      case 'count.finished':
        break;
    }
  }

  for (const [itemId, byPack] of packs) {
    const item = items.get(itemId);
    const set = [...byPack].filter(([, factor]) => factor !== null);
    if (item && set.length) item['packs'] = Object.fromEntries(set);
  }

  // A register's heads: its events that no event of the register names in its `prev`.
  const members = new Map<string, LarderEvent[]>();
  const join = (key: string, event: LarderEvent) =>
    members.set(key, [...(members.get(key) ?? []), event]);
  for (const event of log) {
    if (event.type === 'item.changed' || event.type === 'location.changed') {
      const owner = event.type === 'item.changed' ? 'item' : 'location';
      const id = 'itemId' in event.data ? event.data.itemId : event.data.locationId;
      for (const field of Object.keys(event.data.changes)) join(`${owner} ${id} ${field}`, event);
    } else if (event.type === 'stock.counted') {
      join(`count ${event.data.itemId} ${event.data.locationId}`, event);
    } else if (event.type === 'item.pack-changed') {
      join(`item ${event.data.itemId} pack:${event.data.pack}`, event);
    }
  }
  const prevOf = (e: LarderEvent) => (e.data as { prev: string[] }).prev;
  const registers = [...members].map(([key, events]) => {
    const heads = events.filter((e) => !events.some((other) => prevOf(other).includes(e.id)));
    return `${key}: ${heads.map((e) => e.id).join(' ')}`;
  });

  return {
    log: log.map((e) => e.id),
    undone: log
      .filter((e) => isUndone(e.id))
      .map((e) => e.id)
      .sort(),
    items: byKey(items),
    locations: byKey(locations),
    stock: [...stock].map(([key, qty]) => `${key} ${qty}`).sort(),
    counts: byKey(counts),
    registers: registers.sort(),
  };
}

/** The same picture of a real fold's state. */
export function pictureOf(state: KitchenState): Picture {
  const registers = [...state.registers.values()].map((r) => {
    const key =
      r.kind === 'item.field'
        ? `item ${r.itemId} ${r.field}`
        : r.kind === 'location.field'
          ? `location ${r.locationId} ${r.field}`
          : `count ${r.itemId} ${r.locationId}`;
    return `${key}: ${r.heads.map((e) => e.id).join(' ')}`;
  });
  return {
    log: state.log.map((e) => e.id),
    undone: state.log
      .filter((e) => state.undone.has(e.id))
      .map((e) => e.id)
      .sort(),
    items: byKey([...state.items].map(([id, item]) => [id, { ...item }])),
    locations: byKey([...state.locations].map(([id, location]) => [id, { ...location }])),
    stock: [...state.stock.values()]
      .flatMap((cells) => [...cells.values()])
      .map((cell) => `${cell.itemId} ${cell.locationId} ${cell.qty}`)
      .sort(),
    counts: byKey(
      [...state.counts].map(
        // The value a count changed is the real fold's own (lots at cost): not modelled here.
        ([id, { eventId: _id, valueChange: _value, ...record }]) =>
          [id, record] as [string, unknown],
      ),
    ),
    registers: registers.sort(),
  };
}
