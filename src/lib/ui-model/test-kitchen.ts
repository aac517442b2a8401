/** A small kitchen built through the domain's own `decide`, for the ui-model tests. */
import type { Command } from '$lib/domain/commands';
import { decide } from '$lib/domain/decide';
import type { LarderEvent } from '$lib/domain/events';
import { fold } from '$lib/domain/fold';
import { HLC_ZERO, type Hlc } from '$lib/domain/hlc';
import type { KitchenState } from '$lib/domain/state';

export interface TestKitchen {
  state: KitchenState;
  events: LarderEvent[];
  run: (command: Command, actor?: string, device?: string) => LarderEvent[];
}

export const DEVICE_A = '0190aaaa-0000-7000-8000-00000000000a';
export const DEVICE_B = '0190bbbb-0000-7000-8000-00000000000b';
/** A readable id as a UUID: `id(1)`. */
export const id = (n: number) => `0190cccc-0000-7000-8000-${String(n).padStart(12, '0')}`;

export function testKitchen(): TestKitchen {
  let n = 0;
  let clock: Hlc = HLC_ZERO;
  const k: TestKitchen = {
    state: fold([]),
    events: [],
    run(command, actor = 'JT', device = DEVICE_A) {
      const { events, clock: next } = decide(command, k.state, {
        now: 1_767_000_000_000 + ++n * 1000,
        clock,
        newId: () => `01900000-0000-7000-8000-${String(++n).padStart(12, '0')}`,
        device,
        actor,
      });
      clock = next;
      k.events.push(...events);
      k.state = fold(k.events);
      return events;
    },
  };
  return k;
}
