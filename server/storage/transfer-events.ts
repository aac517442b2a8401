/**
 * `transferEvents` for any store, given four lookups the store answers from its own
 * indexes: a kitchen's sends, the sends addressed to it, the answers (receipts, refusals)
 * to a transfer, and the undos and redos of one event in one log. The walk is written once
 * (`walk`) and driven synchronously (SQLite, in one transaction) or asynchronously
 * (PostgreSQL, in one snapshot).
 */
import type { KitchenEvent } from './store';

export interface TransferLookups<R = KitchenEvent[]> {
  sendsOf(kitchenId: string): R;
  sendsTo(kitchenId: string): R;
  answersTo(transferId: string): R;
  undosOf(kitchenId: string, eventId: string): R;
}

type Lookup =
  | { kind: 'sendsOf' | 'sendsTo'; kitchenId: string }
  | { kind: 'answersTo'; transferId: string }
  | { kind: 'undosOf'; kitchenId: string; eventId: string };

/** Asks for lookups one at a time; each is answered with the events found. */
function* walk(kitchenId: string): Generator<Lookup, KitchenEvent[], KitchenEvent[]> {
  const found = new Map<string, KitchenEvent>();
  const keep = (entries: KitchenEvent[]) => {
    const fresh: KitchenEvent[] = [];
    for (const entry of entries) {
      const key = `${entry.kitchenId}\u0000${entry.event.id}`;
      if (found.has(key)) continue;
      found.set(key, entry);
      fresh.push(entry);
    }
    return fresh;
  };
  const sends = keep([
    ...(yield { kind: 'sendsOf', kitchenId }),
    ...(yield { kind: 'sendsTo', kitchenId }),
  ]);
  const transfers = new Set(
    sends.map(({ event }) => (event.data as { transferId: string }).transferId),
  );
  let wave = [...sends];
  for (const transferId of transfers) wave.push(...keep(yield { kind: 'answersTo', transferId }));
  // Undos of these, then undos of those undos, until none is new.
  while (wave.length > 0) {
    const next: KitchenEvent[] = [];
    for (const { kitchenId: owner, event } of wave) {
      next.push(...keep(yield { kind: 'undosOf', kitchenId: owner, eventId: event.id }));
    }
    wave = next;
  }
  return [...found.values()];
}

function ask<R>(lookups: TransferLookups<R>, query: Lookup): R {
  switch (query.kind) {
    case 'sendsOf':
      return lookups.sendsOf(query.kitchenId);
    case 'sendsTo':
      return lookups.sendsTo(query.kitchenId);
    case 'answersTo':
      return lookups.answersTo(query.transferId);
    case 'undosOf':
      return lookups.undosOf(query.kitchenId, query.eventId);
  }
}

export function collectTransferEvents(lookups: TransferLookups, kitchenId: string): KitchenEvent[] {
  const steps = walk(kitchenId);
  let step = steps.next();
  while (!step.done) step = steps.next(ask(lookups, step.value));
  return step.value;
}

export async function collectTransferEventsAsync(
  lookups: TransferLookups<Promise<KitchenEvent[]>>,
  kitchenId: string,
): Promise<KitchenEvent[]> {
  const steps = walk(kitchenId);
  let step = steps.next();
  while (!step.done) step = steps.next(await ask(lookups, step.value));
  return step.value;
}
