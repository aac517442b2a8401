/**
 * `transferEvents` for any store, given the lookups the store answers from its own indexes:
 * a kitchen's sends, the sends addressed to it, or every send of the district; the answers
 * (receipts, refusals) to some transfers; and the undos and redos of some events, each in
 * its own log. Lookups take many keys at once, so that a kitchen's transfers (or the
 * district's) cost a few queries, not one per transfer and event (the district office's
 * page on PostgreSQL, 500 kitchens: one query per kitchen and per transfer before). The walk
 * is written once (`walk`) and driven synchronously (SQLite, in one transaction) or
 * asynchronously (PostgreSQL, in one snapshot).
 */
import type { KitchenEvent } from './store';

/** An event of one kitchen's log. */
export interface EventKey {
  kitchenId: string;
  eventId: string;
}

export interface TransferLookups<R = KitchenEvent[]> {
  sendsOf(kitchenId: string): R;
  sendsTo(kitchenId: string): R;
  /** Every send of every kitchen. */
  allSends(): R;
  answersTo(transferIds: readonly string[]): R;
  undosOf(events: readonly EventKey[]): R;
}

type Lookup =
  | { kind: 'sendsOf' | 'sendsTo'; kitchenId: string }
  | { kind: 'allSends' }
  | { kind: 'answersTo'; transferIds: string[] }
  | { kind: 'undosOf'; events: EventKey[] };

/** Asks for lookups one at a time; each is answered with the events found. */
function* walk(kitchenId: string | undefined): Generator<Lookup, KitchenEvent[], KitchenEvent[]> {
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
  const sends = keep(
    kitchenId === undefined
      ? yield { kind: 'allSends' }
      : [...(yield { kind: 'sendsOf', kitchenId }), ...(yield { kind: 'sendsTo', kitchenId })],
  );
  const transferIds = [
    ...new Set(sends.map(({ event }) => (event.data as { transferId: string }).transferId)),
  ];
  let wave = [...sends];
  if (transferIds.length > 0) wave.push(...keep(yield { kind: 'answersTo', transferIds }));
  // Undos of these, then undos of those undos, until none is new.
  while (wave.length > 0) {
    const events = wave.map(({ kitchenId: owner, event }) => ({
      kitchenId: owner,
      eventId: event.id,
    }));
    wave = keep(yield { kind: 'undosOf', events });
  }
  return [...found.values()];
}

function ask<R>(lookups: TransferLookups<R>, query: Lookup): R {
  switch (query.kind) {
    case 'sendsOf':
      return lookups.sendsOf(query.kitchenId);
    case 'sendsTo':
      return lookups.sendsTo(query.kitchenId);
    case 'allSends':
      return lookups.allSends();
    case 'answersTo':
      return lookups.answersTo(query.transferIds);
    case 'undosOf':
      return lookups.undosOf(query.events);
  }
}

export function collectTransferEvents(
  lookups: TransferLookups,
  kitchenId: string | undefined,
): KitchenEvent[] {
  const steps = walk(kitchenId);
  let step = steps.next();
  while (!step.done) step = steps.next(ask(lookups, step.value));
  return step.value;
}

export async function collectTransferEventsAsync(
  lookups: TransferLookups<Promise<KitchenEvent[]>>,
  kitchenId: string | undefined,
): Promise<KitchenEvent[]> {
  const steps = walk(kitchenId);
  let step = steps.next();
  while (!step.done) step = steps.next(await ask(lookups, step.value));
  return step.value;
}
