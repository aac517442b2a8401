/**
 * Upcasters lift a stored event of an older version into the current shape when it is
 * read. The stored event itself is never rewritten: its id names those exact bytes.
 */
import {
  CURRENT_VERSION,
  WASTE_REASONS,
  type EventEnvelope,
  type EventType,
  type LarderEvent,
  type WasteReason,
} from './events';
import type { StockWastedV1 } from './schemas';

type Upcaster = (event: EventEnvelope) => EventEnvelope;

function wastedV1toV2(event: EventEnvelope): EventEnvelope {
  const { reason, ...rest } = event.data as StockWastedV1;
  const known = (WASTE_REASONS as readonly string[]).includes(reason);
  return {
    ...event,
    v: 2,
    data: known
      ? { ...rest, reason: reason as WasteReason }
      : { ...rest, reason: 'other', note: reason },
  };
}

/** Upcasters by type, then by the version they read. A Map: most events look up a type it lacks. */
const upcasters = new Map<string, ReadonlyMap<number, Upcaster>>([
  ['stock.wasted', new Map([[1, wastedV1toV2]])],
]);

/** The types with an older version: few, so a loop of string comparisons beats hashing. */
const upcastTypes: readonly string[] = [...upcasters.keys()];

function hasUpcasters(type: string): boolean {
  for (let i = 0; i < upcastTypes.length; i++) if (upcastTypes[i] === type) return true;
  return false;
}

/**
 * The event in its current version. The caller must have validated it (see `validate.ts`),
 * which also guarantees a chain of upcasters exists from its version.
 */
export function upcast(event: EventEnvelope): LarderEvent {
  // Nearly every event is of a type that never changed, or already current: no Map lookup.
  if (!hasUpcasters(event.type) || event.v === CURRENT_VERSION[event.type as EventType])
    return event as LarderEvent;
  let current = event;
  for (
    let step = upcasters.get(current.type)?.get(current.v);
    step;
    step = upcasters.get(current.type)?.get(current.v)
  ) {
    current = step(current);
  }
  return current as LarderEvent;
}
