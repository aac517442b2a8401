/**
 * `transferEvents` for any store, given four lookups the store answers from its own
 * indexes: a kitchen's sends, the sends addressed to it, the answers (receipts, refusals)
 * to a transfer, and the undos and redos of one event in one log.
 */
import type { KitchenEvent } from './store';

export interface TransferLookups {
  sendsOf(kitchenId: string): KitchenEvent[];
  sendsTo(kitchenId: string): KitchenEvent[];
  answersTo(transferId: string): KitchenEvent[];
  undosOf(kitchenId: string, eventId: string): KitchenEvent[];
}

export function collectTransferEvents(lookups: TransferLookups, kitchenId: string): KitchenEvent[] {
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
  const sends = keep([...lookups.sendsOf(kitchenId), ...lookups.sendsTo(kitchenId)]);
  const transfers = new Set(
    sends.map(({ event }) => (event.data as { transferId: string }).transferId),
  );
  let wave = [...sends];
  for (const transferId of transfers) wave.push(...keep(lookups.answersTo(transferId)));
  // Undos of these, then undos of those undos, until none is new.
  while (wave.length > 0) {
    wave = wave.flatMap(({ kitchenId: owner, event }) => keep(lookups.undosOf(owner, event.id)));
  }
  return [...found.values()];
}
