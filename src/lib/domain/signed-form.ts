/**
 * What a device signs for an event (DESIGN 4.1): the RFC 8785 canonical JSON of the event
 * without its `sig`, bound to the kitchen it is pushed to, so a signed event cannot be
 * replayed into another kitchen where the same tablet is paired too. The tablet signs it
 * (`client/signing.ts`), the server checks it (`server/signatures.ts`).
 */
import canonicalize from 'canonicalize';
import type { EventEnvelope } from './events';

export function signedForm(kitchenId: string, event: EventEnvelope): string {
  const { sig: _sig, ...envelope } = event;
  // An object always has a canonical form; the library's type allows for inputs that do not.
  return canonicalize({ kitchen: kitchenId, event: envelope })!;
}
