/** The district office's exports: the tablet's tables, from the server's copy of the log. */
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LarderEvent } from '../src/lib/domain/events';
import { Tablet } from '../src/lib/domain/test-support/tablet';
import { costOfFoodTable } from '../src/lib/export/tables';
import { monthReport } from '../src/lib/ui-model/month-report';
import { larder } from './test-support/cli';
import { tableCsv } from './exports';
import type { WorkerSqliteStore } from './storage/worker-store';
import { sqliteHarness, type Harness } from './test-support/harness';

let h: Harness<WorkerSqliteStore>;
beforeEach(() => {
  // The server's clock after the month recorded below (stamps ahead of it are refused).
  h = sqliteHarness({ clock: () => new Date('2027-03-01T12:00:00Z') });
});
afterEach(async () => {
  await h.close();
});

const at = (iso: string) => new Date(iso).getTime();

/** February in a small kitchen, recorded on the paired tablet, pushed to the server. */
async function february() {
  const { kitchenId, joinCode } = await h.createKitchen('Lincoln Elementary');
  const { deviceId, token } = await h.pair(kitchenId, joinCode, 1);
  const t = new Tablet(deviceId, 'JT');
  t.now = at('2027-01-20T09:00');
  const rice = t.added({ type: 'addItem', name: 'Rice', unit: 'kg', par: 30 });
  const dry = t.added({ type: 'addLocation', name: 'Dry storage', kind: 'dry' });
  // Before February: 10 kg at 2.00. In February: 20 kg at 2.50, 6 kg used, 1 kg wasted.
  t.run({ type: 'receiveStock', itemId: rice, locationId: dry, qty: 10, unitCost: 2 });
  t.now = at('2027-02-03T09:00');
  t.run({
    type: 'receiveStock',
    itemId: rice,
    locationId: dry,
    qty: 20,
    unitCost: 2.5,
    supplier: 'Valley Foods',
  });
  t.now = at('2027-02-10T09:00');
  t.run({ type: 'useStock', itemId: rice, locationId: dry, qty: 6 });
  t.run({ type: 'wasteStock', itemId: rice, locationId: dry, qty: 1, reason: 'spoiled' });
  t.now = at('2027-02-26T15:00');
  const session = '5e5e5e5e-0000-4000-8000-000000000001';
  t.run({ type: 'countStock', itemId: rice, locationId: dry, qty: 22, session });
  const events: LarderEvent[] = [...t.log.events];
  expect((await h.push(kitchenId, token, events)).status).toBe(200);
  return { kitchenId, token, events, session, t };
}

async function csvOf(res: Response): Promise<string[][]> {
  expect(res.status).toBe(200);
  expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
  const bytes = new Uint8Array(await res.arrayBuffer());
  // The byte order mark, so that spreadsheets read UTF-8.
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return Papa.parse<string[]>(new TextDecoder().decode(bytes).trim()).data;
}

describe('exports for the district office', () => {
  it('cost of food of a month: the same file as the tablet writes, with the hand-checked figures', async () => {
    const { kitchenId, token, t } = await february();
    const path = `/api/v1/kitchens/${kitchenId}/exports/cost-of-food.csv?first=2027-02-01&last=2027-02-28`;
    const res = await h.as(token, path);
    expect(res.headers.get('Content-Disposition')).toBe(
      'attachment; filename="larder-cost-of-food-2027-02-01-to-2027-02-28.csv"',
    );
    const text = await res.clone().text();
    // The tablet's own table of the same log, written alike (text() drops the mark).
    const period = { first: '2027-02-01', last: '2027-02-28' };
    expect('\ufeff' + text).toBe(
      tableCsv(costOfFoodTable(monthReport(t.state, period.first, period.last), period)),
    );
    // Opening 10 kg at 2.00 = 20.00; purchases 20 kg at 2.50 = 50.00; the 6 used, 1 wasted
    // and 1 found missing come off the oldest lot first: closing 2 kg at 2.00 + 20 kg at
    // 2.50 = 54.00; cost of food 20 + 50 - 54 = 16.00.
    expect((await csvOf(res)).at(-1)).toEqual(['Total', '20', '50', '0', '0', '54', '16']);
  });

  it('waste, entries, stock now and as of a moment, the order list and a count', async () => {
    const { kitchenId, token, session } = await february();
    const get = (name: string, query = '') =>
      h.as(token, `/api/v1/kitchens/${kitchenId}/exports/${name}.csv${query}`);
    const feb = '?first=2027-02-01&last=2027-02-28';

    const waste = await csvOf(await get('waste', feb));
    expect(waste.slice(1)).toEqual([
      ['2027-02-10T09:00', 'Rice', 'Dry storage', '1', 'kg', 'Spoiled', '', '2', 'JT', 'Tablet 1'],
    ]);
    const entries = await csvOf(await get('entries', feb));
    expect(entries.slice(1).map((row) => row[1])).toEqual([
      'Received 20 kg into Dry storage ($2.50 each, from Valley Foods)',
      'Used 6 kg from Dry storage',
      'Wasted 1 kg from Dry storage: spoiled',
      'Counted 22 kg in Dry storage',
    ]);

    expect((await csvOf(await get('stock'))).slice(1)).toEqual([
      ['Rice', '', 'Dry storage', '22', 'kg', '54'],
    ]);
    const before = await get('stock', '?at=2027-02-01T00:00');
    expect(before.headers.get('Content-Disposition')).toContain('larder-stock-2027-02-01T0000.csv');
    expect((await csvOf(before)).slice(1)).toEqual([['Rice', '', 'Dry storage', '10', 'kg', '20']]);

    // Par 30, 22 on hand: 8 kg to order at the last price.
    const order = await csvOf(await get('order'));
    expect(order.slice(1)).toEqual([['Valley Foods', 'Rice', '22', '30', '8', 'kg', '2.5', '20']]);

    const count = await csvOf(await get('count', `?session=${session}`));
    expect(count.slice(1)).toEqual([
      ['2027-02-26T15:00', 'Dry storage', 'Rice', 'kg', '23', '22', '-1', '-2', 'JT'],
    ]);
  });

  it('a bad ask gets a clear error naming the parameter, and another kitchen none of it', async () => {
    const { kitchenId, token } = await february();
    const get = (path: string, as = token) =>
      h.as(as, `/api/v1/kitchens/${kitchenId}/exports/${path}`);
    const refused = async (path: string, status: number, param: string, message: RegExp) => {
      const res = await get(path);
      expect(res.status).toBe(status);
      const body = (await res.json()) as {
        error: { message: string; details: { path: string }[] };
      };
      expect(body.error.message).toMatch(message);
      expect(body.error.details[0]?.path).toBe(param);
    };
    await refused('waste.csv?first=2027-02-30', 400, 'first', /first must be a date/);
    await refused('waste.csv?first=2027-03-01&last=2027-02-01', 400, 'last', /not be before/);
    await refused('entries.csv?first=2025-01-01&last=2027-01-01', 400, 'last', /at most 366 days/);
    await refused('stock.csv?at=yesterday', 400, 'at', /YYYY-MM-DDTHH:MM/);
    await refused('count.csv', 400, 'session', /needs a session/);
    await refused('count.csv?session=nope', 404, 'session', /no count/);
    await refused('secrets.csv', 404, 'name', /no export "secrets"/);
    expect((await get('waste.csv?first=2027-02-01&first=2027-02-02')).status).toBe(400);
    expect((await get('waste.json')).status).toBe(404);

    expect((await h.request(`/api/v1/kitchens/${kitchenId}/exports/stock.csv`)).status).toBe(401);
    const other = await h.createKitchen('Other');
    const otherToken = (await h.pair(other.kitchenId, other.joinCode, 2)).token;
    expect((await get('stock.csv', otherToken)).status).toBe(403);
  });

  it('larder report writes the same files from the command line', async () => {
    const { kitchenId } = await february();
    const report = await larder([
      '--data-dir',
      h.dir,
      'report',
      kitchenId,
      'waste',
      '--first',
      '2027-02-01',
      '--last',
      '2027-02-28',
    ]);
    expect(report.err).toBe('');
    expect(report.code).toBe(0);
    expect(report.out.charCodeAt(0)).toBe(0xfeff);
    expect(report.out).toContain('Rice,Dry storage,1,kg,Spoiled,,2,JT,Tablet 1');
    const bad = await larder(['--data-dir', h.dir, 'report', kitchenId, 'waste', '--first', 'x']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('first must be a date as YYYY-MM-DD');
    const nobody = await larder(['--data-dir', h.dir, 'report', 'nobody', 'stock']);
    expect(nobody.code).toBe(1);
    expect(nobody.err).toContain('No kitchen nobody');
  });
});
