/**
 * What the tablet screens need beyond `Larder.view`: the folded kitchen state (for the
 * domain's projections: history, conflicts, lots, par) and recording a command while
 * learning the ids of the events it made (for an Undo button).
 *
 * `Larder` keeps its projection private; until it exposes the state, this reads it through
 * the bracket escape hatch in one place only.
 */
import type { Command } from '$lib/domain/commands';
import type { LarderEvent } from '$lib/domain/events';
import { initialState } from '$lib/domain/fold';
import type { KitchenState } from '$lib/domain/state';
import type { Larder } from './larder.svelte';

const EMPTY_STATE = initialState();

/** The current state; read it inside a `$derived` that also reads `larder.view` to react. */
export function kitchenState(larder: Larder): KitchenState {
  return larder['projection'].state ?? EMPTY_STATE;
}

/** The newest event this tablet recorded, scanning back from the end of the log. */
function latestOwn(state: KitchenState, deviceId: string | undefined): LarderEvent | undefined {
  if (!deviceId) return undefined;
  const log = state.log;
  for (let i = log.length - 1; i >= 0; i--) {
    const event = log[i];
    if (event?.device === deviceId) return event;
  }
  return undefined;
}

export interface Recorded {
  /** The failure in words, when nothing was saved. */
  error?: string;
  /** The event recorded (the last one when a command makes several). */
  eventId?: string;
}

/** Records a command; resolves with the new event's id once the state shows it. */
export async function recordCommand(larder: Larder, command: Command): Promise<Recorded> {
  const deviceId = larder.identity?.deviceId;
  const before = latestOwn(kitchenState(larder), deviceId)?.id;
  const error = await larder.record(command);
  if (error) return { error };
  for (let tries = 0; tries < 40; tries++) {
    const latest = latestOwn(kitchenState(larder), larder.identity?.deviceId ?? deviceId);
    if (latest && latest.id !== before) return { eventId: latest.id };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {};
}
