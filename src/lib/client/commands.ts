/**
 * Recording a cook's command: the domain decides the events against the current state, and
 * they are stored in one transaction with the advanced clock. The page shows them at once;
 * the sync runner is told there is something to send.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Command } from '$lib/domain/commands';
import { decide } from '$lib/domain/decide';
import type { KitchenState } from '$lib/domain/state';
import type { LarderDb, OutboxEntry } from './db';
import { appendLocal } from './log';

export async function recordCommand(
  db: LarderDb,
  command: Command,
  state: KitchenState,
  now: () => number = Date.now,
): Promise<OutboxEntry[]> {
  return appendLocal(db, (ctx) => decide(command, state, { ...ctx, newId: () => uuidv7() }), now);
}
