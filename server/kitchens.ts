/**
 * Kitchen and device management, shared by the HTTP routes and the CLI so that both follow
 * the same rules: how kitchen ids are made, how codes and tokens are issued and hashed.
 */
import { hashJoinCode, newJoinCode, newToken, sameHash, sha256 } from './auth';
import type { Device, Kitchen, Store } from './storage/store';

export { KITCHEN_ID_PATTERN } from '../src/lib/domain/schemas';

export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
}

export interface CreatedKitchen {
  kitchenId: string;
  name: string;
  /** Shown once: only its hash is stored. */
  joinCode: string;
}

/**
 * Creates a kitchen whose id is made from its name ("Lincoln Elementary" gives
 * `lincoln-elementary`, then `lincoln-elementary-2`...), or the id asked for.
 */
export async function createKitchen(
  store: Store,
  name: string,
  now: Date,
  requestedId?: string,
): Promise<CreatedKitchen | { taken: string }> {
  const joinCode = newJoinCode();
  const base = slugify(name) || 'kitchen';
  const candidates = requestedId
    ? [requestedId]
    : Array.from({ length: 50 }, (_, i) => (i === 0 ? base : `${base}-${i + 1}`));
  for (const id of candidates) {
    const kitchen: Kitchen = {
      id,
      name,
      joinCodeHash: hashJoinCode(joinCode),
      createdAt: now.toISOString(),
    };
    if (await store.createKitchen(kitchen)) return { kitchenId: id, name, joinCode };
  }
  return { taken: requestedId ?? base };
}

/** A new join code for the kitchen; the old one stops working. Undefined if no kitchen. */
export async function rotateJoinCode(store: Store, kitchenId: string): Promise<string | undefined> {
  const joinCode = newJoinCode();
  return (await store.setJoinCodeHash(kitchenId, hashJoinCode(joinCode))) ? joinCode : undefined;
}

export function joinCodeMatches(kitchen: Kitchen, typed: string): boolean {
  return sameHash(kitchen.joinCodeHash, hashJoinCode(typed));
}

/** Pairs (or re-pairs) a device and returns its new token; any older token stops working. */
export async function pairDevice(
  store: Store,
  device: { kitchenId: string; deviceId: string; name: string; publicKey?: string | undefined },
  now: Date,
): Promise<string> {
  const token = newToken();
  await store.putDevice({ ...device, tokenHash: sha256(token), pairedAt: now.toISOString() });
  return token;
}

export type TokenCheck =
  { ok: true; device: Device } | { ok: false; status: 401 | 403; reason: string };

/**
 * Who a device token belongs to, and whether it may act on `kitchenId` (any live device
 * when `kitchenId` is undefined: the district's list of kitchens).
 */
export async function checkDeviceToken(
  store: Store,
  token: string | undefined,
  kitchenId: string | undefined,
): Promise<TokenCheck> {
  if (!token) return { ok: false, status: 401, reason: 'A device token is required' };
  const hash = sha256(token);
  const device = await store.findDeviceByTokenHash(hash);
  if (!device || !sameHash(device.tokenHash, hash)) {
    return { ok: false, status: 401, reason: 'Unknown device token' };
  }
  if (device.revokedAt !== null) {
    return { ok: false, status: 401, reason: 'This device was revoked; pair it again' };
  }
  if (kitchenId !== undefined && device.kitchenId !== kitchenId) {
    return { ok: false, status: 403, reason: 'This device belongs to another kitchen' };
  }
  return { ok: true, device };
}

const ADMIN_SETTING = 'admin_token_sha256';

/**
 * The admin token's hash: from the given token (LARDER_ADMIN_TOKEN), else the stored one,
 * else a new token is made and stored, and returned once so the caller can print it.
 */
export async function ensureAdminToken(
  store: Store,
  fromEnv: string | undefined,
): Promise<{ hash: string; generated?: string }> {
  if (fromEnv) return { hash: sha256(fromEnv) };
  const stored = await store.getSetting(ADMIN_SETTING);
  if (stored) return { hash: stored };
  const generated = newToken();
  const hash = sha256(generated);
  await store.setSetting(ADMIN_SETTING, hash);
  return { hash, generated };
}
