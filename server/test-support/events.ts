/**
 * Valid events for tests and benchmarks, made cheaply and deterministically: a small
 * kitchen (items, locations) followed by a stream of stock movements, with UUID v7 ids
 * and increasing clock stamps.
 */
import type { EventEnvelope } from '../../src/lib/domain/events';
import { encodeHlc } from '../../src/lib/domain/hlc';

/** A deterministic pseudo-random generator (mulberry32), so failures reproduce. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').slice(-width);

/** A UUID v7 whose time part is `ms` and whose random part comes from `counter`. */
export function uuidv7(ms: number, counter: number, salt = 0): string {
  const time = hex(ms, 12);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex(counter >>> 20, 3)}-${hex(
    0x8000 | (counter & 0x3fff),
    4,
  )}-${hex(salt, 4)}${hex(counter, 8)}`;
}

/** A UUID v4-shaped id for devices, items and locations. */
export function uuid4(n: number, salt = 0): string {
  return `${hex(salt, 8)}-${hex(n >>> 16, 4)}-4${hex(n, 3)}-a000-${hex(n, 12)}`;
}

export interface GeneratorOptions {
  device?: string;
  seed?: number;
  items?: number;
  locations?: number;
  /** Wall clock of the first event, in ms since the epoch. */
  start?: number;
  /** Distinguishes the ids of several generators (e.g. one per simulated tablet). */
  salt?: number;
}

/** How far back (events) a generated undo reaches. */
const RECENT = 50;

/**
 * `count` valid events: first the locations and items, then received / used / wasted /
 * moved / counted events with the occasional undo. Quantities have at most 3 decimals.
 */
export function generateEvents(count: number, options: GeneratorOptions = {}): EventEnvelope[] {
  const rand = random(options.seed ?? 1);
  const salt = options.salt ?? 0;
  const device = options.device ?? uuid4(1, 0xd0 + salt);
  const start = options.start ?? Date.UTC(2026, 0, 5, 6);
  const locations = Array.from({ length: options.locations ?? 3 }, (_, i) => uuid4(i, 0x10c));
  const items = Array.from({ length: options.items ?? 50 }, (_, i) => uuid4(i, 0x17e));
  const events: EventEnvelope[] = [];
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)] as T;
  const qty = () => Math.round(rand() * 20_000 + 1) / 1000;
  let n = 0;
  const make = (type: string, data: unknown, v = 1): EventEnvelope => {
    const ms = start + n * 1000;
    const event = {
      id: uuidv7(ms, n, salt),
      type,
      v,
      hlc: encodeHlc({ wall: ms, counter: 0 }),
      device,
      actor: 'Test Cook',
      data,
    };
    n++;
    return event;
  };
  const kinds = ['freezer', 'cooler', 'dry', 'other'] as const;
  for (const [i, locationId] of locations.entries()) {
    if (events.length >= count) return events;
    events.push(make('location.added', { locationId, name: `Area ${i + 1}`, kind: kinds[i % 4] }));
  }
  for (const [i, itemId] of items.entries()) {
    if (events.length >= count) return events;
    events.push(make('item.added', { itemId, name: `Item ${i + 1}`, unit: 'kg', par: 5 }));
  }
  while (events.length < count) {
    const itemId = pick(items);
    const locationId = pick(locations);
    const r = rand();
    if (r < 0.4) {
      events.push(
        make('stock.received', { itemId, locationId, qty: qty(), unitCost: qty() || 0.001 }),
      );
    } else if (r < 0.7) {
      events.push(make('stock.used', { itemId, locationId, qty: qty() }));
    } else if (r < 0.8) {
      events.push(make('stock.wasted', { itemId, locationId, qty: qty(), reason: 'spoiled' }, 2));
    } else if (r < 0.88) {
      const to = pick(locations);
      if (to !== locationId)
        events.push(make('stock.moved', { itemId, from: locationId, to, qty: qty() }));
    } else if (r < 0.95) {
      events.push(make('stock.counted', { itemId, locationId, qty: qty(), prev: [] }));
    } else if (events.length > 0) {
      // An entry of the last few minutes, as the undo after a slip of the finger is (the item
      // screen's history can undo older ones: the read models' tests do those by hand).
      const target = pick(events.slice(-RECENT));
      if (target.type.startsWith('stock.'))
        events.push(make('event.undone', { eventId: target.id }));
    }
  }
  return events;
}
