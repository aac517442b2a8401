/** A tablet's Ed25519 key pair in tests, signing as `client/signing.ts` does in a browser. */
import { generateKeyPairSync, sign } from 'node:crypto';
import type { EventEnvelope } from '../../src/lib/domain/events';
import { signedForm } from '../../src/lib/domain/signed-form';

export interface TestKey {
  /** The raw public key, base64url, as a tablet registers it. */
  publicKey: string;
  sign<E extends EventEnvelope>(kitchenId: string, event: E): E;
}

export function testKey(): TestKey {
  const pair = generateKeyPairSync('ed25519');
  const jwk = pair.publicKey.export({ format: 'jwk' });
  return {
    publicKey: jwk.x!,
    sign: (kitchenId, event) => ({
      ...event,
      sig: sign(null, Buffer.from(signedForm(kitchenId, event)), pair.privateKey).toString(
        'base64url',
      ),
    }),
  };
}
