import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SentLine } from '../src/lib/domain/commands';
import type { EventOf, LarderEvent } from '../src/lib/domain/events';
import { Tablet } from '../src/lib/domain/test-support/tablet';
import { harness, type Harness } from './test-support/harness';
import type { TransferView } from '../src/lib/domain/transfer-views';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

const TRANSFER = '44444444-0000-4000-8000-000000000001';

/** A kitchen of the harness with one paired tablet recording through the domain. */
async function kitchen(name: string, n: number) {
  const { kitchenId, joinCode } = await h.createKitchen(name);
  const { deviceId, token } = await h.pair(kitchenId, joinCode, n);
  const tablet = new Tablet(deviceId, name.slice(0, 2).toUpperCase());
  const pushed: string[] = [];
  return {
    kitchenId,
    joinCode,
    token,
    tablet,
    /** Pushes what the tablet recorded since the last push. */
    async sync(): Promise<Response> {
      const fresh = tablet.log.events.filter((e) => !pushed.includes(e.id));
      const res = await h.push(kitchenId, token, fresh);
      if (res.status === 200) pushed.push(...fresh.map((e) => e.id));
      return res;
    },
    async transfers(direction: string, as = token): Promise<Response> {
      return h.as(as, `/api/v1/kitchens/${kitchenId}/transfers?direction=${direction}`);
    },
  };
}

async function viewsOf(res: Response): Promise<TransferView[]> {
  expect(res.status).toBe(200);
  return ((await res.json()) as { transfers: TransferView[] }).transfers;
}

/** A base kitchen with milk and rice, a satellite and a third school. */
async function district() {
  const base = await kitchen('Base Kitchen', 1);
  const satellite = await kitchen('Washington Middle', 2);
  const third = await kitchen('Lincoln Elementary', 3);
  const cooler = base.tablet.added({ type: 'addLocation', name: 'Cooler', kind: 'cooler' });
  const milk = base.tablet.added({ type: 'addItem', name: 'Milk', unit: 'carton' });
  const rice = base.tablet.added({ type: 'addItem', name: 'Rice', unit: 'kg' });
  for (const [itemId, qty] of [
    [milk, 48],
    [rice, 20],
  ] as const) {
    base.tablet.run({ type: 'receiveStock', itemId, locationId: cooler, qty, unitCost: 0.5 });
  }
  const send = (itemId: string, qty: number, toKitchen = satellite.kitchenId) =>
    base.tablet.run({
      type: 'sendStock',
      transferId: TRANSFER,
      toKitchen,
      itemId,
      locationId: cooler,
      qty,
    })[0] as EventOf<'stock.sent'>;
  const walkIn = satellite.tablet.added({ type: 'addLocation', name: 'Walk-in', kind: 'cooler' });
  const receive = (sent: EventOf<'stock.sent'>, qty: number, by = satellite) =>
    by.tablet.run({
      type: 'receiveTransfer',
      sent: { ...sent.data, fromKitchen: base.kitchenId } satisfies SentLine,
      itemId: sent.data.itemId,
      locationId: walkIn,
      qty,
    });
  return { base, satellite, third, milk, rice, send, receive };
}

describe('transfers between kitchens', () => {
  it('lists a transfer at both ends, with each line received, its discrepancy, and its status', async () => {
    const { base, satellite, third, milk, rice, send, receive } = await district();
    const milkSent = send(milk, 24);
    const riceSent = send(rice, 5);
    expect((await base.sync()).status).toBe(200);

    const [out] = await viewsOf(await base.transfers('out'));
    expect(out).toMatchObject({
      transferId: TRANSFER,
      from: { kitchenId: base.kitchenId, name: 'Base Kitchen' },
      to: { kitchenId: satellite.kitchenId, name: 'Washington Middle' },
      status: 'open',
      lines: [
        { itemName: 'Milk', unit: 'carton', qty: 24, actor: 'BA', undone: false },
        { itemName: 'Rice', unit: 'kg', qty: 5 },
      ],
    });
    expect(await viewsOf(await satellite.transfers('in'))).toEqual([out]);
    expect(await viewsOf(await satellite.transfers('out'))).toEqual([]);
    expect(await viewsOf(await third.transfers('in'))).toEqual([]);

    receive(milkSent, 17);
    expect((await satellite.sync()).status).toBe(200);
    const [partly] = await viewsOf(await base.transfers('out'));
    expect(partly?.status).toBe('open');
    expect(await viewsOf(await base.transfers(`out&since=${partly!.sentAt + 1}`))).toHaveLength(1);
    expect(partly?.lines[0]?.received).toMatchObject({ qty: 17, discrepancy: -7, actor: 'WA' });
    receive(riceSent, 5);
    expect((await satellite.sync()).status).toBe(200);
    const [done] = await viewsOf(await satellite.transfers('in'));
    expect(done?.status).toBe('received');
    expect(done?.lines[1]?.received).toMatchObject({ qty: 5, discrepancy: 0 });
    // Asked for the recent ones only: over and older, it is left out; open ones always come.
    expect(await viewsOf(await satellite.transfers(`in&since=${done!.sentAt + 1}`))).toEqual([]);
    expect(await viewsOf(await satellite.transfers(`in&since=${done!.sentAt}`))).toHaveLength(1);
    expect((await satellite.transfers('in&since=yesterday')).status).toBe(400);
  });

  it('a receipt of a send undone since is a conflict at both ends; a refusal shows', async () => {
    const { base, satellite, milk, send, receive } = await district();
    const sent = send(milk, 12);
    await base.sync();
    receive(sent, 12);
    await satellite.sync();
    base.tablet.run({ type: 'undo', eventId: sent.id });
    await base.sync();
    for (const views of [
      await viewsOf(await base.transfers('out')),
      await viewsOf(await satellite.transfers('in')),
    ]) {
      expect(views[0]?.lines[0]).toMatchObject({ undone: true, conflict: 'send_undone' });
    }

    const [refusedSend] = base.tablet.run({
      type: 'sendStock',
      transferId: '44444444-0000-4000-8000-000000000002',
      toKitchen: satellite.kitchenId,
      itemId: milk,
      locationId: sent.data.locationId,
      qty: 6,
    });
    await base.sync();
    satellite.tablet.run({
      type: 'refuseTransfer',
      transferId: '44444444-0000-4000-8000-000000000002',
      fromKitchen: base.kitchenId,
      reason: 'Warm on arrival',
    });
    expect((await satellite.sync()).status).toBe(200);
    const [latest] = await viewsOf(await base.transfers('out'));
    expect(latest).toMatchObject({
      status: 'refused',
      refused: { reason: 'Warm on arrival', actor: 'WA' },
      lines: [{ eventId: refusedSend?.id }],
    });
  });

  it('two tablets receiving one line offline: the first receipt counts, the second is a conflict to settle', async () => {
    const { base, satellite, milk, send, receive } = await district();
    const sent = send(milk, 12);
    await base.sync();
    await satellite.sync();
    // A second tablet of the satellite, with what the first one has, offline like it.
    const paired = await h.pair(satellite.kitchenId, satellite.joinCode, 9);
    const other = new Tablet(paired.deviceId, 'GH');
    other.log.addAll(satellite.tablet.log.events);
    other.now = satellite.tablet.now + 60_000;
    receive(sent, 12);
    await satellite.sync();
    const [second] = receive(sent, 11, { tablet: other } as typeof satellite).slice(-1);
    expect((await h.push(satellite.kitchenId, paired.token, [second])).status).toBe(200);
    const [view] = await viewsOf(await satellite.transfers('in'));
    expect(view?.lines[0]).toMatchObject({
      conflict: 'received_twice',
      received: { qty: 12, actor: 'WA' },
      alsoReceived: [{ eventId: second?.id, actor: 'GH' }],
    });
  });

  it('refuses sends to an unknown kitchen or to itself, and receipts not addressed here (422, nothing stored)', async () => {
    const { base, satellite, third, milk, send, receive } = await district();
    await base.sync();
    const head = await h.store.head(base.kitchenId);
    const refusedWith = async (res: Response) => {
      expect(res.status).toBe(422);
      return ((await res.json()) as { error: { code: string; details: unknown[] } }).error;
    };
    const nowhere = send(milk, 1, 'no-such-school');
    expect(await refusedWith(await h.push(base.kitchenId, base.token, [nowhere]))).toMatchObject({
      code: 'invalid_transfer',
      details: [{ index: 0, path: 'data.toKitchen', message: 'is not a kitchen of this server' }],
    });
    base.tablet.run({ type: 'undo', eventId: nowhere.id });
    const self = base.tablet.run({
      type: 'sendStock',
      transferId: '44444444-0000-4000-8000-000000000003',
      toKitchen: base.kitchenId,
      itemId: milk,
      locationId: nowhere.data.locationId,
      qty: 1,
    });
    expect(await refusedWith(await h.push(base.kitchenId, base.token, self))).toMatchObject({
      details: [{ index: 0, path: 'data.toKitchen', message: 'is this kitchen itself' }],
    });
    expect(await h.store.head(base.kitchenId)).toBe(head);

    const sent = send(milk, 6);
    expect((await h.push(base.kitchenId, base.token, [sent])).status).toBe(200);
    // The third school was not sent this: its receipt is refused.
    const walkIn = third.tablet.added({ type: 'addLocation', name: 'Dry', kind: 'dry' });
    const stolen = third.tablet.run({
      type: 'receiveTransfer',
      sent: { ...sent.data, fromKitchen: base.kitchenId },
      itemId: milk,
      locationId: walkIn,
      qty: 6,
    });
    const pushed = await h.push(third.kitchenId, third.token, stolen);
    expect(await refusedWith(pushed)).toMatchObject({
      details: [
        {
          index: 1,
          path: 'data.transferId',
          message: `was not sent to this kitchen by ${base.kitchenId}`,
        },
      ],
    });
    // A receipt that values the line otherwise than it was sent is refused.
    const [received] = receive(sent, 6).slice(-1) as [LarderEvent];
    const richer = {
      ...received,
      data: { ...received.data, lots: [{ qty: 6, unitCost: 99 }] },
    };
    const forged = await h.push(satellite.kitchenId, satellite.token, [
      ...satellite.tablet.log.events.filter((e) => e.id !== received.id),
      richer,
    ]);
    expect(await refusedWith(forged)).toMatchObject({
      details: [{ path: 'data.lots', message: 'must be the lots as sent' }],
    });
    // Counted in another unit than sent: the sent unit must be the send's, and the two of
    // one kind (weight or volume).
    const pushWith = (data: object) =>
      h.push(satellite.kitchenId, satellite.token, [
        ...satellite.tablet.log.events.filter((e) => e.id !== received.id),
        { ...received, data: { ...received.data, ...data } },
      ]);
    expect(await refusedWith(await pushWith({ unit: 'lb', sentUnit: 'kg' }))).toMatchObject({
      code: 'invalid_transfer',
      details: [{ path: 'data.sentUnit', message: 'must be carton, as sent' }],
    });
    expect(await refusedWith(await pushWith({ unit: 'lb' }))).toMatchObject({
      details: [{ path: 'data.unit', message: 'must come with sentUnit' }],
    });
    expect(await refusedWith(await pushWith({ unit: 'lb', sentUnit: 'carton' }))).toMatchObject({
      details: [
        {
          path: 'data.unit',
          message: 'must be a unit of the same kind (weight or volume) as carton',
        },
      ],
    });
    expect(await h.store.head(satellite.kitchenId)).toBe(0);
    expect((await satellite.sync()).status).toBe(200);
  });

  it('a line received into an item kept in another unit: written in it, the conversion checked', async () => {
    const { base, satellite, rice, send } = await district();
    const sent = send(rice, 5);
    expect((await base.sync()).status).toBe(200);
    const dry = satellite.tablet.added({ type: 'addLocation', name: 'Dry', kind: 'dry' });
    const own = satellite.tablet.added({ type: 'addItem', name: 'Rice', unit: 'lb' });
    const [received] = satellite.tablet
      .run({
        type: 'receiveTransfer',
        sent: { ...sent.data, fromKitchen: base.kitchenId },
        itemId: own,
        locationId: dry,
        qty: 11,
      })
      .slice(-1) as [EventOf<'transfer.received'>];
    // 5 kg at 0.50 is 11.023 lb worth 2.50.
    expect(received.data).toMatchObject({
      qty: 11,
      unit: 'lb',
      sentQty: 11.023,
      sentUnit: 'kg',
      lots: [{ qty: 11.023, unitCost: 2.5, costPer: 11.023 }],
    });
    const unconverted = {
      ...received,
      data: { ...received.data, sentQty: 5, lots: sent.data.lots },
    };
    const forged = await h.push(satellite.kitchenId, satellite.token, [
      ...satellite.tablet.log.events.filter((e) => e.id !== received.id),
      unconverted,
    ]);
    expect(forged.status).toBe(422);
    expect(await forged.json()).toMatchObject({
      error: { details: [{ path: 'data.sentQty', message: 'must be 11.023, as sent, in lb' }] },
    });
    expect((await satellite.sync()).status).toBe(200);
    for (const [end, direction] of [
      [satellite, 'in'],
      [base, 'out'],
    ] as const) {
      const [view] = await viewsOf(await end.transfers(direction));
      expect(view?.lines[0]).toMatchObject({
        unit: 'kg',
        qty: 5,
        received: {
          itemId: own,
          qty: 11,
          unit: 'lb',
          discrepancy: -0.023,
          asSent: { qty: 4.99, discrepancy: -0.01 },
        },
      });
    }
  });

  it('reads: the kitchen’s own token only; the district’s kitchens for any device', async () => {
    const { base, satellite } = await district();
    expect((await satellite.transfers('out', base.token)).status).toBe(403);
    expect((await base.transfers('sideways')).status).toBe(400);
    expect(
      (await h.request(`/api/v1/kitchens/${base.kitchenId}/transfers?direction=in`)).status,
    ).toBe(401);
    const res = await h.as(satellite.token, '/api/v1/district/kitchens');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      kitchens: [
        { kitchenId: 'base-kitchen', name: 'Base Kitchen' },
        { kitchenId: 'lincoln-elementary', name: 'Lincoln Elementary' },
        { kitchenId: 'washington-middle', name: 'Washington Middle' },
      ],
    });
    expect((await h.request('/api/v1/district/kitchens')).status).toBe(401);
  });

  it('the district office: open transfers and discrepancies across kitchens, as JSON and CSV, and by the larder command', async () => {
    const { base, satellite, milk, rice, send, receive } = await district();
    const milkSent = send(milk, 24);
    await base.sync();
    receive(milkSent, 24);
    await satellite.sync();
    // Received in full: nothing to look at; then a shortage on another transfer.
    const notable = async (query = '') => {
      const res = await h.admin(`/api/v1/district/transfers${query}`);
      expect(res.status).toBe(200);
      return ((await res.json()) as { transfers: TransferView[] }).transfers;
    };
    expect(await notable()).toEqual([]);
    expect(await notable('?all=1')).toHaveLength(1);
    const riceSent = base.tablet.run({
      type: 'sendStock',
      transferId: '44444444-0000-4000-8000-000000000005',
      toKitchen: satellite.kitchenId,
      itemId: rice,
      locationId: milkSent.data.locationId,
      qty: 5,
    })[0] as EventOf<'stock.sent'>;
    await base.sync();
    expect((await notable()).map((t) => t.status)).toEqual(['open']);
    receive(riceSent, 4.5);
    await satellite.sync();
    const [short] = await notable();
    expect(short?.lines[0]?.received).toMatchObject({ qty: 4.5, discrepancy: -0.5 });
    expect((await h.as(base.token, '/api/v1/district/transfers')).status).toBe(401);

    const csv = await h.admin('/api/v1/district/transfers.csv');
    expect(csv.headers.get('Content-Type')).toMatch(/^text\/csv/);
    const rows = (await csv.text()).trim().split('\r\n');
    expect(rows[0]).toBe('When,From,To,Item,Unit,Sent,Arrived,Discrepancy,Status,To settle');
    expect(rows.slice(1)).toEqual([
      expect.stringMatching(
        /^[\d-]+T[\d:]+,Base Kitchen,Washington Middle,Rice,kg,5,4\.5,-0\.5,Received,$/,
      ),
    ]);
    const cli = await h.larder(['transfers', '--all']);
    expect(cli.code).toBe(0);
    expect(cli.out.trim().split('\r\n')).toHaveLength(3);
  });
});
