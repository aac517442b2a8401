/**
 * `decide(command, state, context)`: the events a command records, or a `DomainError` saying
 * why not. Pure: the wall clock, the last clock stamp, the id maker, the device and the actor
 * come in the context, and the advanced clock goes out with the events.
 *
 * Commands refuse impossible intent (a quantity of zero, an item not in the catalog, a move
 * to the same place). The fold never refuses anything: an event already in the log always
 * counts, whatever state it finds.
 */
import type { Command } from './commands';
import { DomainError } from './domain-error';
import {
  COUNT_DATED_BACK_DAYS,
  CURRENT_VERSION,
  type EventDataMap,
  type EventOf,
  type EventType,
  type ItemFields,
  type LarderEvent,
  type LocationFields,
} from './events';
import { encodeHlc, hlcNow, type Hlc } from './hlc';
import { checkQty, resolveAmount, resolvePackCost, unitOf, type ItemUnits } from './amounts';
import { finishedSessions, sessionCountsOf } from './count-session-log';
import { concernsItem } from './item-history';
import { countKey, itemFieldKey, locationFieldKey, packField } from './registers';
import { knownUnit, sameUnit, unitKind } from './units';
import type { ItemState, KitchenState, LocationState } from './state';
import { validateEvent } from './validate';
import { KITCHEN_ID_PATTERN } from './schemas';
import { answersTo, lotsToSend } from './transfers';
import { fitsUnit, sentInUnit } from './transfer-units';

export interface DecideContext {
  /** Wall-clock milliseconds since the epoch, read by the caller. */
  now: number;
  /** The device's last clock stamp (after `hlcReceive` of everything it has seen). */
  clock: Hlc;
  /** Makes a fresh UUID v7 (event ids, and ids of new items and locations). */
  newId: () => string;
  device: string;
  actor: string;
}

export interface Decision {
  events: LarderEvent[];
  /** The clock after stamping the events: store it as the device's last stamp. */
  clock: Hlc;
}

function checkName(value: string, field: string, what: string): string {
  const name = value.trim();
  if (name.length === 0) throw new DomainError('invalid_field', `Enter ${what}.`, field);
  return name;
}

function knownItem(state: KitchenState, itemId: string): ItemState {
  const item = state.items.get(itemId);
  if (!item) {
    throw new DomainError(
      'unknown_item',
      'That item is not in the catalog on this tablet (yet). Add it, or wait for it to sync.',
      'itemId',
    );
  }
  return item;
}

function activeItem(state: KitchenState, itemId: string): ItemState {
  const item = knownItem(state, itemId);
  if (item.archived) {
    throw new DomainError(
      'archived_item',
      `“${item.name}” is archived. Restore it first to record stock for it.`,
      'itemId',
      { name: item.name },
    );
  }
  return item;
}

function knownLocation(state: KitchenState, locationId: string, field: string): LocationState {
  const location = state.locations.get(locationId);
  if (!location) {
    throw new DomainError(
      'unknown_location',
      'That storage area is not known on this tablet (yet). Add it, or wait for it to sync.',
      field,
    );
  }
  return location;
}

function activeLocation(state: KitchenState, locationId: string, field: string): LocationState {
  const location = knownLocation(state, locationId, field);
  if (location.archived) {
    throw new DomainError(
      'archived_location',
      `“${location.name}” is archived. Restore it first to keep stock there.`,
      field,
      { name: location.name },
    );
  }
  return location;
}

function headsOf(state: KitchenState, key: string): string[] {
  return state.registers.get(key)?.heads.map((head) => head.id) ?? [];
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Whether setting `next` over `current` records anything: a new value does, and so does the
 * current one again while the register is contested (it settles the conflict).
 */
function isChange(state: KitchenState, heads: string[], current: unknown, next: unknown): boolean {
  const contested = heads.filter((id) => !state.undone.has(id)).length > 1;
  return contested || !sameValue(current, next);
}

/** Item or location changes that differ from the current values, with the heads they saw. */
function changesToRecord<F extends object>(
  state: KitchenState,
  current: F,
  changes: Partial<F>,
  keyOf: (field: string) => string,
): { changes: Partial<F>; prev: string[] } {
  const kept: Partial<F> = {};
  const prev = new Set<string>();
  for (const field of Object.keys(changes) as (keyof F & string)[]) {
    const value = changes[field];
    if (value === undefined) continue;
    const heads = headsOf(state, keyOf(field));
    if (!isChange(state, heads, current[field], value)) continue;
    kept[field] = value;
    for (const id of heads) prev.add(id);
  }
  if (Object.keys(kept).length === 0) {
    throw new DomainError('nothing_changed', 'Nothing was changed.', 'changes');
  }
  return { changes: kept, prev: [...prev] };
}

/** Two items in use with one name would be told apart by nobody: the name must be free. */
function checkFreeName(state: KitchenState, name: string, itemId: string): void {
  const key = name.trim().toLocaleLowerCase();
  for (const item of state.items.values()) {
    if (item.itemId !== itemId && !item.archived && item.name.trim().toLocaleLowerCase() === key) {
      throw new DomainError('already_exists', `“${item.name}” is already in the catalog.`, 'name', {
        name: item.name,
      });
    }
  }
}

function itemFields(command: ItemFields): ItemFields {
  const fields: ItemFields = {
    name: checkName(command.name, 'name', 'a name for the item'),
    unit: checkName(command.unit, 'unit', 'a unit (kg, case, each...)'),
  };
  if (command.category !== undefined) fields.category = command.category.trim();
  if (command.par !== undefined) fields.par = checkQty(command.par, 'par', true);
  if (command.barcode !== undefined) fields.barcode = command.barcode.trim();
  if (command.allergens !== undefined) fields.allergens = command.allergens.map((a) => a.trim());
  if (command.supplier !== undefined) fields.supplier = command.supplier.trim();
  // A new item has no packs yet: it is ordered in its unit, or (empty) as its packs come.
  if (command.orderUnit !== undefined) fields.orderUnit = checkOrderUnit(fields, command.orderUnit);
  return fields;
}

/** The unit an item is ordered in: its own or one of its packs, as the item names it. */
function checkOrderUnit(item: ItemUnits, name: string): string {
  if (!name.trim()) return '';
  const unit = unitOf(item, name, 'orderUnit');
  if (unit.as === 'converted') {
    throw new DomainError(
      'unknown_unit',
      `Order “${item.name}” in ${item.unit} or one of its packs.`,
      'orderUnit',
      { name: item.name, from: unit.unit, to: item.unit },
    );
  }
  return unit.unit;
}

function checkItemChanges(item: ItemState, changes: Partial<ItemFields>): Partial<ItemFields> {
  const checked: Partial<ItemFields> = { ...changes };
  if (changes.name !== undefined) checked.name = checkName(changes.name, 'name', 'a name');
  if (changes.unit !== undefined) checked.unit = checkName(changes.unit, 'unit', 'a unit');
  if (changes.par !== undefined) checked.par = checkQty(changes.par, 'par', true);
  if (changes.supplier !== undefined) checked.supplier = changes.supplier.trim();
  if (changes.orderUnit !== undefined) checked.orderUnit = checkOrderUnit(item, changes.orderUnit);
  return checked;
}

function checkLocationChanges(changes: Partial<LocationFields>): Partial<LocationFields> {
  const checked: Partial<LocationFields> = { ...changes };
  if (changes.name !== undefined) checked.name = checkName(changes.name, 'name', 'a name');
  if (changes.shelfOrder !== undefined) checked.shelfOrder = [...new Set(changes.shelfOrder)];
  return checked;
}

const DAY_MS = 86_400_000;

/** An event to record; `at` stamps it at that past moment instead of now (a dated count). */
type Draft = { [T in EventType]: { type: T; data: EventDataMap[T]; at?: number } }[EventType];

/** The moment a count entered now stands for: `asOf`, checked, when it is in the past. */
function countMoment(asOf: number | undefined, now: number): number | undefined {
  if (asOf === undefined) return undefined;
  if (!Number.isSafeInteger(asOf) || asOf > now || now - asOf > COUNT_DATED_BACK_DAYS * DAY_MS) {
    throw new DomainError(
      'bad_count_date',
      `A count can be dated from today to ${COUNT_DATED_BACK_DAYS} days back.`,
      'asOf',
    );
  }
  return asOf;
}

/** The payloads a command records, checked against the state. */
function draftsFor(
  command: Command,
  state: KitchenState,
  { newId, now }: Pick<DecideContext, 'newId' | 'now'>,
): Draft[] {
  switch (command.type) {
    case 'addItem': {
      const itemId = command.itemId ?? newId();
      if (state.items.has(itemId)) {
        throw new DomainError('already_exists', 'That item is already in the catalog.', 'itemId');
      }
      const fields = itemFields(command);
      checkFreeName(state, fields.name, itemId);
      return [{ type: 'item.added', data: { itemId, ...fields } }];
    }
    case 'changeItem': {
      const item = knownItem(state, command.itemId);
      if (command.changes.name !== undefined) {
        checkFreeName(state, command.changes.name, item.itemId);
      }
      const { changes, prev } = changesToRecord<ItemFields>(
        state,
        item as unknown as ItemFields,
        checkItemChanges(item, command.changes),
        (field) => itemFieldKey(command.itemId, field),
      );
      return [{ type: 'item.changed', data: { itemId: command.itemId, changes, prev } }];
    }
    case 'setPack': {
      const item = knownItem(state, command.itemId);
      const pack = checkName(command.pack, 'pack', 'a name for the pack (case, sleeve...)');
      // "lb" of an item kept in lb, or "kg" of one kept in lb, is a unit already: a pack of
      // that name could never be entered.
      const known = knownUnit(pack);
      const same = known !== undefined && unitKind(known) === unitKind(item.unit);
      if (same || pack.toLocaleLowerCase() === item.unit.trim().toLocaleLowerCase()) {
        throw new DomainError(
          'pack_is_unit',
          `A pack cannot be named “${pack}”: that name is a unit already.`,
          'pack',
          { name: pack },
        );
      }
      const { factor } = command;
      if (factor !== null) {
        checkQty(factor, 'factor', false);
        // Cans, each, bags: a pack holds whole ones. Weights and volumes may be fractional.
        if (unitKind(item.unit) === undefined && !Number.isInteger(factor)) {
          throw new DomainError(
            'invalid_quantity',
            `A pack holds a whole number of ${item.unit}.`,
            'factor',
            { rule: 'whole' },
          );
        }
      }
      const prev = headsOf(state, itemFieldKey(item.itemId, packField(pack)));
      if (!isChange(state, prev, item.packs?.[pack] ?? null, factor)) {
        throw new DomainError('nothing_changed', 'Nothing was changed.', 'factor');
      }
      return [{ type: 'item.pack-changed', data: { itemId: item.itemId, pack, factor, prev } }];
    }
    case 'archiveItem': {
      const item = knownItem(state, command.itemId);
      if (item.archived) {
        throw new DomainError('already_archived', `“${item.name}” is already archived.`, 'itemId', {
          name: item.name,
        });
      }
      return [{ type: 'item.archived', data: { itemId: command.itemId } }];
    }
    case 'restoreItem': {
      const item = knownItem(state, command.itemId);
      if (!item.archived) {
        throw new DomainError('not_archived', `“${item.name}” is not archived.`, 'itemId', {
          name: item.name,
        });
      }
      return [{ type: 'item.restored', data: { itemId: command.itemId } }];
    }
    case 'addLocation': {
      const locationId = command.locationId ?? newId();
      if (state.locations.has(locationId)) {
        throw new DomainError('already_exists', 'That storage area already exists.', 'locationId');
      }
      const name = checkName(command.name, 'name', 'a name for the storage area');
      return [{ type: 'location.added', data: { locationId, name, kind: command.kind } }];
    }
    case 'changeLocation': {
      const location = knownLocation(state, command.locationId, 'locationId');
      const { changes, prev } = changesToRecord<LocationFields>(
        state,
        location,
        checkLocationChanges(command.changes),
        (field) => locationFieldKey(command.locationId, field),
      );
      return [
        { type: 'location.changed', data: { locationId: command.locationId, changes, prev } },
      ];
    }
    case 'archiveLocation': {
      const location = knownLocation(state, command.locationId, 'locationId');
      if (location.archived) {
        throw new DomainError(
          'already_archived',
          `“${location.name}” is already archived.`,
          'locationId',
          { name: location.name },
        );
      }
      return [{ type: 'location.archived', data: { locationId: command.locationId } }];
    }
    case 'restoreLocation': {
      const location = knownLocation(state, command.locationId, 'locationId');
      if (!location.archived) {
        throw new DomainError('not_archived', `“${location.name}” is not archived.`, 'locationId', {
          name: location.name,
        });
      }
      return [{ type: 'location.restored', data: { locationId: command.locationId } }];
    }
    case 'receiveStock': {
      const { type: _type, qty: amount, packCost, ...rest } = command;
      const item = activeItem(state, rest.itemId);
      activeLocation(state, rest.locationId, 'locationId');
      const data: EventDataMap['stock.received'] = {
        ...rest,
        ...resolveAmount(item, amount, 'qty', false),
      };
      if (data.unitCost !== undefined) checkQty(data.unitCost, 'unitCost', false);
      if (packCost !== undefined) {
        if (data.unitCost !== undefined) {
          throw new DomainError('invalid_field', 'Give a price per unit or per pack.', 'packCost');
        }
        Object.assign(data, resolvePackCost(item, packCost, 'packCost'));
      }
      return [{ type: 'stock.received', data }];
    }
    case 'useStock':
    case 'wasteStock': {
      const { type, qty: amount, ...rest } = command;
      const item = activeItem(state, rest.itemId);
      activeLocation(state, rest.locationId, 'locationId');
      const data = { ...rest, ...resolveAmount(item, amount, 'qty', false) };
      if (type === 'useStock') return [{ type: 'stock.used', data }];
      return [{ type: 'stock.wasted', data: data as EventDataMap['stock.wasted'] }];
    }
    case 'moveStock': {
      const { type: _type, qty: amount, ...rest } = command;
      const item = activeItem(state, rest.itemId);
      activeLocation(state, rest.from, 'from');
      activeLocation(state, rest.to, 'to');
      if (rest.from === rest.to) {
        throw new DomainError('same_location', 'Choose a different place to move it to.', 'to');
      }
      const data = { ...rest, ...resolveAmount(item, amount, 'qty', false) };
      return [{ type: 'stock.moved', data }];
    }
    case 'countStock': {
      const { itemId, locationId, session } = command;
      const item = activeItem(state, itemId);
      activeLocation(state, locationId, 'locationId');
      const { qty, entered } = resolveAmount(item, command.qty, 'qty', true);
      // A count dated back sorts at its moment, and has seen every count entered before it:
      // one the stock after its moment still shows, with no conflict between them.
      const at = countMoment(command.asOf, now);
      const prev = headsOf(state, countKey(itemId, locationId));
      const counted = {
        itemId,
        locationId,
        qty,
        ...(entered && { entered }),
        prev,
        ...(session !== undefined && { session }),
        ...(at !== undefined && { recordedAt: now }),
      };
      const count = {
        type: 'stock.counted' as const,
        data: counted,
        ...(at !== undefined && { at }),
      };
      if (session === undefined) return [count];
      // Going back in a count to correct a line: the earlier entry is undone, so the new one
      // is measured against the record, not against the mistake.
      const earlier = sessionCountsOf(state, session).get(itemId);
      return [
        ...(earlier ? [{ type: 'event.undone' as const, data: { eventId: earlier } }] : []),
        count,
      ];
    }
    case 'finishCount': {
      const { session, locationId, skipped } = command;
      knownLocation(state, locationId, 'locationId');
      if (finishedSessions(state).has(session)) {
        throw new DomainError('already_finished', 'This count is already finished.', 'session');
      }
      const data = { session, locationId, skipped: [...new Set(skipped)] };
      return [{ type: 'count.finished', data }];
    }
    case 'sendStock': {
      const { type: _type, qty: amount, toKitchen, toKitchenName, ...rest } = command;
      const item = activeItem(state, rest.itemId);
      activeLocation(state, rest.locationId, 'locationId');
      if (!KITCHEN_ID_PATTERN.test(toKitchen)) {
        throw new DomainError('unknown_kitchen', 'Choose the kitchen to send it to.', 'toKitchen');
      }
      const sentBefore = state.log.some(
        (event) =>
          event.type === 'stock.sent' &&
          event.data.transferId === rest.transferId &&
          event.data.itemId === rest.itemId &&
          !state.undone.has(event.id),
      );
      if (sentBefore) {
        throw new DomainError(
          'already_sent',
          `“${item.name}” is on this transfer already: change its line instead.`,
          'itemId',
          { name: item.name },
        );
      }
      const { qty, entered } = resolveAmount(item, amount, 'qty', false);
      const data: EventDataMap['stock.sent'] = {
        transferId: rest.transferId,
        toKitchen,
        ...(toKitchenName !== undefined && { toKitchenName }),
        itemId: item.itemId,
        locationId: rest.locationId,
        qty,
        ...(entered && { entered }),
        itemName: item.name,
        unit: item.unit,
        ...(item.packs && { packs: { ...item.packs } }),
        lots: lotsToSend(state, item.itemId, rest.locationId, qty),
      };
      return [{ type: 'stock.sent', data }];
    }
    case 'receiveTransfer': {
      const { sent, itemId, locationId } = command;
      const answers = answersTo(state, sent.transferId);
      if (answers.some((event) => event.type === 'transfer.refused')) {
        throw new DomainError('already_refused', 'This transfer was refused here.', 'transferId');
      }
      if (
        answers.some((event) => 'sentItemId' in event.data && event.data.sentItemId === sent.itemId)
      ) {
        throw new DomainError(
          'already_received',
          `“${sent.itemName}” of this transfer is received already.`,
          'transferId',
          { name: sent.itemName },
        );
      }
      activeLocation(state, locationId, 'locationId');
      const drafts: Draft[] = [];
      let item = state.items.get(itemId);
      if (!item && itemId === sent.itemId) {
        // Taken as sent: the item joins this kitchen's catalog with the sender's id and packs.
        const added = { itemId, name: sent.itemName, unit: sent.unit };
        checkFreeName(state, added.name, itemId);
        drafts.push({ type: 'item.added', data: added });
        for (const [pack, factor] of Object.entries(sent.packs ?? {})) {
          drafts.push({ type: 'item.pack-changed', data: { itemId, pack, factor, prev: [] } });
        }
        item = { ...added, ...(sent.packs && { packs: sent.packs }), archived: false };
      } else {
        item = activeItem(state, itemId);
      }
      // Kept here in the unit sent, or another of its kind (lb for kg): counted in this
      // kitchen's.
      if (!fitsUnit(sent.unit, item.unit)) {
        throw new DomainError(
          'unit_mismatch',
          `“${item.name}” is kept in ${item.unit}, and this was sent in ${sent.unit}.`,
          'itemId',
          { name: item.name, from: sent.unit, to: item.unit },
        );
      }
      const converted = !sameUnit(item.unit, sent.unit);
      const { qty, entered } = resolveAmount(item, command.qty, 'qty', true);
      // Written in this kitchen's unit: what was sent, converted (the server checks it).
      const here = sentInUnit(sent, item.unit);
      if (here.qty === 0) {
        throw new DomainError(
          'unit_mismatch',
          `${sent.qty} ${sent.unit} is too little to count in ${item.unit}.`,
          'itemId',
          { name: item.name, from: sent.unit, to: item.unit },
        );
      }
      const data: EventDataMap['transfer.received'] = {
        transferId: sent.transferId,
        fromKitchen: sent.fromKitchen,
        ...(sent.fromKitchenName !== undefined && { fromKitchenName: sent.fromKitchenName }),
        sentItemId: sent.itemId,
        itemId,
        locationId,
        qty,
        ...(converted && { unit: item.unit }),
        ...(entered && { entered }),
        sentQty: here.qty,
        ...(converted && { sentUnit: sent.unit }),
        lots: here.lots,
      };
      return [...drafts, { type: 'transfer.received', data }];
    }
    case 'refuseTransfer': {
      const { type: _type, reason, ...rest } = command;
      const answers = answersTo(state, rest.transferId);
      if (answers.some((event) => event.type === 'transfer.received')) {
        throw new DomainError(
          'already_received',
          'Part of this transfer is received already: undo that first.',
          'transferId',
        );
      }
      if (answers.length > 0) {
        throw new DomainError('already_refused', 'This transfer was refused here.', 'transferId');
      }
      const data = { ...rest, reason: checkName(reason, 'reason', 'why it is refused') };
      return [{ type: 'transfer.refused', data }];
    }
    case 'undo':
    case 'redo': {
      const target = state.log.find((event) => event.id === command.eventId);
      if (!target) {
        throw new DomainError(
          'unknown_event',
          'There is no such entry to undo or redo.',
          'eventId',
        );
      }
      const undone = state.undone.has(target.id);
      // Undoing the add of an item in use would take it, its stock and its history off
      // every screen, with no way back there: archiving does what a person means, and
      // restores. Just added (nothing recorded for it yet), an add is undone as any entry.
      if (command.type === 'undo' && target.type === 'item.added') {
        const { itemId } = target.data;
        const used = state.log.some(
          (event) => event !== target && !state.undone.has(event.id) && concernsItem(event, itemId),
        );
        if (used) {
          throw new DomainError(
            'not_undoable',
            'This item has entries of its own: archive it instead (it can be restored).',
            'eventId',
          );
        }
      }
      if (command.type === 'undo') {
        if (undone)
          throw new DomainError('already_undone', 'That entry is already undone.', 'eventId');
        return [{ type: 'event.undone', data: { eventId: target.id } }];
      }
      if (!undone) throw new DomainError('not_undone', 'That entry is not undone.', 'eventId');
      return [{ type: 'event.redone', data: { eventId: target.id } }];
    }
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}

/** The events `command` records against `state`, stamped after `context.clock`. */
export function decide(command: Command, state: KitchenState, context: DecideContext): Decision {
  const drafts = draftsFor(command, state, context);
  let clock = context.clock;
  const events: LarderEvent[] = [];
  for (const draft of drafts) {
    // A dated event is stamped at its moment; the device's clock goes on from where it was.
    if (draft.at === undefined) clock = hlcNow(clock, context.now);
    const event = {
      id: context.newId(),
      type: draft.type,
      v: CURRENT_VERSION[draft.type],
      hlc: draft.at === undefined ? clock : encodeHlc({ wall: draft.at, counter: 0 }),
      device: context.device,
      actor: context.actor,
      data: draft.data,
    };
    // The schemas are the last word on shape (lengths, dates, ids), as at every edge.
    const result = validateEvent(event);
    if (!result.ok) {
      const issue = result.issues[0];
      throw new DomainError(
        'invalid_field',
        `Please check ${issue?.path.replace(/^data\./, '') || 'the entry'}: ${issue?.message ?? 'invalid'}.`,
        issue?.path.replace(/^data\./, ''),
      );
    }
    events.push(event as EventOf<typeof draft.type>);
  }
  return { events, clock };
}
