/**
 * A generated, realistic kitchen log for benchmarks and large tests: 200 items in 6
 * locations over one school year (180 school days; or several), recorded by 3 tablets. Each day has
 * deliveries (several lines, with best-before and cost), uses for production, some waste,
 * moves from the freezer to the cooler, and on Fridays a full count in shelf order. A few
 * entries are undone, a few items renamed or re-parred, and now and then two tablets count
 * the same shelf without seeing each other (a conflict). The daily volume scales with the
 * number of events asked for, so the mix stays the same at 10k and at 1M events.
 *
 * Deterministic: the same options give the same events, byte for byte.
 */
import type { EventEnvelope, EventType, LocationKind, WasteReason } from '../src/lib/domain/events';
import { CURRENT_VERSION, WASTE_REASONS } from '../src/lib/domain/events';
import { encodeHlc } from '../src/lib/domain/hlc';

export interface KitchenLogOptions {
  events: number;
  seed?: number;
  items?: number;
  locations?: number;
  devices?: number;
  /** Share of events that arrive late, i.e. after events that sort after them (0..1). */
  lateShare?: number;
  /** School years the events are spread over, from `start` (1 by default). */
  schoolYears?: number;
  /** First school day, a Monday (2025-08-25 by default); later years start 52 weeks on. */
  start?: string;
}

export interface KitchenLog {
  /** The events in the order a server would receive them (mostly, not entirely, sorted). */
  events: EventEnvelope[];
  itemIds: string[];
  locationIds: string[];
  devices: string[];
}

/** Mulberry32: small, fast, seedable; good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** A UUID v7 for a given millisecond, with its random bits from `random`. */
export function uuidV7(ms: number, random: () => number): string {
  const r = () => Math.floor(random() * 0x10000);
  const t = hex(ms, 12);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${hex(r() & 0xfff, 3)}-${hex(0x8000 | (r() & 0x3fff), 4)}-${hex(r(), 4)}${hex(r(), 4)}${hex(r(), 4)}`;
}

/** A UUID v4-shaped id for items, locations and devices. */
export function uuidV4(random: () => number): string {
  const r = () => Math.floor(random() * 0x10000);
  return `${hex(r(), 4)}${hex(r(), 4)}-${hex(r(), 4)}-4${hex(r() & 0xfff, 3)}-${hex(0x8000 | (r() & 0x3fff), 4)}-${hex(r(), 4)}${hex(r(), 4)}${hex(r(), 4)}`;
}

const FOODS = [
  'Chicken thighs',
  'Ground beef',
  'Fish fillets',
  'Cheddar',
  'Mozzarella',
  'Milk 1%',
  'Yogurt',
  'Butter',
  'Eggs',
  'Carrots',
  'Broccoli',
  'Peas',
  'Corn',
  'Apples',
  'Oranges',
  'Bananas',
  'Rice',
  'Pasta',
  'Flour',
  'Oats',
  'Beans',
  'Tomato sauce',
  'Tortillas',
  'Bread rolls',
];
const UNITS = ['kg', 'case', 'each', 'L', 'lb', 'bag'];
const KINDS: LocationKind[] = ['freezer', 'cooler', 'dry', 'dry', 'cooler', 'other'];
const SCHOOL_DAYS = 180;
const DAY_MS = 86_400_000;
/** First school day of the generated year by default: Monday 2025-08-25. */
const FIRST_DAY = '2025-08-25';

export function generateKitchenLog(options: KitchenLogOptions): KitchenLog {
  const {
    events: target,
    seed = 42,
    items: itemCount = 200,
    locations: locationCount = 6,
    devices: deviceCount = 3,
    lateShare = 0.01,
    schoolYears = 1,
    start = FIRST_DAY,
  } = options;
  const yearStart = Date.parse(`${start}T06:00:00Z`);
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const qty = (max: number) => Math.max(0.001, Math.round(random() * max * 1000) / 1000);

  const devices = Array.from({ length: deviceCount }, () => uuidV4(random));
  const actors = ['MG', 'JT', 'RS', 'AL', 'PK'];
  const clocks = new Map<string, { wall: number; counter: number }>();
  const out: EventEnvelope[] = [];
  const late: EventEnvelope[] = [];
  let emitted = 0;
  const emittedAt = new Map<EventEnvelope, number>();
  const undoable: string[] = [];
  // The count a device last saw per shelf, for `prev` (a conflict is two counts that did not).
  const lastCount = new Map<string, string>();

  const emit = <T extends EventType>(type: T, wall: number, device: string, data: unknown) => {
    const c = clocks.get(device) ?? { wall: 0, counter: 0 };
    const next = wall > c.wall ? { wall, counter: 0 } : { wall: c.wall, counter: c.counter + 1 };
    clocks.set(device, next);
    const event: EventEnvelope = {
      id: uuidV7(next.wall, random),
      type,
      v: CURRENT_VERSION[type],
      hlc: encodeHlc(next),
      device,
      actor: pick(actors),
      data,
    };
    emittedAt.set(event, emitted++);
    if (random() < lateShare) late.push(event);
    else out.push(event);
    return event;
  };

  const setupDevice = devices[0] as string;
  let wall = yearStart - DAY_MS;
  const locationIds = Array.from({ length: locationCount }, (_, i) => {
    const locationId = uuidV4(random);
    emit('location.added', (wall += 1000), setupDevice, {
      locationId,
      name: `${KINDS[i % KINDS.length]} ${i + 1}`,
      kind: KINDS[i % KINDS.length],
    });
    return locationId;
  });
  const home = new Map<string, string>();
  const itemIds = Array.from({ length: itemCount }, (_, i) => {
    const itemId = uuidV4(random);
    home.set(itemId, locationIds[i % locationIds.length] as string);
    emit('item.added', (wall += 1000), setupDevice, {
      itemId,
      name: `${FOODS[i % FOODS.length]} #${i + 1}`,
      unit: pick(UNITS),
      category: i % 2 === 0 ? 'protein' : 'produce',
      par: Math.round(random() * 40),
    });
    return itemId;
  });
  const shelf = (itemId: string) => home.get(itemId) as string;

  // Per school day volumes, scaled so that the years hold about `target` events.
  const perDay = Math.max(1, (target - out.length) / (SCHOOL_DAYS * schoolYears));
  const countsPerWeek = Math.min(itemCount, Math.round(perDay * 5 * 0.25));
  const dailyRest = perDay - countsPerWeek / 5;
  for (let day = 0; out.length + late.length < target; day++) {
    const weekday = day % 5;
    const week = Math.floor((day % SCHOOL_DAYS) / 5) + 52 * Math.floor(day / SCHOOL_DAYS);
    const open = yearStart + week * 7 * DAY_MS + weekday * DAY_MS;
    let t = open;
    const step = () => (t += 1 + Math.floor(random() * 30_000));
    const lines = Math.round(dailyRest * 0.3);
    for (let i = 0; i < lines; i++) {
      const itemId = pick(itemIds);
      const e = emit('stock.received', step(), devices[0] as string, {
        itemId,
        locationId: shelf(itemId),
        qty: qty(20),
        unitCost: Math.round(random() * 5000) / 100 + 0.5,
        bestBefore: new Date(open + (3 + Math.floor(random() * 60)) * DAY_MS)
          .toISOString()
          .slice(0, 10),
        supplier: pick(['Valley Foods', 'Green Farm Co-op', 'Metro Dairy']),
      });
      undoable.push(e.id);
    }
    for (let i = 0, n = Math.round(dailyRest * 0.5); i < n; i++) {
      const itemId = pick(itemIds);
      const e = emit('stock.used', step(), pick(devices), {
        itemId,
        locationId: shelf(itemId),
        qty: qty(4),
      });
      undoable.push(e.id);
    }
    for (let i = 0, n = Math.round(dailyRest * 0.08); i < n; i++) {
      const itemId = pick(itemIds);
      const reason: WasteReason = pick(WASTE_REASONS);
      emit('stock.wasted', step(), pick(devices), {
        itemId,
        locationId: shelf(itemId),
        qty: qty(2),
        reason,
      });
    }
    for (let i = 0, n = Math.round(dailyRest * 0.08); i < n; i++) {
      const itemId = pick(itemIds);
      const from = shelf(itemId);
      const to = pick(locationIds.filter((l) => l !== from));
      emit('stock.moved', step(), pick(devices), { itemId, from, to, qty: qty(3) });
    }
    for (let i = 0, n = Math.max(0, Math.round(dailyRest * 0.02)); i < n && undoable.length; i++) {
      emit('event.undone', step(), pick(devices), { eventId: pick(undoable.slice(-200)) });
    }
    if (random() < 0.2) {
      emit('item.changed', step(), pick(devices), {
        itemId: pick(itemIds),
        changes: { par: Math.round(random() * 40) },
        prev: [],
      });
    }
    if (weekday === 4) {
      // Friday count, shelf by shelf; now and then a second tablet counts the same shelf.
      for (const itemId of itemIds.slice(0, countsPerWeek)) {
        const locationId = shelf(itemId);
        const key = `${itemId}|${locationId}`;
        const prior = lastCount.get(key);
        const e = emit('stock.counted', step(), devices[1] as string, {
          itemId,
          locationId,
          qty: qty(30),
          prev: prior ? [prior] : [],
        });
        if (random() < 0.01) {
          emit('stock.counted', t + 5, devices[2] as string, {
            itemId,
            locationId,
            qty: qty(30),
            prev: prior ? [prior] : [],
          });
        }
        lastCount.set(key, e.id);
      }
    }
  }
  // Exactly the first `target` events recorded: an undo is always recorded after its
  // target, so none is cut off from it. Late arrivals: a tablet that was offline uploads its
  // older events at the very end.
  const kept = (event: EventEnvelope) => (emittedAt.get(event) as number) < target;
  return { events: out.filter(kept).concat(late.filter(kept)), itemIds, locationIds, devices };
}
