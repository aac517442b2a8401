/**
 * What the tablet screens need beyond `Larder.view`: the folded kitchen state (for the
 * domain's projections: history, conflicts, lots, par) and recording a command while
 * learning the ids of the events it made (for an Undo button).
 */
import type { Command } from '$lib/domain/commands';
import type { KitchenState } from '$lib/domain/state';
import type { Larder } from './larder.svelte';

/** The current state; read it inside a `$derived` that also reads `larder.view` to react. */
export function kitchenState(larder: Larder): KitchenState {
  return larder.state;
}

export interface Recorded {
  /** The failure in words, when nothing was saved. */
  error?: string;
  /** The event recorded (the last one when a command makes several). */
  eventId?: string;
}

/** Records a command; resolves once its events are durable and shown, with the last one's id. */
export async function recordCommand(larder: Larder, command: Command): Promise<Recorded> {
  const { error, eventIds } = await larder.recordEvents(command);
  if (error !== undefined) return { error };
  const eventId = eventIds?.at(-1);
  return eventId === undefined ? {} : { eventId };
}
