/**
 * Conflict registers. A register is one value concurrent edits can disagree on: a field of an
 * item, a field of a location, or the count of an item at a location.
 *
 * "Did not see each other", precisely: event B has *seen* event A when A's id is in B's
 * `prev` (direct naming; `prev` is the contract, so we do not chase names transitively).
 * The *heads* of a register are its events that no other event of the register has seen.
 * A conflict is open while a register has two or more heads that are in effect (not undone):
 * each pair of heads did not see each other, or one of them would not be a head. An event
 * whose `prev` names every head resolves it: it becomes the only head.
 *
 * Undone events still count as having seen what they name (seeing is a fact about what the
 * device knew), so an undone edit can neither open nor revive a conflict; it is only left
 * out of the list of values.
 *
 * The heads are a function of the set of events, not of the order they are applied in: an
 * event leaves the heads when a later one names it, and does not join them when an earlier
 * one (with a skewed clock) already named it.
 */
import type { LarderEvent } from './events';
import type { Register, RegisterKind } from './state';

export interface MutableRegister extends Register {
  heads: LarderEvent[];
  /**
   * The ids named in the `prev` of an event of this register whose events have not been
   * applied yet (a clock skewed back, a tablet back online): when one is, it does not join
   * the heads. An id named when its event is a head is not kept, nor is one once its event
   * arrives (ids are unique: it never arrives again), so the set does not grow with the log
   * (it held every id ever named: a kitchen's state grew with its edits and counts).
   */
  named: Set<string>;
}

export function newRegister(
  kind: RegisterKind,
  ids: { itemId?: string; locationId?: string; field?: string },
): MutableRegister {
  return { kind, ...ids, heads: [], named: new Set() };
}

/** Adds an event of the register, in log order. */
export function observe(register: MutableRegister, event: LarderEvent, prev: readonly string[]) {
  if (prev.length > 0) {
    for (const id of prev) {
      if (!register.heads.some((head) => head.id === id)) register.named.add(id);
    }
    register.heads = register.heads.filter((head) => !prev.includes(head.id));
  }
  if (!register.named.delete(event.id)) register.heads.push(event);
}

export function cloneRegister(register: MutableRegister): MutableRegister {
  return { ...register, heads: [...register.heads], named: new Set(register.named) };
}

export const itemFieldKey = (itemId: string, field: string) => `item\u0000${itemId}\u0000${field}`;
export const locationFieldKey = (locationId: string, field: string) =>
  `location\u0000${locationId}\u0000${field}`;
/** The register of one pack of an item: an item field named `pack:<name>`. */
export const packField = (pack: string) => `pack:${pack}`;
/** The pack an item field's register is about, or undefined for any other field. */
export const packOfField = (field: string | undefined) =>
  field?.startsWith('pack:') ? field.slice('pack:'.length) : undefined;
export const countKey = (itemId: string, locationId: string) =>
  `count\u0000${itemId}\u0000${locationId}`;
