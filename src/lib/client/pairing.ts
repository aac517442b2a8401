/**
 * Joining a kitchen. A tablet works on its own from its first minute; joining later pairs
 * it with a kitchen on a server, then the next sync uploads everything recorded so far
 * (events carry no kitchen, so they go up unchanged) and downloads the kitchen's log.
 */
import { apiUrl, authed, call, SyncError, type FetchLike } from './api';
import { getMeta, PENDING, type DeviceIdentity, type LarderDb, type OutboxEntry } from './db';
import { ensureSigningKey } from './signing';

export interface JoinRequest {
  /** The server's address; the page's own origin when it is served by the Larder server. */
  server: string;
  kitchenId: string;
  joinCode: string;
  /** A name for this tablet, shown to the manager ("Walk-in tablet"). */
  name: string;
  actor?: string;
}

interface JoinAnswer {
  deviceId: string;
  token: string;
}

/** Pairs with a kitchen (only when a tablet joins: not in the app shell). */
async function join(
  fetchFn: FetchLike,
  server: string,
  kitchenId: string,
  body: { joinCode: string; name: string; deviceId: string; publicKey?: string },
  /** The tablet's current (or last) token for this kitchen: a paired tablet needs it. */
  token?: string,
): Promise<JoinAnswer> {
  const url = apiUrl(server, `/kitchens/${encodeURIComponent(kitchenId)}/devices`);
  try {
    return (await call(fetchFn, url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? authed(token) : {}) },
      body: JSON.stringify(body),
    })) as JoinAnswer;
  } catch (error) {
    if (error instanceof SyncError && error.status === 403) {
      throw new SyncError('forbidden', 'That join code is not right for this kitchen.', 403, {
        code: 'wrong_join_code',
      });
    }
    throw error;
  }
}

export async function joinKitchen(
  db: LarderDb,
  fetchFn: FetchLike,
  request: JoinRequest,
): Promise<DeviceIdentity> {
  const identity = await getMeta(db, 'identity');
  if (!identity) throw new Error('This tablet has not been set up yet.');
  const server = request.server.trim().replace(/\/+$/, '');
  const kitchenId = request.kitchenId.trim();
  if (!/^https?:\/\//.test(server)) {
    throw new SyncError(
      'forbidden',
      'The server address must start with https:// or http://',
      400,
      {
        code: 'bad_server_address',
      },
    );
  }
  if (!kitchenId) {
    throw new SyncError('forbidden', 'Enter the kitchen id.', 400, { code: 'no_kitchen_id' });
  }
  // Joining the kitchen it is in (or last left) again: with its token, as the server asks.
  const known = [identity.server, identity.left].find(
    (link) => link?.url === server && link.kitchenId === kitchenId,
  );
  // Its public key goes with it, so its events are signed from the first push (DESIGN 4.1).
  const key = await ensureSigningKey(db);
  const answer = await join(
    fetchFn,
    server,
    kitchenId,
    {
      joinCode: request.joinCode.trim(),
      name: request.name.trim() || identity.name,
      deviceId: identity.deviceId,
      ...(key && { publicKey: key.publicKey }),
    },
    known?.token,
  );
  return db.transaction('rw', db.meta, db.outbox, db.chunks, async () => {
    const current = (await getMeta(db, 'identity')) ?? identity;
    const previous = current.server;
    const next: DeviceIdentity = {
      ...current,
      name: request.name.trim() || current.name,
      ...(request.actor?.trim() ? { actor: request.actor.trim() } : {}),
      server: { url: server, kitchenId, token: answer.token, ...(key && { signs: true }) },
    };
    await db.meta.put({ key: 'identity', value: next });
    if (previous && (previous.kitchenId !== kitchenId || previous.url !== server)) {
      // Another kitchen's log: read it from the start, and offer it everything recorded
      // here again (what the old kitchen confirmed sits in chunks now).
      await db.meta.put({ key: 'cursor', value: 0 });
      let lseq = (await getMeta(db, 'lseq')) ?? 0;
      const mine: OutboxEntry[] = [];
      await db.chunks.each((chunk) => {
        for (const event of chunk.events) {
          if (event.device !== current.deviceId) continue;
          const { seq: _seq, ...envelope } = event;
          mine.push({ id: event.id, lseq: ++lseq, state: PENDING, event: envelope });
        }
      });
      await db.outbox.bulkPut(mine);
      await db.meta.put({ key: 'lseq', value: lseq });
    }
    await db.meta.delete('syncError');
    return next;
  });
}

/** Leaves the kitchen: the tablet keeps its log and works on its own again. */
export async function leaveKitchen(db: LarderDb): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const identity = await getMeta(db, 'identity');
    if (!identity) return;
    const { server, ...alone } = identity;
    // Its token is kept: the server pairs a known tablet again only with it.
    await db.meta.put({ key: 'identity', value: { ...alone, ...(server && { left: server }) } });
  });
}

/** Changes the tablet's name or the person recording on it. */
export async function updateIdentity(
  db: LarderDb,
  patch: Partial<Pick<DeviceIdentity, 'name' | 'actor'>>,
): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const identity = await getMeta(db, 'identity');
    if (!identity) return;
    await db.meta.put({ key: 'identity', value: { ...identity, ...patch } });
  });
}
