/**
 * What the transfers screen and the stock screen's badge show: the server's views of this
 * kitchen's transfers, read against the tablet's own log (a receipt recorded here shows at
 * once, before the server has it).
 */
import type { KitchenState } from '$lib/domain/state';
import type { TransferView } from '$lib/domain/transfer-views';
import { answersTo } from '$lib/domain/transfers';

/** Whether this kitchen has received or refused (part of) the transfer in its own log. */
export function answeredHere(state: KitchenState, transferId: string): boolean {
  return answersTo(state, transferId).length > 0;
}

/** The transfers coming here still to receive: open at the server, not answered here. */
export function toReceive(
  incoming: readonly TransferView[] | undefined,
  state: KitchenState,
): TransferView[] {
  return (incoming ?? []).filter(
    (t) =>
      t.status === 'open' && t.lines.some((l) => !l.undone) && !answeredHere(state, t.transferId),
  );
}

/**
 * The item of this kitchen a sent item goes into: the one its last receipt here went into
 * (the mapping is remembered through the log, so every tablet of the kitchen knows it),
 * else the sent item itself (the same id when taken in before, or a new item).
 */
export function itemFor(state: KitchenState, sentItemId: string): string {
  let mapped: string | undefined;
  for (const event of state.log) {
    if (event.type !== 'transfer.received' || state.undone.has(event.id)) continue;
    if (event.data.sentItemId === sentItemId) mapped = event.data.itemId;
  }
  const item = mapped !== undefined ? state.items.get(mapped) : undefined;
  return item && !item.archived ? item.itemId : sentItemId;
}
