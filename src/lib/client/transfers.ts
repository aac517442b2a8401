/**
 * The district as this tablet last heard of it: the kitchens it can send to and the
 * transfers to and from its kitchen, both sides of each (the server's views; the other
 * kitchen's log never reaches a tablet). Kept in the database (`transfers` in meta), so they
 * show offline and in every tab; refreshed by the sync round (`sync-engine.ts` says when)
 * and by the transfers screen. Loaded when first needed, not with the app shell.
 */
import type { TransferView } from '$lib/domain/transfer-views';
import { apiUrl, getJson, kitchenPath, unexpected, type FetchLike, type ServerLink } from './api';
import { setMeta, type LarderDb } from './db';

export interface KitchenName {
  kitchenId: string;
  name: string;
}

export interface DistrictTransfers {
  kitchenId: string;
  /** When the server last answered (ms since the epoch). */
  at: number;
  kitchens: KitchenName[];
  in: TransferView[];
  out: TransferView[];
}

/** The district's kitchens (ids and names), to send a transfer to. */
export async function listKitchens(
  fetchFn: FetchLike,
  link: ServerLink,
  signal?: AbortSignal,
): Promise<KitchenName[]> {
  const answer = (await getJson(fetchFn, link, apiUrl(link.url, '/district/kitchens'), signal)) as {
    kitchens?: unknown;
  } | null;
  if (!answer || !Array.isArray(answer.kitchens)) throw unexpected();
  return (answer.kitchens as Partial<KitchenName>[]).filter(
    (k): k is KitchenName => typeof k.kitchenId === 'string' && typeof k.name === 'string',
  );
}

/**
 * How far back a tablet keeps the transfers that are over: this month's and last month's
 * month-end show theirs. Open ones, and ones with something to settle, come whatever age.
 */
export const TRANSFERS_KEPT_DAYS = 62;

/** The transfers to (`in`) or from (`out`) this tablet's kitchen, both sides of each. */
export async function listTransfers(
  fetchFn: FetchLike,
  link: ServerLink,
  direction: 'in' | 'out',
  since: number,
  signal?: AbortSignal,
): Promise<TransferView[]> {
  const url = kitchenPath(link, `/transfers?direction=${direction}&since=${since}`);
  const answer = (await getJson(fetchFn, link, url, signal)) as { transfers?: unknown } | null;
  if (!answer || !Array.isArray(answer.transfers)) throw unexpected();
  return answer.transfers as TransferView[];
}

/** Asks the server for the kitchens and both lists, and keeps them. */
export async function refreshTransfers(
  db: LarderDb,
  fetchFn: FetchLike,
  link: ServerLink,
  now: number,
  signal?: AbortSignal,
): Promise<DistrictTransfers> {
  const since = Math.max(0, Math.floor(now - TRANSFERS_KEPT_DAYS * 86_400_000));
  const [kitchens, incoming, outgoing] = await Promise.all([
    listKitchens(fetchFn, link, signal),
    listTransfers(fetchFn, link, 'in', since, signal),
    listTransfers(fetchFn, link, 'out', since, signal),
  ]);
  const fresh = { kitchenId: link.kitchenId, at: now, kitchens, in: incoming, out: outgoing };
  await setMeta(db, 'transfers', fresh);
  return fresh;
}
