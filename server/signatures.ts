/**
 * Device signatures (DESIGN 4.1): a tablet may push the events of another tablet of its
 * kitchen (one that broke or left, when the server's log went back) only when they carry
 * that tablet's signature; every event that carries one is checked, its own included.
 * Unsigned events stay valid from their own device (`checkBatch` refuses them from another).
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import * as v from 'valibot';
import type { EventEnvelope } from '../src/lib/domain/events';
import { signedForm } from '../src/lib/domain/signed-form';
import { MAX_DETAILS } from './batch';
import { ApiError, type ErrorDetail } from './errors';
import type { Device, Registry } from './storage/store';

/** A raw Ed25519 public key (32 bytes) in base64url, as tablets register it. */
export const publicKeySchema = v.pipe(
  v.string('must be text'),
  v.regex(/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/, 'must be an Ed25519 public key in base64url'),
);

/** The key object of a registered key, or undefined if it is not a usable Ed25519 key. */
function keyObject(publicKey: string): KeyObject | undefined {
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
  } catch {
    return undefined;
  }
}

/** Whether `sig` is `device`'s signature of `event` pushed to `kitchenId`. */
function signatureHolds(kitchenId: string, event: EventEnvelope, key: KeyObject): boolean {
  if (event.sig === undefined) return false;
  try {
    return verify(
      null,
      Buffer.from(signedForm(kitchenId, event)),
      key,
      Buffer.from(event.sig, 'base64url'),
    );
  } catch {
    // A text the canonical form cannot carry (a lone surrogate) was not signed by anyone.
    return false;
  }
}

/**
 * Refuses the batch (422 `bad_signature`, one detail per event, nothing stored) if any of
 * its signatures does not hold: forged, altered, signed for another kitchen, or by a device
 * with no registered key. `pusher` is the token's device; the kitchen's other devices are
 * read only when the batch carries their events.
 */
export async function checkSignatures(
  registry: Pick<Registry, 'listDevices'>,
  kitchenId: string,
  pusher: Device,
  events: readonly EventEnvelope[],
): Promise<void> {
  if (!events.some((event) => event.sig !== undefined)) return;
  const registered = new Map<string, string | null>([[pusher.deviceId, pusher.publicKey]]);
  if (events.some((event) => event.device !== pusher.deviceId)) {
    for (const device of await registry.listDevices(kitchenId)) {
      registered.set(device.deviceId, device.publicKey);
    }
  }
  const keys = new Map<string, KeyObject | undefined>();
  const details: ErrorDetail[] = [];
  events.forEach((event, index) => {
    if (event.sig === undefined) return;
    const publicKey = registered.get(event.device);
    if (!publicKey) {
      details.push({ index, path: 'sig', message: 'is by a device with no key registered here' });
      return;
    }
    if (!keys.has(publicKey)) keys.set(publicKey, keyObject(publicKey));
    const key = keys.get(publicKey);
    if (!key || !signatureHolds(kitchenId, event, key)) {
      details.push({ index, path: 'sig', message: "is not this event's signature by its device" });
    }
  });
  if (details.length) {
    throw new ApiError(
      422,
      'bad_signature',
      `${details.length} of ${events.length} events carry a signature that does not hold; nothing was stored`,
      details.slice(0, MAX_DETAILS),
    );
  }
}
