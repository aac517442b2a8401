/**
 * Read models: tables derived from the logs, for anyone to query (SQL) and for the stock
 * routes. They are a cache of the fold: dropping and rebuilding them from the log gives
 * the same rows, and they never hold anything the log does not.
 */

import type { StoredEvent } from '../../src/lib/domain/index';

/** Stock on hand of one item at one location, as the domain's `stockOnHand` shows it. */
export interface StockRow {
  itemId: string;
  itemName: string;
  unit: string;
  locationId: string;
  locationName: string;
  /** In the item's unit, up to 3 decimals; negative when uses outran recorded stock. */
  qty: number;
  /** Currency units with cents; stock without a known cost counts 0. */
  value: number;
  negative: boolean;
}

/** A kitchen's figures for the district office, from the read tables. */
export interface KitchenFigures {
  kitchenId: string;
  /** Currency units; 0 before the kitchen's first catch-up. */
  inventoryValue: number;
  belowPar: number;
  /** The waste of `month` in value, 0 when the figure is of an earlier month. */
  monthWaste: number;
  /** Events stamped at or after the day's start. */
  eventsToday: number;
  /** The seq the figures reflect (the log's head once caught up). */
  checkpoint: number;
}

export interface ReadModels {
  /** Brings the kitchen's views up to date with its log; cheap when they already are. */
  catchUp(kitchenId: string): Promise<void>;
  /**
   * Says the kitchen's log grew: catch up soon, off the request's path. `appended`, the
   * events just stored with their seqs, saves reading them back when they are the next ones.
   */
  notify(kitchenId: string, appended?: readonly StoredEvent[]): void;
  /** Stock on hand of the kitchen, caught up first (a client sees its own writes). */
  stock(kitchenId: string): Promise<StockRow[]>;
  /**
   * Every kitchen's figures as the read tables hold them now (no catch-up: they follow
   * each push within seconds). `month` is the current YYYY-MM, `dayStart` the clock stamp
   * of the day's start.
   */
  district(month: string, dayStart: string): Promise<KitchenFigures[]>;
  /** Drops the kitchen's views (every kitchen's when omitted) and replays the log. */
  rebuild(kitchenId?: string): Promise<void>;
  /**
   * Stops pending background work; resolves once the catch-ups under way have ended (then
   * the store may be closed).
   */
  close(): Promise<void>;
}
