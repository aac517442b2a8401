import { describe, expect, test } from 'vitest';
import type { EventOf } from '$lib/domain/events';
import { DEVICE_B } from '$lib/domain/test-support/events';
import { Tablet } from '$lib/domain/test-support/tablet';
import type { TransferView } from '$lib/domain/transfer-views';
import { itemFor, toReceive } from './transfers';

const T1 = '44444444-0000-4000-8000-000000000001';
const T2 = '44444444-0000-4000-8000-000000000002';

function sending() {
  const base = new Tablet();
  const cooler = base.added({ type: 'addLocation', name: 'Cooler', kind: 'cooler' });
  const milk = base.added({ type: 'addItem', name: 'Milk', unit: 'carton' });
  const send = (transferId: string) =>
    base.run({
      type: 'sendStock',
      transferId,
      toKitchen: 'satellite',
      itemId: milk,
      locationId: cooler,
      qty: 6,
    })[0] as EventOf<'stock.sent'>;
  const here = new Tablet(DEVICE_B);
  const walkIn = here.added({ type: 'addLocation', name: 'Walk-in', kind: 'cooler' });
  const line = (sent: EventOf<'stock.sent'>) => ({ ...sent.data, fromKitchen: 'base' });
  return { milk, send, here, walkIn, line };
}

const view = (transferId: string, status: TransferView['status'] = 'open'): TransferView =>
  ({ transferId, status, lines: [{ undone: false }] }) as TransferView;

describe('transfers on the tablet', () => {
  test('a sent item goes where its last receipt here went: mapped, or as sent', () => {
    const { milk, send, here, walkIn, line } = sending();
    expect(itemFor(here.state, milk)).toBe(milk);
    const own = here.added({ type: 'addItem', name: 'Milk 1%', unit: 'carton' });
    const first = send(T1);
    here.run({
      type: 'receiveTransfer',
      sent: line(first),
      itemId: own,
      locationId: walkIn,
      qty: 6,
    });
    expect(itemFor(here.state, milk)).toBe(own);
    // An archived item is no place to put stock: back to the item as sent.
    here.run({ type: 'archiveItem', itemId: own });
    expect(itemFor(here.state, milk)).toBe(milk);
  });

  test('to receive: open transfers not answered here yet', () => {
    const { send, here, walkIn, line, milk } = sending();
    const first = send(T1);
    const views = [view(T1), view(T2), view('44444444-0000-4000-8000-000000000003', 'refused')];
    expect(toReceive(views, here.state).map((t) => t.transferId)).toEqual([T1, T2]);
    here.run({
      type: 'receiveTransfer',
      sent: line(first),
      itemId: milk,
      locationId: walkIn,
      qty: 6,
    });
    expect(toReceive(views, here.state).map((t) => t.transferId)).toEqual([T2]);
    expect(toReceive(undefined, here.state)).toEqual([]);
  });
});
