/**
 * The district as this tablet last heard of it: the kitchens it can send to and the
 * transfers to and from its kitchen, both sides of each (the server's views; the other
 * kitchen's log never reaches a tablet). Kept in the database, so they show offline and in
 * every tab, and refreshed by the sync round: when its own transfer events moved, when
 * asked (the transfers screen), and otherwise every few minutes, for what other kitchens
 * send.
 */
import type { EventEnvelope } from '$lib/domain/events';
import type { TransferView } from '$lib/domain/transfer-views';
import {
  listKitchens,
  listTransfers,
  type FetchLike,
  type KitchenName,
  type ServerLink,
} from './api';
import { getMeta, setMeta, type LarderDb } from './db';

export interface DistrictTransfers {
  kitchenId: string;
  /** When the server last answered (ms since the epoch). */
  at: number;
  kitchens: KitchenName[];
  in: TransferView[];
  out: TransferView[];
}

/** How often a sync round asks for what other kitchens sent, with nothing else to go on. */
export const TRANSFERS_EVERY_MS = 2 * 60_000;

const TRANSFER_TYPES = new Set(['stock.sent', 'transfer.received', 'transfer.refused']);

/** Whether any of `events` is a transfer's (or may undo one): the lists may have changed. */
export function touchesTransfers(events: readonly EventEnvelope[]): boolean {
  return events.some(
    (e) => TRANSFER_TYPES.has(e.type) || e.type === 'event.undone' || e.type === 'event.redone',
  );
}

/** The lists as last heard for the kitchen `link` joins (none for another kitchen). */
export async function cachedTransfers(
  db: LarderDb,
  kitchenId: string | undefined,
): Promise<DistrictTransfers | undefined> {
  const cached = await getMeta(db, 'transfers');
  return cached && cached.kitchenId === kitchenId ? cached : undefined;
}

/** Asks the server for the kitchens and both lists, and keeps them. */
export async function refreshTransfers(
  db: LarderDb,
  fetchFn: FetchLike,
  link: ServerLink,
  now: number,
  signal?: AbortSignal,
): Promise<DistrictTransfers> {
  const [kitchens, incoming, outgoing] = await Promise.all([
    listKitchens(fetchFn, link, signal),
    listTransfers(fetchFn, link, 'in', signal),
    listTransfers(fetchFn, link, 'out', signal),
  ]);
  const fresh = { kitchenId: link.kitchenId, at: now, kitchens, in: incoming, out: outgoing };
  await setMeta(db, 'transfers', fresh);
  return fresh;
}

/** Whether a sync round should refresh the lists. */
export async function transfersDue(
  db: LarderDb,
  kitchenId: string,
  now: number,
  moved: boolean,
): Promise<boolean> {
  if (moved) return true;
  const cached = await cachedTransfers(db, kitchenId);
  return !cached || now - cached.at >= TRANSFERS_EVERY_MS || now < cached.at;
}
