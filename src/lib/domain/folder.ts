/**
 * The folder: the kitchen state as mutable Maps, and the one function that applies an event
 * to it. Mutable because it is the hot path (a full fold of a million events must take well
 * under a second); the rest of the code sees it through the read-only `KitchenState`.
 *
 * Events are applied in log order. Undone events are skipped (their status comes from
 * `undo.ts`, computed over the whole set before folding), except that their `prev` still
 * counts for conflict registers.
 */
import type { ItemFields, LarderEvent, LocationFields } from './events';
import {
  addStock,
  cloneCell,
  drawStock,
  newCell,
  newLot,
  setCount,
  type MutableCell,
  type MutableLot,
} from './lots';
import { toMilli, type Milli } from './quantity';
import {
  cloneRegister,
  countKey,
  itemFieldKey,
  locationFieldKey,
  newRegister,
  observe,
  type MutableRegister,
} from './registers';
import { keepShape } from './shapes';
import type { CountRecord, ItemState, KitchenState, LocationState } from './state';

type MutableItem = { -readonly [K in keyof ItemState]: ItemState[K] };
type MutableLocation = { -readonly [K in keyof LocationState]: LocationState[K] };

interface ItemSlot {
  cells: Map<string, MutableCell>;
  /** The cell last used: a cache, so a clone starts without one. */
  recent: MutableCell | undefined;
  /** Last unit cost received, for stock that turns up without one. */
  lastUnitCost: Milli | undefined;
}

export class Folder implements KitchenState {
  items = new Map<string, MutableItem>();
  locations = new Map<string, MutableLocation>();
  stock = new Map<string, Map<string, MutableCell>>();
  counts = new Map<string, CountRecord>();
  registers = new Map<string, MutableRegister>();
  /** Field changes to items and locations not added yet (they sort before the add). */
  orphanItemChanges = new Map<string, Partial<ItemFields>>();
  orphanLocationChanges = new Map<string, Partial<LocationFields>>();
  /**
   * Per item: its cells, the one it last used and its last unit cost. Most stock events of
   * an item are at one location, so one lookup here answers them, with no Map write.
   */
  #slots = new Map<string, ItemSlot>();
  /** Number of events of `log` applied so far. */
  applied = 0;

  constructor(
    public log: readonly LarderEvent[],
    public undone: ReadonlySet<string>,
  ) {}

  /** Roughly how much a clone costs: snapshot spacing grows with it. */
  get size(): number {
    let cells = 0;
    for (const byLocation of this.stock.values()) cells += byLocation.size;
    return this.items.size + this.locations.size + cells + this.registers.size;
  }

  clone(): Folder {
    const copy = new Folder(this.log, this.undone);
    for (const [id, item] of this.items) copy.items.set(id, { ...item });
    for (const [id, location] of this.locations) copy.locations.set(id, { ...location });
    for (const [itemId, slot] of this.#slots) {
      const cells = new Map<string, MutableCell>();
      for (const [locationId, cell] of slot.cells) cells.set(locationId, cloneCell(cell));
      copy.stock.set(itemId, cells);
      copy.#slots.set(itemId, { cells, recent: undefined, lastUnitCost: slot.lastUnitCost });
    }
    copy.counts = new Map(this.counts);
    for (const [key, register] of this.registers) copy.registers.set(key, cloneRegister(register));
    for (const [id, changes] of this.orphanItemChanges)
      copy.orphanItemChanges.set(id, { ...changes });
    for (const [id, changes] of this.orphanLocationChanges)
      copy.orphanLocationChanges.set(id, { ...changes });
    copy.applied = this.applied;
    return copy;
  }

  #slot(itemId: string): ItemSlot {
    let slot = this.#slots.get(itemId);
    if (slot === undefined) {
      slot = { cells: new Map(), recent: undefined, lastUnitCost: undefined };
      this.#slots.set(itemId, slot);
      this.stock.set(itemId, slot.cells);
    }
    return slot;
  }

  cell(itemId: string, locationId: string): MutableCell {
    return this.#cellIn(this.#slot(itemId), itemId, locationId);
  }

  #cellIn(slot: ItemSlot, itemId: string, locationId: string): MutableCell {
    const recent = slot.recent;
    if (recent !== undefined && recent.locationId === locationId) return recent;
    let cell = slot.cells.get(locationId);
    if (cell === undefined) {
      cell = newCell(itemId, locationId);
      slot.cells.set(locationId, cell);
    }
    slot.recent = cell;
    return cell;
  }

  #register(key: string, make: () => MutableRegister): MutableRegister {
    let register = this.registers.get(key);
    if (!register) {
      register = make();
      this.registers.set(key, register);
    }
    return register;
  }

  /**
   * Applies the next event of the log; `rank` is its position in the log, `inEffect` false
   * when it is undone (the caller knows, from `undone`, more cheaply than a lookup here).
   */
  apply(event: LarderEvent, rank: number, inEffect: boolean): void {
    this.applied++;
    // The most frequent types first: a switch on strings compares them case by case.
    switch (event.type) {
      case 'stock.used':
      case 'stock.wasted': {
        if (!inEffect) return;
        const d = event.data;
        drawStock(this.cell(d.itemId, d.locationId), toMilli(d.qty));
        return;
      }
      case 'stock.received': {
        if (!inEffect) return;
        const d = event.data;
        const slot = this.#slot(d.itemId);
        const unitCost = d.unitCost === undefined ? undefined : toMilli(d.unitCost);
        if (unitCost !== undefined) slot.lastUnitCost = unitCost;
        const lot = newLot(
          event.id,
          toMilli(d.qty),
          rank,
          unitCost,
          d.bestBefore,
          d.lot,
          d.supplier,
        );
        addStock(this.#cellIn(slot, d.itemId, d.locationId), lot);
        return;
      }
      case 'stock.moved': {
        if (!inEffect) return;
        const d = event.data;
        const qty = toMilli(d.qty);
        const pieces: MutableLot[] = [];
        const uncovered = drawStock(this.cell(d.itemId, d.from), qty, pieces);
        const to = this.cell(d.itemId, d.to);
        for (const piece of pieces) addStock(to, piece);
        if (uncovered > 0) addStock(to, this.#unlotted(event.id, d.itemId, uncovered, rank));
        return;
      }
      default:
        // Catalog edits, counts and undos: few, so apart, which keeps the code above small
        // and free of their object shapes (see `shapes.ts`).
        this.#applyOther(event, rank, inEffect);
        return;
    }
  }

  #applyOther(event: LarderEvent, rank: number, inEffect: boolean): void {
    switch (event.type) {
      case 'stock.used':
      case 'stock.wasted':
      case 'stock.received':
      case 'stock.moved':
        return; // `apply`'s; listed so that the switch stays exhaustive
      case 'stock.counted': {
        const d = event.data;
        observe(
          this.#register(countKey(d.itemId, d.locationId), () =>
            newRegister('stock.count', { itemId: d.itemId, locationId: d.locationId }),
          ),
          event,
          d.prev,
        );
        if (!inEffect) return;
        const cell = this.cell(d.itemId, d.locationId);
        const counted = toMilli(d.qty);
        const before = cell.qty;
        setCount(cell, counted, this.#unlotted(event.id, d.itemId, 0, rank));
        const record: CountRecord = {
          eventId: event.id,
          itemId: d.itemId,
          locationId: d.locationId,
          counted,
          before,
          variance: counted - before,
          ...(cell.lastCountId !== undefined && { previousCountId: cell.lastCountId }),
        };
        this.counts.set(event.id, record);
        cell.lastCountId = event.id;
        return;
      }
      case 'event.undone':
      case 'event.redone':
        // Their effect is the `undone` set, computed over the whole log before folding.
        return;
      case 'item.added': {
        if (!inEffect) return;
        const { itemId, ...fields } = event.data;
        const known = this.items.get(itemId);
        const orphan = this.orphanItemChanges.get(itemId);
        // Changes that sorted before the add count once, under what the add sets.
        this.orphanItemChanges.delete(itemId);
        this.items.set(itemId, { ...known, ...orphan, ...fields, itemId, archived: false });
        return;
      }
      case 'item.changed': {
        const { itemId, changes, prev } = event.data;
        for (const field in changes) {
          const register = this.#register(itemFieldKey(itemId, field), () =>
            newRegister('item.field', { itemId, field }),
          );
          observe(register, event, prev);
        }
        if (!inEffect) return;
        const item = this.items.get(itemId);
        if (item) Object.assign(item, changes);
        else
          this.orphanItemChanges.set(itemId, { ...this.orphanItemChanges.get(itemId), ...changes });
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
        const { locationId, ...fields } = event.data;
        const known = this.locations.get(locationId);
        const orphan = this.orphanLocationChanges.get(locationId);
        this.orphanLocationChanges.delete(locationId);
        this.locations.set(locationId, {
          ...known,
          ...orphan,
          ...fields,
          locationId,
          archived: false,
        });
        return;
      }
      case 'location.changed': {
        const { locationId, changes, prev } = event.data;
        for (const field in changes) {
          const register = this.#register(locationFieldKey(locationId, field), () =>
            newRegister('location.field', { locationId, field }),
          );
          observe(register, event, prev);
        }
        if (!inEffect) return;
        const location = this.locations.get(locationId);
        if (location) Object.assign(location, changes);
        else
          this.orphanLocationChanges.set(locationId, {
            ...this.orphanLocationChanges.get(locationId),
            ...changes,
          });
        return;
      }
      case 'location.archived':
      case 'location.restored': {
        const location = this.locations.get(event.data.locationId);
        if (inEffect && location) location.archived = event.type === 'location.archived';
        return;
      }
      default: {
        // A type this build does not know (from a newer tablet) is kept, and ignored here.
        const _exhaustive: never = event;
        return _exhaustive;
      }
    }
  }

  /** Stock with no lot of origin: no best-before, at the item's last known unit cost. */
  #unlotted(sourceId: string, itemId: string, qty: Milli, rank: number): MutableLot {
    return newLot(sourceId, qty, rank, this.#slot(itemId).lastUnitCost);
  }
}

keepShape(new Folder([], new Set()));
