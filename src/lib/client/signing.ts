/**
 * This tablet's signatures (DESIGN 4.1): it signs its own events for the kitchen it pushes
 * them to, so that another tablet can give them back to the server after a restore, when this
 * one broke or left. The key pair is made once, the private key never leaves the browser
 * (not extractable), the public key goes to the kitchen when the tablet pairs (or, for a
 * tablet paired before, on its next sync). Loaded when needed (`SyncDeps.signing`, pairing):
 * the page loads it lazily, the service worker has it built in.
 */
import { authed, call, kitchenPath, SyncError, type FetchLike, type ServerLink } from './api';
import { getMeta, type LarderDb, type MetaValues } from './db';
import type { EventEnvelope } from '$lib/domain/events';
import { signedForm } from '$lib/domain/signed-form';

type SigningKey = MetaValues['signingKey'];

const ED25519 = { name: 'Ed25519' };

const base64url = (bytes: ArrayBuffer) =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');

/**
 * This tablet's key pair, made the first time; undefined where the browser cannot make
 * Ed25519 keys. Two contexts making one at once (the page and the service worker) keep the
 * one stored first.
 */
export async function ensureSigningKey(db: LarderDb): Promise<SigningKey | undefined> {
  const stored = await getMeta(db, 'signingKey');
  if (stored) return stored;
  let made: SigningKey;
  try {
    const pair = (await crypto.subtle.generateKey(ED25519, false, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    made = {
      privateKey: pair.privateKey,
      publicKey: base64url(await crypto.subtle.exportKey('raw', pair.publicKey)),
    };
  } catch {
    return undefined;
  }
  return db.transaction('rw', db.meta, async () => {
    const first = await getMeta(db, 'signingKey');
    if (first) return first;
    await db.meta.put({ key: 'signingKey', value: made });
    return made;
  });
}

/** Registers this tablet's public key with its kitchen (once; DESIGN 4.1). */
async function registerKey(
  fetchFn: FetchLike,
  link: ServerLink,
  deviceId: string,
  publicKey: string,
  signal?: AbortSignal,
): Promise<void> {
  await call(fetchFn, kitchenPath(link, `/devices/${encodeURIComponent(deviceId)}/key`), {
    method: 'PUT',
    headers: { ...authed(link.token), 'content-type': 'application/json' },
    body: JSON.stringify({ publicKey }),
    ...(signal ? { signal } : {}),
  });
}

/** Signs events for a kitchen: this tablet's own are signed (again), others' pass as they are. */
export type Signer = (events: EventEnvelope[]) => Promise<EventEnvelope[]>;

/**
 * What signs this round's pushes: undefined until the kitchen has this tablet's key. A tablet
 * paired before signatures registers its key here, once; a server that cannot take it (an
 * older one) or has another key for this tablet leaves its events unsigned, valid as before.
 */
export async function signerFor(
  db: LarderDb,
  fetchFn: FetchLike,
  link: ServerLink,
  signal?: AbortSignal,
): Promise<Signer | undefined> {
  const identity = await getMeta(db, 'identity');
  const key = identity && (await ensureSigningKey(db));
  if (!identity || !key) return undefined;
  if (!link.signs) {
    try {
      await registerKey(fetchFn, link, identity.deviceId, key.publicKey, signal);
    } catch (error) {
      if (error instanceof SyncError && !error.retryable) return undefined;
      throw error;
    }
    await db.transaction('rw', db.meta, async () => {
      const now = await getMeta(db, 'identity');
      if (now?.server?.token !== link.token) return; // joined elsewhere meanwhile
      await db.meta.put({
        key: 'identity',
        value: { ...now, server: { ...now.server, signs: true } },
      });
    });
  }
  const own = identity.deviceId;
  const encoder = new TextEncoder();
  return (events) =>
    Promise.all(
      events.map(async (event) => {
        if (event.device !== own) return event;
        const { sig: _old, ...unsigned } = event;
        let form: string;
        try {
          form = signedForm(link.kitchenId, unsigned);
        } catch {
          // A text no canonical form can carry: it goes unsigned, valid from this tablet.
          return unsigned;
        }
        const sig = await crypto.subtle.sign(ED25519, key.privateKey, encoder.encode(form));
        return { ...unsigned, sig: base64url(sig) };
      }),
    );
}
