/**
 * One valibot schema per event type and version, each typed against the TypeScript shape in
 * `events.ts` (`satisfies v.GenericSchema<Shape>` fails to compile when they drift apart).
 * The tablets, the service worker and the server all validate with these same schemas.
 * Objects are strict: an unknown field is an error, not silently dropped, so the event a
 * server stores is byte for byte the event the tablet recorded.
 */
import * as v from 'valibot';
import {
  FOOD_SOURCES,
  LOCATION_KINDS,
  WASTE_REASONS,
  type EventDataMap,
  type EventEnvelope,
  type EventType,
  type ItemFields,
  type LocationFields,
} from './events';
import { HLC_PATTERN } from './hlc';
import { isRealCalendarDate } from './iso-date';
import { hasAtMostThreeDecimals, toMilli } from './quantity';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const UUID_ANY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const text = (max: number) =>
  v.pipe(
    v.string('must be text'),
    v.check((s) => s.trim().length > 0, 'must not be empty'),
    v.maxLength(max, `must be at most ${max} characters`),
  );
const optionalText = (max: number) =>
  v.pipe(v.string('must be text'), v.maxLength(max, `must be at most ${max} characters`));

/** Id of an item, location or referenced event: a UUID made on the device. */
export const idSchema = v.pipe(v.string('must be an id'), v.regex(UUID_ANY, 'must be a UUID'));
const eventIdSchema = v.pipe(
  v.string('must be an event id'),
  v.regex(UUID_V7, 'must be a UUID v7'),
);

const decimal = v.pipe(
  v.number('must be a number'),
  v.check(hasAtMostThreeDecimals, 'must be a finite number with at most 3 decimals'),
);
/** A delta or a cost: more than zero. */
export const positiveQty = v.pipe(decimal, v.gtValue(0, 'must be more than 0'));
/** A count or a par level: zero or more. */
export const nonNegativeQty = v.pipe(decimal, v.minValue(0, 'must be 0 or more'));

const isoDate = v.pipe(
  v.string('must be a date'),
  v.isoDate('must be a date as YYYY-MM-DD'),
  v.check(isRealCalendarDate, 'must be a real calendar date'),
);

const prevSchema = v.pipe(
  v.array(eventIdSchema, 'must be a list of event ids'),
  v.maxLength(100, 'must name at most 100 events'),
);

/** What a person entered, part by part ("4 case + 5 can"); the event's `qty` is its sum. */
const entered = v.exactOptional(
  v.pipe(
    v.array(
      v.strictObject({
        qty: nonNegativeQty,
        unit: text(24),
        factor: v.exactOptional(positiveQty),
      }),
      'must be a list of quantities with their units',
    ),
    v.minLength(1, 'must have at least one part'),
    v.maxLength(6, 'must have at most 6 parts'),
  ),
);

const packCost = v.exactOptional(
  v.strictObject({ pack: text(24), factor: positiveQty, cost: positiveQty }),
);

const foodSource = v.picklist(FOOD_SOURCES, `must be one of ${FOOD_SOURCES.join(', ')}`);

/** The lots a line of a transfer was drawn from, adding up to its `qty`. */
const transferLots = v.pipe(
  v.array(
    v.strictObject({
      qty: positiveQty,
      unitCost: v.exactOptional(positiveQty),
      costPer: v.exactOptional(positiveQty),
      bestBefore: v.exactOptional(isoDate),
      lot: v.exactOptional(optionalText(64)),
      source: v.exactOptional(foodSource),
    }),
    'must be a list of lots',
  ),
  v.maxLength(100, 'must have at most 100 lots'),
);
const lotsAddUp = (lots: { qty: number }[], qty: number) =>
  lots.reduce((sum, lot) => sum + toMilli(lot.qty), 0) === toMilli(qty);
/** Kitchen ids appear in URLs and are sometimes typed: lower-case words and dashes. */
export const KITCHEN_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const kitchenId = v.pipe(
  v.string('must be a kitchen id'),
  v.regex(KITCHEN_ID_PATTERN, 'must be a kitchen id'),
);

const itemFieldEntries = {
  name: text(120),
  unit: text(24),
  category: v.exactOptional(optionalText(60)),
  par: v.exactOptional(nonNegativeQty),
  barcode: v.exactOptional(optionalText(64)),
  allergens: v.exactOptional(v.pipe(v.array(text(40)), v.maxLength(30))),
  supplier: v.exactOptional(optionalText(80)),
  orderUnit: v.exactOptional(optionalText(24)),
};

const itemChanges = v.pipe(
  v.strictObject({
    name: v.exactOptional(itemFieldEntries.name),
    unit: v.exactOptional(itemFieldEntries.unit),
    category: itemFieldEntries.category,
    par: itemFieldEntries.par,
    barcode: itemFieldEntries.barcode,
    allergens: itemFieldEntries.allergens,
    supplier: itemFieldEntries.supplier,
    orderUnit: itemFieldEntries.orderUnit,
  }),
  v.check((c) => Object.keys(c).length > 0, 'must change at least one field'),
) satisfies v.GenericSchema<Partial<ItemFields>>;

/** Item ids of one area: a walk of its shelves, or the items a count passed over. */
const itemIds = v.pipe(
  v.array(idSchema, 'must be a list of item ids'),
  v.maxLength(5000, 'must name at most 5000 items'),
);
const locationKind = v.picklist(LOCATION_KINDS, `must be one of ${LOCATION_KINDS.join(', ')}`);
const locationChanges = v.pipe(
  v.strictObject({
    name: v.exactOptional(text(120)),
    kind: v.exactOptional(locationKind),
    shelfOrder: v.exactOptional(itemIds),
  }),
  v.check((c) => Object.keys(c).length > 0, 'must change at least one field'),
) satisfies v.GenericSchema<Partial<LocationFields>>;

const itemRef = v.strictObject({ itemId: idSchema });
const locationRef = v.strictObject({ locationId: idSchema });
const eventRef = v.strictObject({ eventId: eventIdSchema });

/** Schemas of the current version of each type. */
export const dataSchemas = {
  'item.added': v.strictObject({ itemId: idSchema, ...itemFieldEntries }),
  'item.changed': v.strictObject({ itemId: idSchema, changes: itemChanges, prev: prevSchema }),
  'item.archived': itemRef,
  'item.restored': itemRef,
  'item.pack-changed': v.strictObject({
    itemId: idSchema,
    pack: text(24),
    factor: v.nullable(positiveQty),
    prev: prevSchema,
  }),
  'location.added': v.strictObject({
    locationId: idSchema,
    name: text(120),
    kind: locationKind,
    shelfOrder: v.exactOptional(itemIds),
  }),
  'location.changed': v.strictObject({
    locationId: idSchema,
    changes: locationChanges,
    prev: prevSchema,
  }),
  'location.archived': locationRef,
  'location.restored': locationRef,
  'stock.received': v.pipe(
    v.strictObject({
      itemId: idSchema,
      locationId: idSchema,
      qty: positiveQty,
      entered,
      unitCost: v.exactOptional(positiveQty),
      packCost,
      bestBefore: v.exactOptional(isoDate),
      lot: v.exactOptional(optionalText(64)),
      supplier: v.exactOptional(optionalText(120)),
      source: v.exactOptional(foodSource),
    }),
    v.forward(
      v.check(
        (d) => d.unitCost === undefined || d.packCost === undefined,
        'must not be set with unitCost: a price is per unit or per pack',
      ),
      ['packCost'],
    ),
  ),
  'stock.used': v.strictObject({
    itemId: idSchema,
    locationId: idSchema,
    qty: positiveQty,
    entered,
  }),
  'stock.wasted': v.strictObject({
    itemId: idSchema,
    locationId: idSchema,
    qty: positiveQty,
    entered,
    reason: v.picklist(WASTE_REASONS, `must be one of ${WASTE_REASONS.join(', ')}`),
    note: v.exactOptional(optionalText(500)),
  }),
  'stock.moved': v.pipe(
    v.strictObject({
      itemId: idSchema,
      from: idSchema,
      to: idSchema,
      qty: positiveQty,
      entered,
    }),
    v.forward(
      v.check((d) => d.from !== d.to, 'must differ from the location moved from'),
      ['to'],
    ),
  ),
  'stock.counted': v.strictObject({
    itemId: idSchema,
    locationId: idSchema,
    qty: nonNegativeQty,
    entered,
    prev: prevSchema,
    session: v.exactOptional(idSchema),
    recordedAt: v.exactOptional(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
  }),
  'count.finished': v.strictObject({ session: idSchema, locationId: idSchema, skipped: itemIds }),
  'stock.sent': v.pipe(
    v.strictObject({
      transferId: idSchema,
      toKitchen: kitchenId,
      toKitchenName: v.exactOptional(optionalText(120)),
      itemId: idSchema,
      locationId: idSchema,
      qty: positiveQty,
      entered,
      itemName: text(120),
      unit: text(24),
      packs: v.exactOptional(
        v.pipe(
          v.record(text(24), positiveQty),
          v.check((packs) => Object.keys(packs).length <= 20, 'must have at most 20 packs'),
        ),
      ),
      lots: transferLots,
    }),
    v.forward(
      v.check((d) => lotsAddUp(d.lots, d.qty), 'must add up to qty'),
      ['lots'],
    ),
  ),
  'transfer.received': v.pipe(
    v.strictObject({
      transferId: idSchema,
      fromKitchen: kitchenId,
      fromKitchenName: v.exactOptional(optionalText(120)),
      sentItemId: idSchema,
      itemId: idSchema,
      locationId: idSchema,
      qty: nonNegativeQty,
      unit: v.exactOptional(text(24)),
      entered,
      sentQty: positiveQty,
      sentUnit: v.exactOptional(text(24)),
      lots: transferLots,
    }),
    v.forward(
      v.check((d) => lotsAddUp(d.lots, d.sentQty), 'must add up to sentQty'),
      ['lots'],
    ),
    v.forward(
      v.check(
        (d) => (d.unit === undefined) === (d.sentUnit === undefined),
        'must come with sentUnit',
      ),
      ['unit'],
    ),
  ),
  'transfer.refused': v.strictObject({
    transferId: idSchema,
    fromKitchen: kitchenId,
    fromKitchenName: v.exactOptional(optionalText(120)),
    reason: text(500),
  }),
  'event.undone': eventRef,
  'event.redone': eventRef,
} satisfies { [T in EventType]: v.GenericSchema<EventDataMap[T]> };

/** `stock.wasted` v1: the reason was free text. v2 made it a fixed list plus a note. */
export interface StockWastedV1 {
  itemId: string;
  locationId: string;
  qty: number;
  reason: string;
}
export const stockWastedV1 = v.strictObject({
  itemId: idSchema,
  locationId: idSchema,
  qty: positiveQty,
  reason: text(200),
}) satisfies v.GenericSchema<StockWastedV1>;

/** Schemas of older versions still accepted on the wire, by type and version. */
export const legacyDataSchemas: Partial<Record<EventType, Record<number, v.GenericSchema>>> = {
  'stock.wasted': { 1: stockWastedV1 },
};

export const envelopeSchema = v.strictObject({
  id: eventIdSchema,
  type: v.pipe(v.string('must be text'), v.maxLength(64)),
  v: v.pipe(
    v.number('must be a number'),
    v.integer('must be a whole number'),
    v.minValue(1, 'must be 1 or more'),
  ),
  hlc: v.pipe(
    v.string('must be a clock stamp'),
    v.regex(HLC_PATTERN, 'must be a clock stamp WWWWWWWWWWWWWWW-CCCCC'),
  ),
  device: idSchema,
  actor: text(100),
  data: v.unknown(),
  sig: v.exactOptional(
    v.pipe(
      v.string('must be a signature'),
      v.regex(/^[A-Za-z0-9_-]{86}$/, 'must be an Ed25519 signature in base64url'),
    ),
  ),
}) satisfies v.GenericSchema<EventEnvelope>;
