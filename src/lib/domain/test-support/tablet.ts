/** A tablet in domain tests: a log, a clock and an id maker, recording through `decide`. */
import type { Command } from '../commands';
import { decide, type DecideContext } from '../decide';
import { DomainError } from '../domain-error';
import type { LarderEvent } from '../events';
import { HLC_ZERO, type Hlc } from '../hlc';
import { KitchenLog } from '../kitchen-log';
import type { KitchenState } from '../state';
import { DEVICE_A, T0, uuidV7 } from './events';

export class Tablet {
  readonly log = new KitchenLog();
  clock: Hlc = HLC_ZERO;
  now = T0;
  #serial = 0;

  constructor(
    readonly device = DEVICE_A,
    readonly actor = 'MG',
  ) {}

  context(): DecideContext {
    return {
      now: this.now,
      clock: this.clock,
      newId: () => uuidV7(this.now, ++this.#serial + (this.device === DEVICE_A ? 0 : 1e6)),
      device: this.device,
      actor: this.actor,
    };
  }

  run(command: Command): LarderEvent[] {
    this.now += 1000;
    const { events, clock } = decide(command, this.log.state, this.context());
    this.clock = clock;
    this.log.addAll(events);
    return events;
  }

  /** The id the last `run` gave a new item or location. */
  added(command: Command): string {
    const [event] = this.run(command);
    if (event?.type === 'item.added') return event.data.itemId;
    if (event?.type === 'location.added') return event.data.locationId;
    throw new Error('not an add');
  }

  get state(): KitchenState {
    return this.log.state;
  }
}

/** The refusal a command meets; fails the test when it is recorded instead. */
export function refused(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
