/**
 * Recording from a screen: the command goes to `Larder.record`, the toast says what
 * happened in words and offers Undo, which records `event.undone` for what was just made.
 */
import type { Larder } from '$lib/client/larder.svelte';
import type { Command } from '$lib/domain/commands';
import { errorText } from '$lib/i18n/errors';
import { m } from '$lib/paraglide/messages';
import { toast } from './toast-state.svelte';

export type StockAction = 'use' | 'waste' | 'move' | 'count';

/**
 * Records commands in order; stops at the first refusal and returns it in words, in the
 * chosen language (nothing shown).
 */
export async function recordAll(
  larder: Larder,
  commands: Command[],
): Promise<{ error?: string; eventIds: string[] }> {
  const eventIds: string[] = [];
  for (const command of commands) {
    const { error, eventIds: made } = await larder.record(command);
    if (error !== undefined) return { error: errorText(error), eventIds };
    // The last event of a command is the one to undo (a command makes one, today).
    const eventId = made.at(-1);
    if (eventId) eventIds.push(eventId);
  }
  return { eventIds };
}

/** Shows "saved" with an Undo button taking back every event listed. */
export function confirmWithUndo(larder: Larder, text: string, eventIds: string[]): void {
  toast.show({
    text,
    ...(eventIds.length && {
      undo: async () => {
        const { error } = await recordAll(
          larder,
          [...eventIds].reverse().map((eventId) => ({ type: 'undo', eventId })),
        );
        return error;
      },
    }),
  });
}

/**
 * Records `commands` and says `text` with Undo; a refusal shows as a warning toast instead.
 * Returns the refusal in words, if any.
 */
export async function recordWithToast(
  larder: Larder,
  commands: Command[],
  text: string,
): Promise<string | undefined> {
  const { error, eventIds } = await recordAll(larder, commands);
  if (error) toast.show({ text: m.not_saved({ reason: error }), bad: true });
  else confirmWithUndo(larder, text, eventIds);
  return error;
}
