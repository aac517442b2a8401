/**
 * The shape of a kitchen's state as the fold leaves it: read-only views over the mutable
 * structures the folder keeps inside (see `folder.ts`). Quantities are integer thousandths
 * (`Milli`, see `quantity.ts`); projections (`projections/*.ts`) turn them into the numbers
 * and rows a page or a read model shows.
 */
import type { FoodSource, IsoDate, ItemFields, LarderEvent, LocationFields } from './events';
import type { Micro } from './money';
import type { Milli } from './quantity';

export interface ItemState extends Readonly<Omit<ItemFields, 'allergens'>> {
  readonly itemId: string;
  readonly allergens?: readonly string[];
  /** The item's packs: how many of its unit each holds ("case" → 6). */
  readonly packs?: Readonly<Record<string, number>>;
  /** Archived items are hidden from default views, never deleted; restore brings them back. */
  readonly archived: boolean;
}

export interface LocationState extends Readonly<LocationFields> {
  readonly locationId: string;
  readonly archived: boolean;
}

/**
 * A quantity of one item at one location that came in together: drawn first-in first-out
 * (earliest best-before first, then oldest received; lots without a best-before after dated
 * ones). Moves carry lots, so a lot keeps its origin when it changes location.
 */
export interface Lot {
  /** The event that brought this stock in: a receipt, a count above the total, or a move. */
  readonly sourceId: string;
  readonly qty: Milli;
  /** Thousandths of a currency unit per unit of the item; absent when never priced. */
  readonly unitCost?: Milli | undefined;
  /**
   * Priced per pack: `unitCost` is the price of this many thousandths of the item's unit
   * (a case of 6 cans at 10.00: 10000 per 6000), so the value stays exact. Absent: per unit.
   */
  readonly costPer?: Milli | undefined;
  readonly bestBefore?: IsoDate | undefined;
  readonly lot?: string | undefined;
  readonly supplier?: string | undefined;
  /** Where it came from, as its delivery said; absent: purchased (or not known). */
  readonly source?: FoodSource | undefined;
  /** Position in the log of the event that first received this stock: "oldest received". */
  readonly rank: number;
}

/** Stock of one item at one location. */
export interface StockCell {
  readonly itemId: string;
  readonly locationId: string;
  /** May be negative: a use recorded before the delivery that covered it. */
  readonly qty: Milli;
  /** FIFO order: the next lot to draw from comes first. Their sum is `qty + deficit`. */
  readonly lots: readonly Lot[];
  /** Stock drawn that no lot covered (>= 0): what makes `qty` negative. */
  readonly deficit: Milli;
  /** The latest count (in log order) of this cell that is in effect. */
  readonly lastCountId?: string | undefined;
}

/** What a `stock.counted` found, against the running total it replaced. */
export interface CountRecord {
  readonly eventId: string;
  readonly itemId: string;
  readonly locationId: string;
  readonly counted: Milli;
  /** The running total just before the count. */
  readonly before: Milli;
  /** `counted - before`: negative when stock went missing. */
  readonly variance: Milli;
  /**
   * What the count changed the stock's value by, in millionths of a currency unit: lots
   * drawn first-in first-out at their cost, or stock found at the last unit cost.
   */
  readonly valueChange: Micro;
  /** The count of the same cell before it, whose later deltas this count supersedes. */
  readonly previousCountId?: string;
}

export type RegisterKind = 'item.field' | 'location.field' | 'stock.count';

/**
 * A value that concurrent edits can disagree on: one field of one item or location, or the
 * count of one item at one location. `heads` are its events no other event of the register
 * names in its `prev` (see `registers.ts` for the exact rule).
 */
export interface Register {
  readonly kind: RegisterKind;
  /** The item of an item field or a count; absent for a location field. */
  readonly itemId?: string;
  /** The location of a location field or a count; absent for an item field. */
  readonly locationId?: string;
  /** The field name, for item and location fields. */
  readonly field?: string;
  /** In log order, undone ones included (they are filtered out when conflicts are listed). */
  readonly heads: readonly LarderEvent[];
}

export interface KitchenState {
  /** Items of the catalog by id, archived ones included (flagged). */
  readonly items: ReadonlyMap<string, ItemState>;
  readonly locations: ReadonlyMap<string, LocationState>;
  /**
   * Stock by item id, then location id. Keyed by ids, not by catalog entries: stock of an
   * item or location this replica does not know yet is kept and shows once it arrives.
   */
  readonly stock: ReadonlyMap<string, ReadonlyMap<string, StockCell>>;
  /** The counts in effect, by event id. */
  readonly counts: ReadonlyMap<string, CountRecord>;
  /** Conflict registers by an opaque key. */
  readonly registers: ReadonlyMap<string, Register>;
  /** The log folded: sorted by (hlc, device, id), one event per id, upcast. */
  readonly log: readonly LarderEvent[];
  /** Ids of the events whose effect an undo removed (and no later redo put back). */
  readonly undone: ReadonlySet<string>;
}
