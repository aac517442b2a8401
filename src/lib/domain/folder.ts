/**
 * The folder: a kitchen's state as mutable Maps, and `apply`, the one function that evolves
 * it by one event. The rest of the code sees it through the read-only `KitchenState`.
 *
 * Events are applied in log order, each with its position in the log (`rank`: "oldest
 * received" for lots) and whether it is in effect (not undone). An undone event changes
 * nothing, except that its `prev` still counts for conflict registers.
 *
 * The server stores folders (the read models' bases, `server/read-models/kitchen-fold.ts`):
 * a change to their fields, or to what `apply` or `upcast` make of an event, raises
 * `BASE_FORMAT` there, or the rows of a kitchen restored from an old base would be wrong.
 */
import type { ItemFields, LarderEvent, LocationFields } from './events';
import {
  addStock,
  cloneCell,
  costOf,
  drawStock,
  lotsReceived,
  newCell,
  newLot,
  setCount,
  transferLine,
  transferLotCost,
  type LotCost,
  type MutableCell,
} from './lots';
import { lotsValueMicro } from './money';
import { toMilli, type Milli } from './quantity';
import {
  cloneRegister,
  countKey,
  itemFieldKey,
  locationFieldKey,
  newRegister,
  observe,
  packField,
  type MutableRegister,
} from './registers';
import type { CountRecord, ItemState, KitchenState, LocationState, Lot } from './state';

type MutableItem = { -readonly [K in keyof ItemState]: ItemState[K] };
type MutableLocation = { -readonly [K in keyof LocationState]: LocationState[K] };
/** Sets (or, with null, removes) one pack of an item; the packs object is never shared. */
function setPack(item: MutableItem, pack: string, factor: number | null): void {
  const packs = { ...item.packs };
  if (factor === null) delete packs[pack];
  else packs[pack] = factor;
  if (Object.keys(packs).length) item.packs = packs;
  else delete item.packs;
}

const copyOf = <T extends object>(map: Map<string, T>) =>
  new Map([...map].map(([id, value]) => [id, { ...value }]));

export class Folder implements KitchenState {
  items = new Map<string, MutableItem>();
  locations = new Map<string, MutableLocation>();
  stock = new Map<string, Map<string, MutableCell>>();
  counts = new Map<string, CountRecord>();
  registers = new Map<string, MutableRegister>();
  /** Field changes to items and locations not added yet (they sort before the add). */
  orphanItemChanges = new Map<string, Partial<ItemFields>>();
  orphanLocationChanges = new Map<string, Partial<LocationFields>>();
  /** Packs set for items not added yet, by item; null marks a pack removed. */
  orphanPacks = new Map<string, Record<string, number | null>>();
  /** Last cost received per item, for stock that turns up without one. */
  lastCost = new Map<string, LotCost>();
  /**
   * The receipt that counts for each line of a transfer (`transferLine`): the first in effect
   * in log order. A second receipt of one line adds nothing (`transfers.ts` shows it).
   */
  receipts = new Map<string, string>();
  /** Number of events of `log` applied so far. */
  applied = 0;

  constructor(
    public log: readonly LarderEvent[],
    public undone: ReadonlySet<string>,
    /**
     * Whether it keeps the conflict registers and each count's record, as the tablet's
     * screens show them. The server's read rows need neither: without them a state holds
     * its items, places and lots, and does not grow with the kitchen's edits and counts.
     */
    public readonly history = true,
  ) {}

  /** Roughly how much a clone costs. */
  get size(): number {
    let cells = 0;
    for (const byLocation of this.stock.values()) cells += byLocation.size;
    return this.items.size + this.locations.size + cells + this.registers.size;
  }

  clone(): Folder {
    const copy = new Folder(this.log, this.undone, this.history);
    copy.items = copyOf(this.items);
    copy.locations = copyOf(this.locations);
    for (const [itemId, cells] of this.stock) {
      copy.stock.set(itemId, new Map([...cells].map(([at, cell]) => [at, cloneCell(cell)])));
    }
    copy.counts = new Map(this.counts);
    for (const [key, register] of this.registers) copy.registers.set(key, cloneRegister(register));
    copy.orphanItemChanges = copyOf(this.orphanItemChanges);
    copy.orphanLocationChanges = copyOf(this.orphanLocationChanges);
    copy.orphanPacks = copyOf(this.orphanPacks);
    copy.lastCost = new Map(this.lastCost);
    copy.receipts = new Map(this.receipts);
    copy.applied = this.applied;
    return copy;
  }

  cell(itemId: string, locationId: string): MutableCell {
    let cells = this.stock.get(itemId);
    if (!cells) this.stock.set(itemId, (cells = new Map<string, MutableCell>()));
    let cell = cells.get(locationId);
    if (!cell) cells.set(locationId, (cell = newCell(itemId, locationId)));
    return cell;
  }

  #observe(key: string, make: () => MutableRegister, event: LarderEvent, prev: string[]): void {
    if (!this.history) return;
    let register = this.registers.get(key);
    if (!register) this.registers.set(key, (register = make()));
    observe(register, event, prev);
  }

  /** Stock with no lot of origin: no best-before, at the item's last known cost. */
  #unlotted(sourceId: string, itemId: string, qty: Milli, rank: number): Lot {
    return newLot(sourceId, qty, rank, this.lastCost.get(itemId));
  }

  apply(event: LarderEvent, rank: number, inEffect: boolean): void {
    this.applied++;
    switch (event.type) {
      case 'item.added': {
        if (!inEffect) return;
        const { itemId } = event.data;
        const orphan = this.orphanItemChanges.get(itemId);
        // Changes that sorted before the add count once, under what the add sets.
        this.orphanItemChanges.delete(itemId);
        const item: MutableItem = {
          ...this.items.get(itemId),
          ...orphan,
          ...event.data,
          archived: false,
        };
        const packs = this.orphanPacks.get(itemId);
        this.orphanPacks.delete(itemId);
        if (packs) for (const [pack, factor] of Object.entries(packs)) setPack(item, pack, factor);
        this.items.set(itemId, item);
        return;
      }
      case 'item.changed': {
        const { itemId, changes, prev } = event.data;
        for (const field in changes) {
          const make = () => newRegister('item.field', { itemId, field });
          this.#observe(itemFieldKey(itemId, field), make, event, prev);
        }
        if (!inEffect) return;
        const item = this.items.get(itemId);
        if (item) Object.assign(item, changes);
        else
          this.orphanItemChanges.set(itemId, { ...this.orphanItemChanges.get(itemId), ...changes });
        return;
      }
      case 'item.pack-changed': {
        const { itemId, pack, factor, prev } = event.data;
        const field = packField(pack);
        const make = () => newRegister('item.field', { itemId, field });
        this.#observe(itemFieldKey(itemId, field), make, event, prev);
        if (!inEffect) return;
        const item = this.items.get(itemId);
        if (item) setPack(item, pack, factor);
        else this.orphanPacks.set(itemId, { ...this.orphanPacks.get(itemId), [pack]: factor });
        return;
      }
      case 'item.archived':
      case 'item.restored': {
        const item = this.items.get(event.data.itemId);
        if (inEffect && item) item.archived = event.type === 'item.archived';
        return;
      }
      case 'location.added': {
        if (!inEffect) return;
        const { locationId } = event.data;
        const orphan = this.orphanLocationChanges.get(locationId);
        this.orphanLocationChanges.delete(locationId);
        const known = this.locations.get(locationId);
        this.locations.set(locationId, { ...known, ...orphan, ...event.data, archived: false });
        return;
      }
      case 'location.changed': {
        const { locationId, changes, prev } = event.data;
        for (const field in changes) {
          const make = () => newRegister('location.field', { locationId, field });
          this.#observe(locationFieldKey(locationId, field), make, event, prev);
        }
        if (!inEffect) return;
        const location = this.locations.get(locationId);
        if (location) Object.assign(location, changes);
        else {
          const orphan = { ...this.orphanLocationChanges.get(locationId), ...changes };
          this.orphanLocationChanges.set(locationId, orphan);
        }
        return;
      }
      case 'location.archived':
      case 'location.restored': {
        const location = this.locations.get(event.data.locationId);
        if (inEffect && location) location.archived = event.type === 'location.archived';
        return;
      }
      case 'stock.received': {
        if (!inEffect) return;
        const d = event.data;
        const cost = costOf(d);
        if (cost !== undefined) this.lastCost.set(d.itemId, cost);
        const lot = newLot(
          event.id,
          toMilli(d.qty),
          rank,
          cost,
          d.bestBefore,
          d.lot,
          d.supplier,
          d.source,
        );
        addStock(this.cell(d.itemId, d.locationId), lot);
        return;
      }
      case 'stock.used':
      case 'stock.wasted':
      case 'stock.sent': {
        if (inEffect)
          drawStock(this.cell(event.data.itemId, event.data.locationId), toMilli(event.data.qty));
        return;
      }
      case 'stock.moved': {
        if (!inEffect) return;
        const d = event.data;
        const taken: Lot[] = [];
        const uncovered = drawStock(this.cell(d.itemId, d.from), toMilli(d.qty), taken);
        const to = this.cell(d.itemId, d.to);
        for (const piece of taken) addStock(to, piece);
        if (uncovered > 0) addStock(to, this.#unlotted(event.id, d.itemId, uncovered, rank));
        return;
      }
      case 'stock.counted': {
        const d = event.data;
        const make = () =>
          newRegister('stock.count', { itemId: d.itemId, locationId: d.locationId });
        this.#observe(countKey(d.itemId, d.locationId), make, event, d.prev);
        if (!inEffect) return;
        const cell = this.cell(d.itemId, d.locationId);
        const counted = toMilli(d.qty);
        const before = cell.qty;
        const valueBefore = lotsValueMicro(cell.lots);
        const previous = cell.lastCountId;
        setCount(cell, counted, this.#unlotted(event.id, d.itemId, 0, rank));
        cell.lastCountId = event.id;
        if (!this.history) return;
        this.counts.set(event.id, {
          eventId: event.id,
          itemId: d.itemId,
          locationId: d.locationId,
          counted,
          before,
          variance: counted - before,
          valueChange: lotsValueMicro(cell.lots) - valueBefore,
          ...(previous !== undefined && { previousCountId: previous }),
        });
        return;
      }
      case 'transfer.received': {
        if (!inEffect) return;
        const d = event.data;
        const line = transferLine(d.transferId, d.sentItemId);
        if (this.receipts.has(line)) return;
        this.receipts.set(line, event.id);
        const cell = this.cell(d.itemId, d.locationId);
        for (const piece of lotsReceived(d.lots, d.qty)) {
          const cost = transferLotCost(piece);
          if (cost !== undefined) this.lastCost.set(d.itemId, cost);
          const { bestBefore, lot, source } = piece;
          addStock(
            cell,
            newLot(event.id, toMilli(piece.qty), rank, cost, bestBefore, lot, undefined, source),
          );
        }
        return;
      }
      case 'transfer.refused':
        // Changes no stock here: the sender settles it (undoing its `stock.sent`).
        return;
      case 'count.finished':
        // A count session's end changes no stock: `count-sessions.ts` reads it from the log.
        return;
      case 'event.undone':
      case 'event.redone':
        // Their effect is the `undone` set (`undo.ts`), worked out over the whole log.
        return;
      default: {
        // A type this build does not know (from a newer tablet) is kept, and ignored here.
        const _exhaustive: never = event;
        return _exhaustive;
      }
    }
  }
}
