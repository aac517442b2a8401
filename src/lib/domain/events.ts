/**
 * The events of a kitchen's log: immutable facts, named in the past tense. This file holds
 * the TypeScript shapes (current version of each type); `schemas.ts` holds one validating
 * schema per type and version, typed against these shapes; `upcast.ts` lifts old versions.
 */
import type { Hlc } from './hlc';

export type LocationKind = 'freezer' | 'cooler' | 'dry' | 'other';
export const LOCATION_KINDS = ['freezer', 'cooler', 'dry', 'other'] as const;

export type WasteReason = 'expired' | 'spoiled' | 'damaged' | 'overproduced' | 'other';
export const WASTE_REASONS = ['expired', 'spoiled', 'damaged', 'overproduced', 'other'] as const;

/** Where food came from: bought, USDA Foods (commodities), or another donation. */
export type FoodSource = 'purchased' | 'usda' | 'donated';
export const FOOD_SOURCES = ['purchased', 'usda', 'donated'] as const;

/** A calendar date, `YYYY-MM-DD`, as printed on a best-before label. */
export type IsoDate = string;

export interface ItemFields {
  name: string;
  unit: string;
  category?: string;
  par?: number;
  barcode?: string;
  allergens?: string[];
  /** Who the kitchen orders it from; the order list groups by it (else the last delivery's). */
  supplier?: string;
  /** What the supplier sells it in: its unit or one of its packs. Empty: its largest pack. */
  orderUnit?: string;
}
export type ItemField = keyof ItemFields;

export interface LocationFields {
  name: string;
  kind: LocationKind;
  /** The items of this area in the order a count walks its shelves (item ids). */
  shelfOrder?: string[];
}
export type LocationField = keyof LocationFields;

export interface ItemAdded extends ItemFields {
  itemId: string;
}
export interface ItemChanged {
  itemId: string;
  changes: Partial<ItemFields>;
  /** Ids of the events that set these fields as this device last saw them. */
  prev: string[];
}
export interface ItemArchived {
  itemId: string;
}
export interface ItemRestored {
  itemId: string;
}
/**
 * A pack of an item set, changed or removed: "case" holds `factor` of the item's unit. Each
 * pack of each item is its own register, so two tablets changing one pack conflict and two
 * changing different packs merge.
 */
export interface ItemPackChanged {
  itemId: string;
  pack: string;
  /** How many of the item's unit one pack holds; null removes the pack. */
  factor: number | null;
  prev: string[];
}
/**
 * One part of a quantity as a person entered it ("4 case" of "4 case + 5 can"): in the
 * item's unit, in one of its packs, or for a weight or volume in any unit of that kind.
 */
export interface EnteredPart {
  qty: number;
  unit: string;
  /**
   * How many of the item's unit one `unit` held when this was recorded: set for a pack, so a
   * later change of the pack's size never rewrites what was entered. Absent for the item's
   * own unit (1) and for units of mass and volume (converted exactly, `units.ts`).
   */
  factor?: number;
}
/** Set when a quantity was entered in anything but the item's unit alone; `qty` is its sum. */
interface Entered {
  entered?: EnteredPart[];
}
/** A price entered per pack: `cost` for one `pack` of `factor` of the item's unit. */
export interface PackCost {
  pack: string;
  factor: number;
  cost: number;
}
export interface LocationAdded extends LocationFields {
  locationId: string;
}
export interface LocationChanged {
  locationId: string;
  changes: Partial<LocationFields>;
  prev: string[];
}
export interface LocationArchived {
  locationId: string;
}
export interface LocationRestored {
  locationId: string;
}
export interface StockReceived extends Entered {
  itemId: string;
  locationId: string;
  /** In the item's unit; with `entered`, what the entered parts come to. */
  qty: number;
  /** Price per one of the item's unit; or, entered per pack, `packCost` (not both). */
  unitCost?: number;
  packCost?: PackCost;
  bestBefore?: IsoDate;
  lot?: string;
  supplier?: string;
  /** Absent: purchased. */
  source?: FoodSource;
}
export interface StockUsed extends Entered {
  itemId: string;
  locationId: string;
  qty: number;
}
export interface StockWasted extends Entered {
  itemId: string;
  locationId: string;
  qty: number;
  reason: WasteReason;
  note?: string;
}
export interface StockMoved extends Entered {
  itemId: string;
  from: string;
  to: string;
  qty: number;
}
export interface StockCounted extends Entered {
  itemId: string;
  locationId: string;
  qty: number;
  /** Ids of the counts of this item and location this device had seen. */
  prev: string[];
  /** The count of an area this was entered in (`count.finished` closes it). */
  session?: string;
  /**
   * When it was entered (wall-clock ms), for a count entered after the moment it stands for:
   * its stamp (`hlc`) is that moment, at most `COUNT_DATED_BACK_DAYS` before this.
   */
  recordedAt?: number;
}
/** How far back a count can be dated: one entered on the 3rd for the 31st is usual. */
export const COUNT_DATED_BACK_DAYS = 31;
/** A count of one area walked to its end: what was skipped, so the summary can say. */
export interface CountFinished {
  session: string;
  locationId: string;
  /** Items of the walk that were passed over, not counted. */
  skipped: string[];
}
/**
 * Stock of one line of a transfer as it left or arrived, one piece per lot it was drawn from
 * (first in, first out): what the other kitchen values it at, whatever its own prices. The
 * pieces add up to the event's `qty`.
 */
export interface TransferLot {
  qty: number;
  /** Price per one of the item's unit, or per `costPer` of it (priced per pack). */
  unitCost?: number;
  costPer?: number;
  bestBefore?: IsoDate;
  lot?: string;
  /** Absent: purchased. USDA Foods stay USDA Foods in the other kitchen's books. */
  source?: FoodSource;
}
/**
 * One line of a transfer to another kitchen of the district: subtracts here. `transferId`
 * is the sheet (several lines share it), a line is its item. It carries what the receiver
 * needs to know the item and to value it.
 */
export interface StockSent extends Entered {
  transferId: string;
  toKitchen: string;
  /** The destination's name as the sender's tablet knew it, for history read offline. */
  toKitchenName?: string;
  itemId: string;
  locationId: string;
  qty: number;
  itemName: string;
  unit: string;
  /** The item's packs, so the receiver can count what arrived in them ("case" → 6). */
  packs?: Record<string, number>;
  lots: TransferLot[];
}
/**
 * One line of a transfer arriving from another kitchen: adds here, valued as sent. `itemId`
 * is this kitchen's item (the sent id when taken as sent); `qty` is what arrived, `sentQty`
 * what was sent: their difference is the line's discrepancy. `lots` are the lots as sent
 * (adding up to `sentQty`); what arrived is them in order, a shortage off the last ones, a
 * surplus at the last one's price (`transfers.ts` `lotsReceived`). Mapped to an item kept in
 * another unit of the same kind (sent in kg, kept here in lb): `unit` is this kitchen's unit,
 * `sentUnit` the sender's, and `qty`, `sentQty` and `lots` are all in `unit`, the lots
 * converted (`transfer-units.ts`); both or neither.
 */
export interface TransferReceived extends Entered {
  transferId: string;
  fromKitchen: string;
  fromKitchenName?: string;
  sentItemId: string;
  itemId: string;
  locationId: string;
  qty: number;
  unit?: string;
  sentQty: number;
  sentUnit?: string;
  lots: TransferLot[];
}
/** A transfer that never arrived or was sent back: the sender settles it. */
export interface TransferRefused {
  transferId: string;
  fromKitchen: string;
  fromKitchenName?: string;
  reason: string;
}
export interface EventUndone {
  eventId: string;
}
export interface EventRedone {
  eventId: string;
}

/** Payload of each event type, at its current version. */
export interface EventDataMap {
  'item.added': ItemAdded;
  'item.changed': ItemChanged;
  'item.archived': ItemArchived;
  'item.restored': ItemRestored;
  'item.pack-changed': ItemPackChanged;
  'location.added': LocationAdded;
  'location.changed': LocationChanged;
  'location.archived': LocationArchived;
  'location.restored': LocationRestored;
  'stock.received': StockReceived;
  'stock.used': StockUsed;
  'stock.wasted': StockWasted;
  'stock.moved': StockMoved;
  'stock.counted': StockCounted;
  'count.finished': CountFinished;
  'stock.sent': StockSent;
  'transfer.received': TransferReceived;
  'transfer.refused': TransferRefused;
  'event.undone': EventUndone;
  'event.redone': EventRedone;
}

export type EventType = keyof EventDataMap;

/** Current schema version of each type; older ones are upcast when read. */
export const CURRENT_VERSION = {
  'item.added': 1,
  'item.changed': 1,
  'item.archived': 1,
  'item.restored': 1,
  'item.pack-changed': 1,
  'location.added': 1,
  'location.changed': 1,
  'location.archived': 1,
  'location.restored': 1,
  'stock.received': 1,
  'stock.used': 1,
  'stock.wasted': 2,
  'stock.moved': 1,
  'stock.counted': 1,
  'count.finished': 1,
  'stock.sent': 1,
  'transfer.received': 1,
  'transfer.refused': 1,
  'event.undone': 1,
  'event.redone': 1,
} as const satisfies Record<EventType, number>;

export const EVENT_TYPES = Object.keys(CURRENT_VERSION) as EventType[];

/** The envelope as stored and sent, whatever the version of its payload. */
export interface EventEnvelope<T extends string = string, D = unknown> {
  id: string;
  type: T;
  v: number;
  hlc: Hlc;
  device: string;
  actor: string;
  data: D;
  /**
   * The recording device's Ed25519 signature of the event in its kitchen (`signedForm`),
   * base64url; absent on events recorded before signatures existed (DESIGN 4.1).
   */
  sig?: string;
}

/** An event read into its current shape: a discriminated union over `type`. */
export type LarderEvent = {
  [T in EventType]: EventEnvelope<T, EventDataMap[T]> & { v: (typeof CURRENT_VERSION)[T] };
}[EventType];

export type EventOf<T extends EventType> = Extract<LarderEvent, { type: T }>;

/** An event as the server hands it out: with its per-kitchen sync cursor. */
export type StoredEvent = EventEnvelope & { seq: number };
