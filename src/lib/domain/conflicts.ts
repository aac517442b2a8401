/**
 * Open conflicts: registers with two or more heads in effect (see `registers.ts` for what
 * "did not see each other" means). The state already shows the winner, the latest in log
 * order; the page shows every value with who and when, and resolving records a new event
 * whose `prev` names all of them (`decide` fills `prev` from these heads).
 */
import type { LarderEvent } from './events';
import type { KitchenState, Register, RegisterKind } from './state';

export interface ConflictValue {
  eventId: string;
  /** The disputed value: the field's new value, or the counted quantity. */
  value: unknown;
  actor: string;
  device: string;
  hlc: string;
}

export interface Conflict {
  kind: RegisterKind;
  itemId?: string;
  locationId?: string;
  field?: string;
  /** Id of the event whose value the state shows: the latest in log order. */
  winner: string;
  /** Every value in dispute, in log order. */
  values: ConflictValue[];
}

function valueOf(event: LarderEvent, field: string | undefined): unknown {
  switch (event.type) {
    case 'item.changed':
      return field === undefined
        ? undefined
        : event.data.changes[field as keyof typeof event.data.changes];
    case 'location.changed':
      return field === undefined
        ? undefined
        : event.data.changes[field as keyof typeof event.data.changes];
    case 'stock.counted':
      return event.data.qty;
    case 'item.pack-changed':
      return event.data.factor;
    default:
      return undefined;
  }
}

/** The heads of a register that are in effect, in log order. */
export function activeHeads(state: KitchenState, register: Register): LarderEvent[] {
  return register.heads.filter((head) => !state.undone.has(head.id));
}

export function conflicts(state: KitchenState): Conflict[] {
  const list: Conflict[] = [];
  for (const register of state.registers.values()) {
    const heads = activeHeads(state, register);
    const last = heads[heads.length - 1];
    if (heads.length < 2 || !last) continue;
    list.push({
      kind: register.kind,
      ...(register.itemId !== undefined && { itemId: register.itemId }),
      ...(register.locationId !== undefined && { locationId: register.locationId }),
      ...(register.field !== undefined && { field: register.field }),
      winner: last.id,
      values: heads.map((head) => ({
        eventId: head.id,
        value: valueOf(head, register.field),
        actor: head.actor,
        device: head.device,
        hlc: head.hlc,
      })),
    });
  }
  return list;
}
