/**
 * What a cook asks for, in the imperative. `decide` turns a command into events or refuses
 * it with a `DomainError`. Quantities are decimals in the item's unit, as typed, or the parts
 * a person entered in its packs and units (`Amount`).
 */
import type { Amount } from './amounts';
import type {
  FoodSource,
  IsoDate,
  ItemFields,
  LocationFields,
  StockSent,
  WasteReason,
} from './events';

/** A line another kitchen sent here, as its `stock.sent` says (the server lists them). */
export type SentLine = Pick<
  StockSent,
  'transferId' | 'itemId' | 'itemName' | 'unit' | 'packs' | 'qty' | 'lots'
> & { fromKitchen: string; fromKitchenName?: string };

export type Command =
  | ({ type: 'addItem'; itemId?: string } & ItemFields)
  | { type: 'changeItem'; itemId: string; changes: Partial<ItemFields> }
  | { type: 'archiveItem'; itemId: string }
  | { type: 'restoreItem'; itemId: string }
  /** Sets one pack of an item ("case" = 6 of its unit); a factor of null removes it. */
  | { type: 'setPack'; itemId: string; pack: string; factor: number | null }
  | ({ type: 'addLocation'; locationId?: string } & LocationFields)
  | { type: 'changeLocation'; locationId: string; changes: Partial<LocationFields> }
  | { type: 'archiveLocation'; locationId: string }
  | { type: 'restoreLocation'; locationId: string }
  | {
      type: 'receiveStock';
      itemId: string;
      locationId: string;
      qty: Amount;
      /** Price per one of the item's unit; or `packCost`, per one of its packs. */
      unitCost?: number;
      packCost?: { pack: string; cost: number };
      bestBefore?: IsoDate;
      lot?: string;
      supplier?: string;
      source?: FoodSource;
    }
  | { type: 'useStock'; itemId: string; locationId: string; qty: Amount }
  | {
      type: 'wasteStock';
      itemId: string;
      locationId: string;
      qty: Amount;
      reason: WasteReason;
      note?: string;
    }
  | { type: 'moveStock'; itemId: string; from: string; to: string; qty: Amount }
  | {
      type: 'countStock';
      itemId: string;
      locationId: string;
      qty: Amount;
      /** The count of an area this is part of; counting an item again there replaces it. */
      session?: string;
      /**
       * The moment the count stands for (wall-clock ms), when entered later: the end of the
       * 31st for a count entered on the 3rd. Up to `COUNT_DATED_BACK_DAYS` back; not ahead.
       */
      asOf?: number;
    }
  | { type: 'finishCount'; session: string; locationId: string; skipped: string[] }
  /** One line of a transfer to another kitchen; the lines of one sheet share `transferId`. */
  | {
      type: 'sendStock';
      transferId: string;
      toKitchen: string;
      toKitchenName?: string;
      itemId: string;
      locationId: string;
      qty: Amount;
    }
  /**
   * What arrived of a sent line, into `itemId`: the sent item (added here when missing) or
   * one of this kitchen's items of the same unit. A `qty` off what was sent is a discrepancy.
   */
  | { type: 'receiveTransfer'; sent: SentLine; itemId: string; locationId: string; qty: Amount }
  | {
      type: 'refuseTransfer';
      transferId: string;
      fromKitchen: string;
      fromKitchenName?: string;
      reason: string;
    }
  | { type: 'undo'; eventId: string }
  | { type: 'redo'; eventId: string };

export type CommandType = Command['type'];
