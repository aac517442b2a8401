/**
 * Transfers between the kitchens of the district (DESIGN 4.2), as the server sees them:
 * both sides of each transfer, worked out from the events of both kitchens' logs
 * (`Store.transferEvents`, found through indexes: no log is folded), and the checks a
 * pushed batch passes before a transfer event is stored.
 */
import type {
  EventEnvelope,
  EventOf,
  StockSent,
  StoredEvent,
  TransferLot,
} from '../src/lib/domain/events';
import { hlcWall } from '../src/lib/domain/hlc';
import { toMilli, fromMilli } from '../src/lib/domain/quantity';
import { undoneOf, isUndoEvent } from '../src/lib/domain/undo';
import { upcast } from '../src/lib/domain/upcast';
import { canonicalJson } from '../src/lib/domain/validate';
import { ApiError, type ErrorDetail } from './errors';
import type { KitchenEvent, Store } from './storage/store';

/** Who did it and when (wall-clock ms of its stamp). */
interface Deed {
  eventId: string;
  at: number;
  actor: string;
}

export interface TransferLineView extends Deed {
  /** The sender's item, as sent: what the receiver needs to take it in or map it. */
  itemId: string;
  itemName: string;
  unit: string;
  packs?: Record<string, number>;
  qty: number;
  lots: TransferLot[];
  /** The send was undone at the sender since. */
  undone: boolean;
  /** The receipt that counts (the first in effect in the receiver's order). */
  received?: Deed & { itemId: string; qty: number; discrepancy: number };
  /**
   * Something for people to settle: the line was received although its send is undone, or
   * two tablets received it (the first counts).
   */
  conflict?: 'send_undone' | 'received_twice';
}

export interface TransferView {
  transferId: string;
  from: { kitchenId: string; name: string };
  to: { kitchenId: string; name: string };
  /** When the first line was sent. */
  sentAt: number;
  status: 'open' | 'received' | 'refused' | 'cancelled';
  refused?: Deed & { reason: string };
  lines: TransferLineView[];
}

export type Direction = 'in' | 'out';

const deed = (event: EventEnvelope): Deed => ({
  eventId: event.id,
  at: hlcWall(event.hlc),
  actor: event.actor,
});

const byOrder = (a: EventEnvelope, b: EventEnvelope) =>
  a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * The transfers to (`in`) or from (`out`) a kitchen, newest first, from what
 * `transferEvents` found. `names` gives each kitchen's name.
 */
export function transferViews(
  found: readonly KitchenEvent[],
  kitchenId: string,
  direction: Direction,
  names: ReadonlyMap<string, string>,
): TransferView[] {
  // What is undone is a matter of each log's own undos.
  const undosByKitchen = new Map<string, StoredEvent[]>();
  for (const { kitchenId: owner, event } of found) {
    if (!isUndoEvent(event)) continue;
    undosByKitchen.set(owner, [...(undosByKitchen.get(owner) ?? []), event]);
  }
  const undone = new Map(
    [...undosByKitchen].map(([owner, undos]) => [
      owner,
      undoneOf(undos.map((undo) => upcast(undo) as EventOf<'event.undone' | 'event.redone'>)),
    ]),
  );
  const inEffect = ({ kitchenId: owner, event }: KitchenEvent) => !undone.get(owner)?.has(event.id);

  const transfers = new Map<string, TransferView>();
  const sends = found
    .filter(({ event }) => event.type === 'stock.sent')
    .sort((a, b) => byOrder(a.event, b.event));
  for (const entry of sends) {
    const sent = upcast(entry.event) as EventOf<'stock.sent'>;
    const { data } = sent;
    const mine = direction === 'out' ? entry.kitchenId === kitchenId : data.toKitchen === kitchenId;
    if (!mine) continue;
    const key = `${entry.kitchenId}\u0000${data.transferId}`;
    let view = transfers.get(key);
    if (!view) {
      view = {
        transferId: data.transferId,
        from: { kitchenId: entry.kitchenId, name: names.get(entry.kitchenId) ?? entry.kitchenId },
        to: { kitchenId: data.toKitchen, name: names.get(data.toKitchen) ?? data.toKitchen },
        sentAt: hlcWall(sent.hlc),
        status: 'open',
        lines: [],
      };
      transfers.set(key, view);
    }
    view.lines.push({
      ...deed(sent),
      itemId: data.itemId,
      itemName: data.itemName,
      unit: data.unit,
      ...(data.packs && { packs: data.packs }),
      qty: data.qty,
      lots: data.lots,
      undone: !inEffect(entry),
    });
  }

  // Answers count from the kitchen a transfer was sent to, in effect, first in its order.
  const answers = found
    .filter(({ event }) => event.type === 'transfer.received' || event.type === 'transfer.refused')
    .filter(inEffect)
    .sort((a, b) => byOrder(a.event, b.event));
  for (const entry of answers) {
    const answer = upcast(entry.event) as EventOf<'transfer.received' | 'transfer.refused'>;
    const view = transfers.get(`${answer.data.fromKitchen}\u0000${answer.data.transferId}`);
    if (!view || view.to.kitchenId !== entry.kitchenId) continue;
    if (answer.type === 'transfer.refused') {
      view.refused ??= { ...deed(answer), reason: answer.data.reason };
      continue;
    }
    const line = view.lines.find((l) => l.itemId === answer.data.sentItemId);
    if (!line) continue;
    if (line.received) {
      line.conflict = 'received_twice';
      continue;
    }
    line.received = {
      ...deed(answer),
      itemId: answer.data.itemId,
      qty: answer.data.qty,
      discrepancy: fromMilli(toMilli(answer.data.qty) - toMilli(line.qty)),
    };
    if (line.undone) line.conflict = 'send_undone';
  }

  for (const view of transfers.values()) {
    const live = view.lines.filter((line) => !line.undone);
    view.status = view.refused
      ? 'refused'
      : live.length === 0 && !view.lines.some((line) => line.received)
        ? 'cancelled'
        : live.every((line) => line.received)
          ? 'received'
          : 'open';
  }
  return [...transfers.values()].sort((a, b) => b.sentAt - a.sentAt);
}

const TRANSFER_TYPES = new Set(['stock.sent', 'transfer.received', 'transfer.refused']);

/**
 * The district's rules for a pushed batch's transfer events (422, one detail per event):
 * a send goes to another kitchen of this server; a receipt or refusal answers a transfer
 * sent to this kitchen by the kitchen it names, and a receipt carries the line as sent.
 */
export async function checkTransfers(
  store: Store,
  kitchenId: string,
  events: readonly EventEnvelope[],
): Promise<void> {
  const details: ErrorDetail[] = [];
  const sentOf = new Map<string, KitchenEvent[]>();
  for (const [index, envelope] of events.entries()) {
    if (!TRANSFER_TYPES.has(envelope.type)) continue;
    const event = upcast(envelope);
    if (event.type === 'stock.sent') {
      const { toKitchen } = event.data;
      if (toKitchen === kitchenId) {
        details.push({ index, path: 'data.toKitchen', message: 'is this kitchen itself' });
      } else if (!(await store.getKitchen(toKitchen))) {
        details.push({ index, path: 'data.toKitchen', message: 'is not a kitchen of this server' });
      }
      continue;
    }
    if (event.type !== 'transfer.received' && event.type !== 'transfer.refused') continue;
    const { transferId, fromKitchen } = event.data;
    let sends = sentOf.get(transferId);
    if (!sends) sentOf.set(transferId, (sends = await store.sentEvents(transferId)));
    const addressed = sends.filter(
      (s) =>
        s.kitchenId === fromKitchen &&
        (s.event.data as Pick<StockSent, 'toKitchen'>).toKitchen === kitchenId,
    );
    if (addressed.length === 0) {
      const message = `was not sent to this kitchen by ${fromKitchen}`;
      details.push({ index, path: 'data.transferId', message });
      continue;
    }
    if (event.type === 'transfer.refused') continue;
    const line = addressed.find(
      (s) => (s.event.data as Pick<StockSent, 'itemId'>).itemId === event.data.sentItemId,
    );
    if (!line) {
      details.push({ index, path: 'data.sentItemId', message: 'is not a line of this transfer' });
      continue;
    }
    const sent = line.event.data as Pick<StockSent, 'qty' | 'lots'>;
    if (event.data.sentQty !== sent.qty) {
      details.push({ index, path: 'data.sentQty', message: `must be ${sent.qty}, as sent` });
    } else if (canonicalJson(event.data.lots) !== canonicalJson(sent.lots)) {
      details.push({ index, path: 'data.lots', message: 'must be the lots as sent' });
    }
  }
  if (details.length > 0) {
    const count = new Set(details.map((d) => d.index)).size;
    throw new ApiError(
      422,
      'invalid_transfer',
      `${count} of ${events.length} events break the district's transfer rules; nothing was stored`,
      details,
    );
  }
}
