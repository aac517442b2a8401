/**
 * Transfers between the kitchens of a district as both ends see them (DESIGN 4.2): each
 * transfer with its lines as sent, what arrived of each, a refusal, its status and what is
 * left to settle, worked out from the transfer events of both kitchens' logs (the server
 * finds them, `Store.transferEvents`; tablets get these views from it). Pure.
 */
import type { EventEnvelope, EventOf, StoredEvent, TransferLot } from './events';
import { hlcWall } from './hlc';
import { fromMilli, toMilli } from './quantity';
import { convertQty } from './units';
import { isUndoEvent, undoneOf } from './undo';
import { upcast } from './upcast';

/** A stored event with the kitchen whose log holds it. */
export interface KitchenEvent {
  kitchenId: string;
  event: StoredEvent;
}

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
  /**
   * The receipt that counts (the first in effect in the receiver's order). `qty` and
   * `discrepancy` are in `unit` when the receiver keeps the item in another unit than sent;
   * `asSent` gives them in the sent unit then (converted back, to the thousandth).
   */
  received?: Deed & {
    itemId: string;
    qty: number;
    discrepancy: number;
    unit?: string;
    asSent?: { qty: number; discrepancy: number };
  };
  /** Later receipts of the line in effect (two tablets received it): they add nothing. */
  alsoReceived?: Deed[];
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
      line.alsoReceived = [...(line.alsoReceived ?? []), deed(answer)];
      continue;
    }
    const { data } = answer;
    const discrepancy = fromMilli(toMilli(data.qty) - toMilli(data.sentQty));
    line.received = {
      ...deed(answer),
      itemId: data.itemId,
      qty: data.qty,
      discrepancy,
      ...(data.unit !== undefined && {
        unit: data.unit,
        asSent: {
          qty: convertQty(data.qty, data.unit, line.unit),
          discrepancy: convertQty(discrepancy, data.unit, line.unit),
        },
      }),
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
