/**
 * Builders of valid events for the domain's tests: deterministic UUID v7 ids and clock
 * stamps under the test's control, so each test says exactly where an event sorts.
 */
import type { EventDataMap, EventOf, EventType } from '../events';
import { CURRENT_VERSION } from '../events';
import { encodeHlc } from '../hlc';

export const DEVICE_A = '0a0a0a0a-0000-4000-8000-00000000000a';
export const DEVICE_B = '0b0b0b0b-0000-4000-8000-00000000000b';
export const DEVICE_C = '0c0c0c0c-0000-4000-8000-00000000000c';

export const ITEM_FLOUR = '11111111-0000-4000-8000-000000000001';
export const ITEM_MILK = '11111111-0000-4000-8000-000000000002';
export const ITEM_PEAS = '11111111-0000-4000-8000-000000000003';
export const DRY = '22222222-0000-4000-8000-000000000001';
export const COOLER = '22222222-0000-4000-8000-000000000002';
export const FREEZER = '22222222-0000-4000-8000-000000000003';

export const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** A UUID v7 made at `ms`, unique by `serial`. */
export function uuidV7(ms: number, serial: number): string {
  const t = hex(ms, 12);
  const s = hex(serial, 15);
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${s.slice(0, 3)}-8${s.slice(3, 6)}-${s.slice(6, 15)}000`;
}

export interface At {
  /** Wall-clock ms of the stamp (default: one second after the previous event). */
  wall?: number;
  counter?: number;
  device?: string;
  actor?: string;
  id?: string;
}

/** Makes events one second apart unless told otherwise. */
export class Timeline {
  #wall = T0;
  #serial = 0;

  event<T extends EventType>(type: T, data: EventDataMap[T], at: At = {}): EventOf<T> {
    const wall = at.wall ?? (this.#wall += 1000);
    this.#wall = Math.max(this.#wall, wall);
    return {
      id: at.id ?? uuidV7(wall, ++this.#serial),
      type,
      v: CURRENT_VERSION[type],
      hlc: encodeHlc({ wall, counter: at.counter ?? 0 }),
      device: at.device ?? DEVICE_A,
      actor: at.actor ?? 'MG',
      data,
    } as EventOf<T>;
  }

  /** Flour (kg, par 10) and milk (l) in the dry store and the cooler. */
  catalog(): EventOf<'item.added' | 'location.added'>[] {
    return [
      this.event('location.added', { locationId: DRY, name: 'Dry store', kind: 'dry' }),
      this.event('location.added', { locationId: COOLER, name: 'Cooler', kind: 'cooler' }),
      this.event('item.added', { itemId: ITEM_FLOUR, name: 'Flour', unit: 'kg', par: 10 }),
      this.event('item.added', { itemId: ITEM_MILK, name: 'Milk', unit: 'l' }),
    ];
  }
}
