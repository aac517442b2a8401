/**
 * The checks a pushed batch's transfer events pass before they are stored (DESIGN 4.2).
 * The views of transfers are the domain's (`transfer-views.ts`), over the events the store
 * finds through its indexes (`Store.transferEvents`: no log is folded).
 */
import type { EventEnvelope, StockSent } from '../src/lib/domain/events';
import {
  transferViews,
  type KitchenEvent,
  type TransferView,
} from '../src/lib/domain/transfer-views';
import { upcast } from '../src/lib/domain/upcast';
import { sentInUnit } from '../src/lib/domain/transfer-units';
import { convertible } from '../src/lib/domain/units';
import { canonicalJson } from '../src/lib/domain/validate';
import { ApiError, type ErrorDetail } from './errors';
import type { Store } from './storage/store';

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
    const sent = line.event.data as Pick<StockSent, 'qty' | 'lots' | 'unit'>;
    // Received into an item kept in another unit: the line as sent, converted to it.
    const { unit, sentUnit } = event.data;
    if (sentUnit !== undefined && sentUnit !== sent.unit) {
      details.push({ index, path: 'data.sentUnit', message: `must be ${sent.unit}, as sent` });
      continue;
    }
    if (unit !== undefined && !convertible(sent.unit, unit)) {
      const message = `must be a unit of the same kind (weight or volume) as ${sent.unit}`;
      details.push({ index, path: 'data.unit', message });
      continue;
    }
    const expected = unit === undefined ? sent : sentInUnit(sent, unit);
    const as = unit === undefined ? 'as sent' : `as sent, in ${unit}`;
    if (event.data.sentQty !== expected.qty) {
      details.push({ index, path: 'data.sentQty', message: `must be ${expected.qty}, ${as}` });
    } else if (canonicalJson(event.data.lots) !== canonicalJson(expected.lots)) {
      details.push({ index, path: 'data.lots', message: `must be the lots ${as}` });
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

/**
 * The district's transfers for the district office: every kitchen's sent transfers (each
 * transfer has one sender), newest first; with `all` false, only those still open or with
 * something to look at (a discrepancy, a conflict).
 */
export async function districtTransfers(store: Store, all: boolean): Promise<TransferView[]> {
  const kitchens = await store.listKitchens();
  const names = new Map(kitchens.map((k) => [k.id, k.name]));
  // The district's transfer events in one walk, then each sender's transfers from its sends,
  // the answers to them, and the undos (few; each kitchen's view reads only its own).
  const bySender = new Map<string, KitchenEvent[]>();
  const undos: KitchenEvent[] = [];
  for (const entry of await store.transferEvents()) {
    const { type, data } = entry.event;
    const sender =
      type === 'stock.sent'
        ? entry.kitchenId
        : type === 'transfer.received' || type === 'transfer.refused'
          ? (data as { fromKitchen: string }).fromKitchen
          : undefined;
    if (sender === undefined) undos.push(entry);
    else if (bySender.has(sender)) bySender.get(sender)!.push(entry);
    else bySender.set(sender, [entry]);
  }
  const views: TransferView[] = [];
  for (const [id, found] of bySender) {
    views.push(...transferViews([...found, ...undos], id, 'out', names));
  }
  const notable = (view: TransferView) =>
    view.status === 'open' ||
    view.lines.some((line) => line.conflict || (line.received && line.received.discrepancy !== 0));
  return (all ? views : views.filter(notable)).sort((a, b) => b.sentAt - a.sentAt);
}
