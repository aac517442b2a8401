import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { SentLine } from './commands';
import type { EventOf, LarderEvent } from './events';
import { fold } from './fold';
import { lotsValueMicro, microToCurrency } from './money';
import { transferViews } from './transfer-views';
import { sentInUnit } from './transfer-units';
import { periodReport, valueBreakdown } from './period-report';
import { shuffle } from './test-support/arbitraries';
import { DEVICE_B } from './test-support/events';
import { refused, Tablet } from './test-support/tablet';
import { lotsReceived, transferValue } from './transfers';
import type { KitchenState } from './state';

const TRANSFER = '44444444-0000-4000-8000-000000000001';

/** A base kitchen with milk in two lots (purchased, then USDA Foods), and a satellite. */
function district() {
  const base = new Tablet();
  const cooler = base.added({ type: 'addLocation', name: 'Cooler', kind: 'cooler' });
  const milk = base.added({ type: 'addItem', name: 'Milk', unit: 'carton' });
  base.run({ type: 'setPack', itemId: milk, pack: 'case', factor: 12 });
  base.run({
    type: 'receiveStock',
    itemId: milk,
    locationId: cooler,
    qty: 12,
    unitCost: 0.5,
    bestBefore: '2026-01-20',
  });
  base.run({
    type: 'receiveStock',
    itemId: milk,
    locationId: cooler,
    qty: 24,
    packCost: { pack: 'case', cost: 4.8 },
    source: 'usda',
    bestBefore: '2026-01-25',
  });
  const satellite = new Tablet(DEVICE_B, 'JS');
  const walkIn = satellite.added({ type: 'addLocation', name: 'Walk-in', kind: 'cooler' });
  return { base, cooler, milk, satellite, walkIn };
}

function send(
  base: Tablet,
  milk: string,
  cooler: string,
  qty: number | { qty: number; unit: string }[],
) {
  const [event] = base.run({
    type: 'sendStock',
    transferId: TRANSFER,
    toKitchen: 'washington-middle',
    toKitchenName: 'Washington Middle',
    itemId: milk,
    locationId: cooler,
    qty,
  });
  return event as EventOf<'stock.sent'>;
}

/** 2 cases sent, 1 case and 5 cartons received: the receipt's events. */
function shortDelivery(
  base: Tablet,
  milk: string,
  cooler: string,
  satellite: Tablet,
  walkIn: string,
) {
  return satellite.run({
    type: 'receiveTransfer',
    sent: lineOf(send(base, milk, cooler, [{ qty: 2, unit: 'case' }])),
    itemId: milk,
    locationId: walkIn,
    qty: [
      { qty: 1, unit: 'case' },
      { qty: 5, unit: 'carton' },
    ],
  });
}

/** The line as the server lists it to the receiving kitchen. */
const lineOf = (sent: EventOf<'stock.sent'>): SentLine => ({
  ...sent.data,
  fromKitchen: 'lincoln-elementary',
  fromKitchenName: 'Lincoln Elementary',
});

const value = (state: KitchenState) => valueBreakdown(state).total;
const qtyOf = (state: KitchenState, itemId: string) =>
  [...(state.stock.get(itemId)?.values() ?? [])].reduce((sum, cell) => sum + cell.qty, 0);

describe('transfers: send', () => {
  test('a send takes the stock off here at once, first in first out, carrying its lots', () => {
    const { base, milk, cooler } = district();
    const before = value(base.state);
    const sent = send(base, milk, cooler, [
      { qty: 1, unit: 'case' },
      { qty: 6, unit: 'carton' },
    ]);
    expect(sent.data).toMatchObject({
      qty: 18,
      itemName: 'Milk',
      unit: 'carton',
      packs: { case: 12 },
      toKitchen: 'washington-middle',
      lots: [
        { qty: 12, unitCost: 0.5, bestBefore: '2026-01-20' },
        { qty: 6, unitCost: 4.8, costPer: 12, bestBefore: '2026-01-25', source: 'usda' },
      ],
    });
    expect(qtyOf(base.state, milk)).toBe(18_000);
    // 12 × 0.50 + 6 × 4.80 / 12 = 8.40 left the books, exactly what the lots say.
    expect(before - value(base.state)).toBe(8_400_000n);
    expect(transferValue(sent.data.lots)).toBe(8_400_000n);
  });

  test('a send of more than is on record leaves the rest unpriced and the stock negative', () => {
    const { base, milk, cooler } = district();
    const sent = send(base, milk, cooler, 40);
    expect(sent.data.lots.at(-1)).toEqual({ qty: 4 });
    expect(qtyOf(base.state, milk)).toBe(-4_000);
  });

  test('a send needs a kitchen, a known item, and each item once per transfer', () => {
    const { base, milk, cooler } = district();
    const to = {
      type: 'sendStock',
      transferId: TRANSFER,
      itemId: milk,
      locationId: cooler,
      qty: 1,
    } as const;
    expect(refused(() => base.run({ ...to, toKitchen: '' }))).toMatchObject({
      code: 'unknown_kitchen',
    });
    expect(refused(() => base.run({ ...to, toKitchen: 'x', qty: 0 }))).toMatchObject({
      code: 'invalid_quantity',
    });
    base.run({ ...to, toKitchen: 'x' });
    expect(refused(() => base.run({ ...to, toKitchen: 'x' }))).toMatchObject({
      code: 'already_sent',
      detail: { name: 'Milk' },
    });
  });
});

describe('transfers: receive', () => {
  test('taken as sent: the item joins the catalog with its packs, valued as sent', () => {
    const { base, milk, cooler, satellite, walkIn } = district();
    const sent = send(base, milk, cooler, [{ qty: 2, unit: 'case' }]);
    const events = satellite.run({
      type: 'receiveTransfer',
      sent: lineOf(sent),
      itemId: milk,
      locationId: walkIn,
      qty: [{ qty: 2, unit: 'case' }],
    });
    expect(events.map((e) => e.type)).toEqual([
      'item.added',
      'item.pack-changed',
      'transfer.received',
    ]);
    expect(satellite.state.items.get(milk)).toMatchObject({ name: 'Milk', packs: { case: 12 } });
    expect(qtyOf(satellite.state, milk)).toBe(24_000);
    expect(value(satellite.state)).toBe(transferValue(sent.data.lots));
    // USDA Foods stay USDA Foods in the books of the kitchen that received them.
    const lots = satellite.state.stock.get(milk)?.get(walkIn)?.lots ?? [];
    expect(lots.map((lot) => [lot.qty, lot.source])).toEqual([
      [12_000, undefined],
      [12_000, 'usda'],
    ]);
  });

  test('a shortage comes off the last lots sent; a surplus is valued as the last lot', () => {
    const lots = [
      { qty: 12, unitCost: 0.5 },
      { qty: 12, unitCost: 4.8, costPer: 12, source: 'usda' as const },
    ];
    expect(lotsReceived(lots, 17)).toEqual([lots[0], { ...lots[1], qty: 5 }]);
    expect(lotsReceived(lots, 0)).toEqual([]);
    expect(lotsReceived(lots, 25)).toEqual([...lots, { ...lots[1], qty: 1 }]);
    expect(lotsReceived([], 2)).toEqual([{ qty: 2 }]);
  });

  test('1 case and 5 cartons of 2 cases sent: 17 arrive, at the value of the lots they were', () => {
    const { base, milk, cooler, satellite, walkIn } = district();
    const [, , receipt] = shortDelivery(base, milk, cooler, satellite, walkIn);
    expect(receipt).toMatchObject({ data: { qty: 17, sentQty: 24 } });
    // 12 × 0.50 + 5 × 0.40 = 8.00 arrived of 10.80 sent.
    expect(value(satellite.state)).toBe(8_000_000n);
  });

  test('mapped to an item kept in another unit of its kind: counted there, worth what was sent', () => {
    const base = new Tablet();
    const freezer = base.added({ type: 'addLocation', name: 'Freezer', kind: 'freezer' });
    const beef = base.added({ type: 'addItem', name: 'Ground beef', unit: 'kg' });
    const delivery = { type: 'receiveStock', itemId: beef, locationId: freezer } as const;
    base.run({ ...delivery, qty: 10, unitCost: 4.4 });
    base.run({ ...delivery, qty: 5, unitCost: 3, source: 'usda' });
    const satellite = new Tablet(DEVICE_B, 'JS');
    const walkIn = satellite.added({ type: 'addLocation', name: 'Walk-in', kind: 'freezer' });
    const own = satellite.added({ type: 'addItem', name: 'Beef, ground', unit: 'lb' });
    const sent = send(base, beef, freezer, 12);
    // 10 kg at 4.40 and 2 kg of USDA Foods at 3.00: 50.00 left the base kitchen.
    expect(transferValue(sent.data.lots)).toBe(50_000_000n);
    const receive = { type: 'receiveTransfer', sent: lineOf(sent), itemId: own } as const;

    // A unit of another kind cannot be converted: refused, nothing recorded.
    const boxes = satellite.added({ type: 'addItem', name: 'Beef patties', unit: 'box' });
    expect(
      refused(() => satellite.run({ ...receive, itemId: boxes, locationId: walkIn, qty: 1 })),
    ).toMatchObject({ code: 'unit_mismatch', detail: { from: 'kg', to: 'box' } });

    // All of it, in the satellite's pounds: 12 kg is 26.455 lb.
    const [receipt] = satellite.run({ ...receive, locationId: walkIn, qty: 26.455 });
    expect(receipt).toMatchObject({
      type: 'transfer.received',
      data: {
        qty: 26.455,
        unit: 'lb',
        sentQty: 26.455,
        sentUnit: 'kg',
        // Written in pounds, each lot priced as a whole: worth what it was sent.
        lots: [
          { qty: 22.046, unitCost: 44, costPer: 22.046 },
          { qty: 4.409, unitCost: 6, costPer: 4.409, source: 'usda' },
        ],
      },
    });
    expect(qtyOf(satellite.state, own)).toBe(26_455);
    expect(value(satellite.state)).toBe(50_000_000n);
    expect(lotsOf(satellite.state, own).map((lot) => [lot.qty, lot.source])).toEqual([
      [22_046, undefined],
      [4_409, 'usda'],
    ]);
    const views = (kitchenEvents: [string, LarderEvent[]][]) =>
      transferViews(
        kitchenEvents.flatMap(([kitchenId, events]) =>
          events.map((event, i) => ({ kitchenId, event: { ...event, seq: i + 1 } })),
        ),
        'washington-middle',
        'in',
        new Map(),
      );
    const base1 = ['lincoln-elementary', [sent]] as [string, LarderEvent[]];
    const [line] = views([base1, ['washington-middle', [receipt!]]])[0]!.lines;
    expect(line?.received).toMatchObject({
      qty: 26.455,
      unit: 'lb',
      discrepancy: 0,
      asSent: { qty: 12, discrepancy: 0 },
    });
    const into = periodReport(satellite.state.log, 0, satellite.now + 1);
    expect(into.transfersIn).toMatchObject({
      total: 50_000_000n,
      bySource: { purchased: 44_000_000n, usda: 6_000_000n },
      lines: [{ qty: 26_455, sentQty: 26_455, discrepancy: 0n }],
    });

    // 25 lb arrived: 1.455 lb (0.66 kg) short, the USDA Foods' share of it, 1.98 missing.
    satellite.run({ type: 'undo', eventId: receipt!.id });
    const [short] = satellite.run({ ...receive, locationId: walkIn, qty: 25 });
    const [shortLine] = views([base1, ['washington-middle', [short!]]])[0]!.lines;
    expect(shortLine?.received).toMatchObject({
      qty: 25,
      unit: 'lb',
      discrepancy: -1.455,
      asSent: { qty: 11.34, discrepancy: -0.66 },
    });
    expect(microToCurrency(value(satellite.state))).toBe(48.02);
  });

  test('converted lots: a lot too small to show in the other unit is left out; a line of only that is refused', () => {
    const lots = [
      { qty: 0.001, unitCost: 1 },
      { qty: 2, unitCost: 3, costPer: 4, source: 'donated' as const },
    ];
    // 0.001 lb is 0.00045 kg; 2 lb at 3.00 per 4 lb (1.50) is 0.907 kg worth 1.50.
    expect(sentInUnit({ unit: 'lb', qty: 2.001, lots }, 'kg')).toEqual({
      qty: 0.907,
      lots: [{ qty: 0.907, unitCost: 1.5, costPer: 0.907, source: 'donated' }],
    });
    expect(sentInUnit({ unit: 'Lbs.', qty: 2.001, lots }, 'lb')).toEqual({ qty: 2.001, lots });
    const satellite = new Tablet(DEVICE_B, 'JS');
    const walkIn = satellite.added({ type: 'addLocation', name: 'Walk-in', kind: 'cooler' });
    const saffron = satellite.added({ type: 'addItem', name: 'Saffron', unit: 'kg' });
    const line: SentLine = {
      transferId: TRANSFER,
      fromKitchen: 'lincoln-elementary',
      itemId: '55555555-0000-4000-8000-000000000001',
      itemName: 'Saffron',
      unit: 'lb',
      qty: 0.001,
      lots: [{ qty: 0.001 }],
    };
    const receive = { type: 'receiveTransfer', sent: line, locationId: walkIn, qty: 0 } as const;
    expect(refused(() => satellite.run({ ...receive, itemId: saffron }))).toMatchObject({
      code: 'unit_mismatch',
      message: '0.001 lb is too little to count in kg.',
    });
    expect(satellite.state.log).toHaveLength(2);
  });

  test('mapped to an item of this kitchen in the same unit; a unit of another kind is refused', () => {
    const { base, milk, cooler, satellite, walkIn } = district();
    const own = satellite.added({ type: 'addItem', name: 'Milk 1%', unit: 'Carton' });
    const jugs = satellite.added({ type: 'addItem', name: 'Milk jug', unit: 'gal' });
    const line = lineOf(send(base, milk, cooler, 6));
    const receive = { type: 'receiveTransfer', sent: line, locationId: walkIn, qty: 6 } as const;
    expect(refused(() => satellite.run({ ...receive, itemId: jugs }))).toMatchObject({
      code: 'unit_mismatch',
      field: 'itemId',
      detail: { name: 'Milk jug', from: 'carton', to: 'gal' },
    });
    satellite.run({ ...receive, itemId: own });
    expect(qtyOf(satellite.state, own)).toBe(6_000);
    expect(satellite.state.items.has(milk)).toBe(false);
    // Taken as sent while its name is in use here: it must be mapped.
    const named = satellite.added({ type: 'addItem', name: 'Milk', unit: 'carton' });
    expect(named).not.toBe(milk);
    const other = { ...line, transferId: '44444444-0000-4000-8000-000000000002' };
    expect(refused(() => satellite.run({ ...receive, sent: other, itemId: milk }))).toMatchObject({
      code: 'already_exists',
      field: 'name',
    });
  });

  test('a line is received once; a refused transfer is not received; undo opens it again', () => {
    const { base, milk, cooler, satellite, walkIn } = district();
    const line = lineOf(send(base, milk, cooler, 6));
    const receive = {
      type: 'receiveTransfer',
      sent: line,
      itemId: milk,
      locationId: walkIn,
      qty: 6,
    } as const;
    const refuse = {
      type: 'refuseTransfer',
      transferId: TRANSFER,
      fromKitchen: 'lincoln-elementary',
      reason: ' Warm on arrival ',
    } as const;
    const [refusal] = satellite.run(refuse);
    expect(refusal?.data).toMatchObject({ reason: 'Warm on arrival' });
    expect(refused(() => satellite.run(receive))).toMatchObject({ code: 'already_refused' });
    expect(refused(() => satellite.run(refuse))).toMatchObject({ code: 'already_refused' });
    satellite.run({ type: 'undo', eventId: refusal!.id });
    const [, , receipt] = satellite.run(receive);
    expect(refused(() => satellite.run(receive))).toMatchObject({ code: 'already_received' });
    expect(refused(() => satellite.run(refuse))).toMatchObject({ code: 'already_received' });
    satellite.run({ type: 'undo', eventId: receipt!.id });
    expect(qtyOf(satellite.state, milk)).toBe(0);
    satellite.run(receive);
    expect(qtyOf(satellite.state, milk)).toBe(6_000);
  });

  test('two tablets receiving one line offline: the first receipt in order counts', () => {
    const { base, milk, cooler, satellite, walkIn } = district();
    const line = lineOf(send(base, milk, cooler, 6));
    const other = new Tablet('0c0c0c0c-0000-4000-8000-00000000000c', 'AB');
    other.log.addAll(satellite.log.events);
    const receive = {
      type: 'receiveTransfer',
      sent: line,
      itemId: milk,
      locationId: walkIn,
    } as const;
    const first = satellite.run({ ...receive, qty: 6 });
    other.now = satellite.now + 5000;
    const second = other.run({ ...receive, qty: 5 });
    const state = fold([
      ...satellite.log.events,
      ...second.filter((e) => e.type === 'transfer.received'),
      ...first,
    ]);
    expect(qtyOf(state, milk)).toBe(6_000);
  });
});

describe('transfers: month-end', () => {
  test('transfers in and out are their own lines of the cost of food, per source', () => {
    const { base, milk, cooler, satellite, walkIn } = district();
    const FEB = Date.parse('2026-02-01T00:00:00Z');
    const MAR = Date.parse('2026-03-01T00:00:00Z');
    base.now = satellite.now = FEB + 86_400_000;
    shortDelivery(base, milk, cooler, satellite, walkIn);
    // Sent: 12 cartons at 0.50 (6.00 purchased) and 12 at 0.40 (4.80 USDA Foods).
    const out = periodReport(base.state.log, FEB, MAR);
    expect(out.transfersOut).toMatchObject({
      total: 10_800_000n,
      bySource: { purchased: 6_000_000n, usda: 4_800_000n, donated: 0n },
      lines: [{ kitchen: 'washington-middle', kitchenName: 'Washington Middle', qty: 24_000 }],
    });
    // 15.60 at the start, 4.80 at the end, 10.80 sent: nothing was eaten here.
    expect(out.costOfFood.total).toBe(0n);
    expect(out.purchases.total).toBe(0n);
    // Arrived: the 12 purchased, and 5 of the USDA Foods (2.00); 2.80 went missing.
    const into = periodReport(satellite.state.log, FEB, MAR);
    expect(into.transfersIn).toMatchObject({
      total: 8_000_000n,
      bySource: { purchased: 6_000_000n, usda: 2_000_000n, donated: 0n },
      lines: [
        {
          kitchen: 'lincoln-elementary',
          kitchenName: 'Lincoln Elementary',
          qty: 17_000,
          sentQty: 24_000,
          discrepancy: 2_800_000n,
          actor: 'JS',
        },
      ],
    });
    expect(into.costOfFood.total).toBe(0n);
    expect(into.closing.total).toBe(8_000_000n);
  });
});

describe('transfers: both books', () => {
  test('undo of the send puts the stock and its value back at the sender', () => {
    const { base, milk, cooler } = district();
    const before = value(base.state);
    const sent = send(base, milk, cooler, 30);
    base.run({ type: 'undo', eventId: sent.id });
    expect(value(base.state)).toBe(before);
    expect(qtyOf(base.state, milk)).toBe(36_000);
  });

  test('property: a complete transfer conserves stock and value across both kitchens, whatever the arrival order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            qty: fc.integer({ min: 1, max: 40_000 }),
            cost: fc.option(fc.integer({ min: 1, max: 5_000 }), { nil: undefined }),
            usda: fc.boolean(),
            date: fc.option(fc.integer({ min: 1, max: 28 }), { nil: undefined }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        fc.array(fc.integer({ min: 1, max: 10_000 }), { maxLength: 3 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.nat(),
        (deliveries, uses, sentMilli, arrivedMilli, seed) => {
          const base = new Tablet();
          const cooler = base.added({ type: 'addLocation', name: 'Cooler', kind: 'cooler' });
          const milk = base.added({ type: 'addItem', name: 'Milk', unit: 'carton' });
          for (const d of deliveries) {
            base.run({
              type: 'receiveStock',
              itemId: milk,
              locationId: cooler,
              qty: d.qty / 1000,
              ...(d.cost !== undefined && { unitCost: d.cost / 100 }),
              ...(d.usda && { source: 'usda' }),
              ...(d.date !== undefined && {
                bestBefore: `2026-02-${String(d.date).padStart(2, '0')}`,
              }),
            });
          }
          for (const use of uses) {
            base.run({ type: 'useStock', itemId: milk, locationId: cooler, qty: use / 1000 });
          }
          const satellite = new Tablet(DEVICE_B);
          const walkIn = satellite.added({ type: 'addLocation', name: 'Walk-in', kind: 'cooler' });
          const baseBefore = fold(shuffle(base.log.events, seed));
          const sent = send(base, milk, cooler, sentMilli / 1000);
          const arrived = arrivedMilli / 1000;
          const receipt = satellite.run({
            type: 'receiveTransfer',
            sent: lineOf(sent),
            itemId: milk,
            locationId: walkIn,
            qty: arrived,
          });
          const baseAfter = fold(shuffle(base.log.events, seed + 1));
          const satelliteAfter = fold(shuffle(satellite.log.events, seed + 2));
          // Quantities: what left is what was sent; what arrived is what was received.
          expect(qtyOf(baseBefore, milk) - qtyOf(baseAfter, milk)).toBe(sentMilli);
          expect(qtyOf(satelliteAfter, milk)).toBe(arrivedMilli);
          // Value: what left the sender = what reached the receiver + the discrepancy's value.
          const left =
            lotsValueMicro(lotsOf(baseBefore, milk)) - lotsValueMicro(lotsOf(baseAfter, milk));
          const reached = lotsValueMicro(lotsOf(satelliteAfter, milk));
          const discrepancy =
            transferValue(sent.data.lots) - transferValue(lotsReceived(sent.data.lots, arrived));
          expect(left).toBe(transferValue(sent.data.lots));
          expect(left - reached).toBe(discrepancy);
          if (arrivedMilli === sentMilli) expect(reached).toBe(left);

          // Undone at either end, in any order of arrival: that end is as it was before.
          satellite.run({ type: 'undo', eventId: receipt.at(-1)!.id });
          const satelliteUndone = fold(shuffle(satellite.log.events, seed + 3));
          expect(qtyOf(satelliteUndone, milk)).toBe(0);
          expect(lotsValueMicro(lotsOf(satelliteUndone, milk))).toBe(0n);
          base.run({ type: 'undo', eventId: sent.id });
          const baseUndone = fold(shuffle(base.log.events, seed + 4));
          expect(qtyOf(baseUndone, milk)).toBe(qtyOf(baseBefore, milk));
          expect(lotsOf(baseUndone, milk)).toEqual(lotsOf(baseBefore, milk));
        },
      ),
      { numRuns: 300 },
    );
  });
});

function lotsOf(state: KitchenState, itemId: string) {
  return [...(state.stock.get(itemId)?.values() ?? [])].flatMap((cell) => cell.lots);
}
