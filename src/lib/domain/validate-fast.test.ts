/**
 * `validateEvent` answers valid events without valibot (a check compiled from the schemas).
 * It must give exactly valibot's answer: here every event kind, and a few thousand
 * mutations of them, are checked against a plain valibot validation.
 */
import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { CURRENT_VERSION, EVENT_TYPES, type EventEnvelope, type EventType } from './events';
import { dataSchemas, envelopeSchema, legacyDataSchemas } from './schemas';
import { COOLER, DRY, ITEM_FLOUR, ITEM_MILK, Timeline } from './test-support/events';
import { validateEvent, validatesFast } from './validate';

/** Whether valibot alone accepts the event, and the envelope it outputs. */
function reference(input: unknown): { ok: boolean; event?: unknown } {
  const envelope = v.safeParse(envelopeSchema, input);
  if (!envelope.success) return { ok: false };
  const event = envelope.output as EventEnvelope;
  if (!(EVENT_TYPES as string[]).includes(event.type)) return { ok: false };
  const type = event.type as EventType;
  const schema: v.GenericSchema | undefined =
    event.v === CURRENT_VERSION[type] ? dataSchemas[type] : legacyDataSchemas[type]?.[event.v];
  if (!schema || !v.safeParse(schema, event.data).success) return { ok: false };
  return { ok: true, event };
}

const t = new Timeline();
const received = t.event('stock.received', {
  itemId: ITEM_FLOUR,
  locationId: DRY,
  qty: 2.5,
  unitCost: 1.99,
  bestBefore: '2026-02-28',
  lot: 'L-7',
  supplier: 'Valley Foods',
});
const events: EventEnvelope[] = [
  ...t.catalog(),
  received,
  t.event('item.added', {
    itemId: ITEM_MILK,
    name: 'Milk',
    unit: 'l',
    category: 'Dairy',
    barcode: '123',
    allergens: ['milk'],
  }),
  t.event('item.changed', { itemId: ITEM_FLOUR, changes: { allergens: ['gluten'] }, prev: [] }),
  t.event('item.changed', { itemId: ITEM_FLOUR, changes: { name: 'Rye', par: 3 }, prev: [] }),
  t.event('item.archived', { itemId: ITEM_FLOUR }),
  t.event('item.restored', { itemId: ITEM_FLOUR }),
  t.event('location.changed', { locationId: DRY, changes: { kind: 'other' }, prev: [received.id] }),
  t.event('location.archived', { locationId: DRY }),
  t.event('location.restored', { locationId: DRY }),
  t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 0.125 }),
  t.event('stock.moved', { itemId: ITEM_FLOUR, from: DRY, to: COOLER, qty: 1 }),
  t.event('stock.counted', { itemId: ITEM_FLOUR, locationId: DRY, qty: 0, prev: [] }),
  t.event('stock.wasted', { itemId: ITEM_FLOUR, locationId: DRY, qty: 1, reason: 'expired' }),
  t.event('stock.wasted', {
    itemId: ITEM_FLOUR,
    locationId: DRY,
    qty: 1,
    reason: 'other',
    note: 'dropped',
  }),
  {
    ...t.event('stock.used', { itemId: ITEM_FLOUR, locationId: DRY, qty: 1 }),
    type: 'stock.wasted',
    v: 1,
    data: { itemId: ITEM_FLOUR, locationId: DRY, qty: 1, reason: 'old' },
  },
  t.event('event.undone', { eventId: received.id }),
  t.event('event.redone', { eventId: received.id }),
];

const ABSENT = Symbol('absent');
const candidates: unknown[] = [
  ABSENT,
  undefined,
  null,
  '',
  '  ',
  'x',
  'x'.repeat(65),
  'x'.repeat(501),
  '2026-02-30',
  '2026-13-01',
  '2026-02-28',
  'DRY',
  DRY.toUpperCase(),
  received.id,
  ITEM_FLOUR,
  'expired',
  'cooler',
  0,
  -0,
  -1,
  1,
  1.5,
  1.0005,
  2e9,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  [],
  [received.id],
  ['  '],
  {},
  { name: 'x' },
  { kind: 'nope' },
];

/** Every event with one field (of the envelope or of the payload) replaced or removed. */
function* mutations(): Generator<unknown> {
  for (const event of events) {
    yield event;
    yield { ...event, extra: 1 };
    yield { ...event, data: { ...(event.data as Record<string, unknown>), extra: 1 } };
    yield [event];
    yield Object.assign(Object.create({ inherited: 1 }) as object, event);
    const data = event.data as Record<string, unknown>;
    const dataKeys = [...Object.keys(data), 'changes', 'prev', 'note', 'kind', 'to'];
    for (const value of candidates) {
      for (const key of Object.keys(event)) {
        const copy: Record<string, unknown> = { ...event };
        if (value === ABSENT) delete copy[key];
        else copy[key] = value;
        yield copy;
      }
      for (const key of dataKeys) {
        const copy: Record<string, unknown> = { ...data };
        if (value === ABSENT) delete copy[key];
        else copy[key] = value;
        yield { ...event, data: copy };
      }
    }
  }
}

describe('validateEvent without valibot', () => {
  test('takes the fast path for a valid event of every kind', () => {
    for (const event of events) {
      expect(validatesFast(event)).toBe(true);
      expect(validatesFast(JSON.parse(JSON.stringify(event)))).toBe(true);
    }
  });

  test('answers exactly as valibot does, for valid and invalid events', () => {
    let fast = 0;
    let count = 0;
    for (const input of mutations()) {
      count++;
      const expected = reference(input);
      const result = validateEvent(input);
      expect(result.ok, JSON.stringify(input)).toBe(expected.ok);
      if (validatesFast(input)) {
        fast++;
        expect(expected.ok, JSON.stringify(input)).toBe(true);
      }
      if (result.ok) {
        expect(result.event).toEqual(expected.event);
        // Same keys in the same order: the event is stored as JSON.stringify makes it.
        expect(JSON.stringify(result.event)).toBe(JSON.stringify(expected.event));
      }
    }
    expect(count).toBeGreaterThan(3000);
    expect(fast).toBeGreaterThan(100);
  });
});
