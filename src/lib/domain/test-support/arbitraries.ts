/**
 * fast-check arbitraries of kitchen logs: small pools of items, locations and devices, so
 * that events collide (same cell, same field, same count), stamps that tie and interleave,
 * `prev` lists naming some earlier edits, and undos and redos of any event.
 */
import fc from 'fast-check';
import type { LarderEvent } from '../events';
import { encodeHlc } from '../hlc';
import {
  COOLER,
  DEVICE_A,
  DEVICE_B,
  DEVICE_C,
  DRY,
  FREEZER,
  ITEM_FLOUR,
  ITEM_MILK,
  ITEM_PEAS,
  T0,
  uuidV7,
} from './events';

const ITEMS = [ITEM_FLOUR, ITEM_MILK, ITEM_PEAS];
const LOCATIONS = [DRY, COOLER, FREEZER];
const DEVICES = [DEVICE_A, DEVICE_B, DEVICE_C];
const DATES = ['2026-01-05', '2026-01-09', '2026-02-01'];
const TRANSFERS = ['44444444-0000-4000-8000-000000000001', '44444444-0000-4000-8000-000000000002'];
const SESSIONS = ['33333333-0000-4000-8000-000000000001', '33333333-0000-4000-8000-000000000002'];

const KINDS = [
  'item.added',
  'item.changed',
  'item.archived',
  'item.restored',
  'item.pack-changed',
  'location.added',
  'location.changed',
  'location.archived',
  'stock.received',
  'stock.received',
  'stock.used',
  'stock.used',
  'stock.wasted',
  'stock.moved',
  'stock.counted',
  'count.finished',
  'stock.sent',
  'transfer.received',
  'transfer.received',
  'transfer.refused',
  'event.undone',
  'event.redone',
] as const;

const spec = fc.record({
  kind: fc.constantFrom(...KINDS),
  device: fc.nat(2),
  wall: fc.nat(30),
  counter: fc.nat(2),
  item: fc.nat(2),
  location: fc.nat(2),
  other: fc.integer({ min: 1, max: 2 }),
  qty: fc.integer({ min: 1, max: 20_000 }),
  cost: fc.option(fc.integer({ min: 1, max: 9_999 }), { nil: undefined }),
  date: fc.option(fc.nat(2), { nil: undefined }),
  pick: fc.nat(),
  prevMask: fc.nat(15),
  idSeed: fc.nat(),
});
type Spec = typeof spec extends fc.Arbitrary<infer S> ? S : never;

function build(specs: Spec[], ids: EventIds): LarderEvent[] {
  const events: LarderEvent[] = [];
  specs.forEach((s, serial) => {
    const wall = T0 + s.wall * 1000;
    const itemId = ITEMS[s.item] as string;
    const locationId = LOCATIONS[s.location] as string;
    const qty = s.qty / 1000;
    // prev: some of the earlier events of the same register, as the bitmask says.
    const earlier = (match: (e: LarderEvent) => boolean) =>
      events
        .filter(match)
        .filter((_, i) => (s.prevMask >> (i % 4)) & 1)
        .map((e) => e.id);
    let type: LarderEvent['type'] = s.kind;
    let data: unknown;
    switch (s.kind) {
      case 'item.added':
        data = {
          itemId,
          name: `Item ${s.pick % 3}`,
          unit: 'kg',
          ...(s.cost && { par: s.qty / 1000 }),
        };
        break;
      case 'item.changed':
        data = {
          itemId,
          changes: s.pick % 2 ? { par: qty } : { name: `Renamed ${s.pick % 5}` },
          prev: earlier((e) => e.type === 'item.changed' && e.data.itemId === itemId),
        };
        break;
      case 'item.archived':
      case 'item.restored':
        data = { itemId };
        break;
      case 'item.pack-changed': {
        const pack = s.other === 1 ? 'case' : 'sleeve';
        data = {
          itemId,
          pack,
          factor: [6, 12, null][s.pick % 3],
          prev: earlier(
            (e) =>
              e.type === 'item.pack-changed' && e.data.itemId === itemId && e.data.pack === pack,
          ),
        };
        break;
      }
      case 'location.added':
        data = { locationId, name: `Shelf ${s.pick % 3}`, kind: 'dry' };
        break;
      case 'location.changed':
        data = {
          locationId,
          changes:
            s.pick % 3 === 2
              ? { shelfOrder: s.other === 1 ? ITEMS.slice(s.item) : [...ITEMS].reverse() }
              : { name: `Area ${s.pick % 4}` },
          prev: earlier((e) => e.type === 'location.changed' && e.data.locationId === locationId),
        };
        break;
      case 'location.archived':
        data = { locationId };
        break;
      case 'stock.received':
        data = {
          itemId,
          locationId,
          qty,
          ...(s.cost !== undefined && { unitCost: s.cost / 100 }),
          ...(s.date !== undefined && { bestBefore: DATES[s.date] }),
          ...(s.pick % 4 === 3 && { source: 'usda' }),
        };
        break;
      case 'stock.used':
        data = { itemId, locationId, qty };
        break;
      case 'stock.wasted':
        data = { itemId, locationId, qty, reason: 'spoiled' };
        break;
      case 'stock.moved':
        data = { itemId, from: locationId, to: LOCATIONS[(s.location + s.other) % 3], qty };
        break;
      case 'stock.counted':
        data = {
          itemId,
          locationId,
          qty: s.pick % 4 === 0 ? 0 : qty,
          prev: earlier(
            (e) =>
              e.type === 'stock.counted' &&
              e.data.itemId === itemId &&
              e.data.locationId === locationId,
          ),
          ...(s.pick % 3 === 1 && { session: SESSIONS[s.other - 1] }),
        };
        break;
      case 'count.finished':
        data = { session: SESSIONS[s.other - 1], locationId, skipped: ITEMS.slice(s.item + 1) };
        break;
      case 'stock.sent':
        data = {
          transferId: TRANSFERS[s.other - 1],
          toKitchen: 'other-school',
          itemId,
          locationId,
          qty,
          itemName: `Item ${s.pick % 3}`,
          unit: 'kg',
          lots: [{ qty, ...(s.cost !== undefined && { unitCost: s.cost / 100 }) }],
        };
        break;
      case 'transfer.received': {
        // A second receipt of a line happens (two tablets, offline): the first counts.
        const sentQty = ((s.pick % 3) + 1) * 2;
        data = {
          transferId: TRANSFERS[s.other - 1],
          fromKitchen: 'base-kitchen',
          sentItemId: ITEMS[s.pick % 3],
          itemId,
          locationId,
          qty,
          sentQty,
          lots: [
            { qty: sentQty / 2, ...(s.cost !== undefined && { unitCost: s.cost / 100 }) },
            { qty: sentQty / 2, bestBefore: DATES[s.date ?? 0], source: 'usda' },
          ],
        };
        break;
      }
      case 'transfer.refused':
        data = {
          transferId: TRANSFERS[s.other - 1],
          fromKitchen: 'base-kitchen',
          reason: 'spoilt',
        };
        break;
      case 'event.undone':
      case 'event.redone': {
        const target = events[s.pick % Math.max(1, events.length)];
        if (target) data = { eventId: target.id };
        else {
          type = 'stock.used';
          data = { itemId, locationId, qty };
        }
        break;
      }
    }
    events.push({
      id:
        ids === 'v7'
          ? uuidV7(wall, serial + 1)
          : `${hex(s.idSeed, 8)}-0000-4000-8000-${hex(serial + 1, 12)}`,
      type,
      v: type === 'stock.wasted' ? 2 : 1,
      hlc: encodeHlc({ wall, counter: s.counter }),
      device: DEVICES[s.device] as string,
      actor: 'AB',
      data,
    } as LarderEvent);
  });
  return events;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);

/**
 * How event ids relate to their stamps: `v7`, UUID v7 made at the stamp's time (as tablets
 * make them); `unrelated`, ids in no relation to the stamps (imported or old events), so
 * that ties on stamp and device break in any order.
 */
export type EventIds = 'v7' | 'unrelated';

/** A kitchen log of 1 to `max` events (as recorded; not sorted). */
export const kitchenLog = (max = 40, ids: EventIds = 'v7') =>
  fc.array(spec, { minLength: 1, maxLength: max }).map((specs) => build(specs, ids));

/** A deterministic shuffle, so fast-check can shrink the seed. */
export function shuffle<T>(list: readonly T[], seed: number): T[] {
  const out = [...list];
  let state = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
