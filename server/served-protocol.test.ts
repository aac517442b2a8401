/**
 * The wire protocol over real HTTP against the server process: the answers of README's
 * protocol table, each success and each refusal. `npm run test:served` runs this file (and
 * `server-process.test.ts`) against the built server with dev dependencies pruned, which is
 * how production starts; the unit run takes it from the sources.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tablet } from '../src/lib/domain/test-support/tablet';
import { generateEvents, uuid4 } from './test-support/events';
import { STORE_ENVS } from './test-support/postgres';
import { startServer, type ServerProcess } from './test-support/server-process';

const ADMIN = 'served-protocol-admin-token';
let dir: string;
let server: ServerProcess | undefined;
let url: string;

const call = (path: string, init: RequestInit & { token?: string } = {}) => {
  const { token, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  if (typeof rest.body === 'string' && !headers.has('Content-Type')) {
    headers.set('Content-Type', 'application/json');
  }
  return fetch(`${url}${path}`, { ...rest, headers });
};
const post = (path: string, body: unknown, token?: string) =>
  call(path, { method: 'POST', body: JSON.stringify(body), ...(token ? { token } : {}) });
const errorCode = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code;

async function kitchenWithTablet(name: string, n: number) {
  const created = await post('/api/v1/kitchens', { name }, ADMIN);
  expect(created.status).toBe(201);
  const { kitchenId, joinCode } = (await created.json()) as {
    kitchenId: string;
    joinCode: string;
  };
  const deviceId = uuid4(n, 0xd0);
  const paired = await post(`/api/v1/kitchens/${kitchenId}/devices`, {
    joinCode,
    name: `Tablet ${n}`,
    deviceId,
  });
  expect(paired.status).toBe(201);
  const { token } = (await paired.json()) as { token: string };
  return { kitchenId, joinCode, deviceId, token };
}

describe.each(STORE_ENVS)('the protocol over HTTP on %s', (_name, storeEnv) => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'larder-served-'));
    server = await startServer({
      LARDER_DATA_DIR: dir,
      LARDER_ADMIN_TOKEN: ADMIN,
      ...(await storeEnv()),
    });
    ({ url } = server);
  });
  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers health with the version', async () => {
    const res = await call('/api/v1/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, version: expect.any(String) as string });
  });

  it('creates kitchens for the admin only and refuses a taken id', async () => {
    expect((await post('/api/v1/kitchens', { name: 'No Token' })).status).toBe(401);
    expect((await post('/api/v1/kitchens', { name: 'Bad' }, 'not-the-admin-token')).status).toBe(
      401,
    );
    const first = await post('/api/v1/kitchens', { name: 'Oak', kitchenId: 'oak' }, ADMIN);
    expect(first.status).toBe(201);
    const again = await post('/api/v1/kitchens', { name: 'Oak', kitchenId: 'oak' }, ADMIN);
    expect(again.status).toBe(409);
  });

  it('pairs with the join code and refuses a wrong one', async () => {
    const { kitchenId } = await kitchenWithTablet('Pine', 1);
    const wrong = await post(`/api/v1/kitchens/${kitchenId}/devices`, {
      joinCode: 'WRONG-CODE',
      name: 'Thief',
      deviceId: uuid4(9, 0xd0),
    });
    expect(wrong.status).toBe(403);
  });

  it('pushes idempotently, pulls in seq order with paging, streams and serves stock', async () => {
    const { kitchenId, deviceId, token } = await kitchenWithTablet('Elm', 2);
    const events = generateEvents(30, { device: deviceId, salt: 2 });
    const path = `/api/v1/kitchens/${kitchenId}/events`;

    const stream = await call(`/api/v1/kitchens/${kitchenId}/stream`, { token });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('Content-Type')).toMatch(/^text\/event-stream/);

    const pushed = await post(path, { events: events.slice(0, 20) }, token);
    expect(pushed.status).toBe(200);
    expect(await pushed.json()).toEqual({
      accepted: 20,
      duplicates: 0,
      head: 20,
      epoch: expect.any(String) as string,
    });
    const resent = await post(path, { events: events.slice(10) }, token);
    expect(await resent.json()).toEqual({
      accepted: 10,
      duplicates: 10,
      head: 30,
      epoch: expect.any(String) as string,
    });

    const first = await call(`${path}?after=0&limit=25`, { token });
    const page = (await first.json()) as { events: { id: string; seq: number }[]; more: boolean };
    expect(page.more).toBe(true);
    const rest = await call(`${path}?after=25`, { token });
    const tail = (await rest.json()) as { events: { id: string; seq: number }[]; head: number };
    expect(tail.head).toBe(30);
    const all = [...page.events, ...tail.events];
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(all.map((e) => e.id)).toEqual(events.map((e) => e.id));

    // The stream sends what was pushed while it was open, `id:` = seq.
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('id: 30\n')) {
      const next = await reader.read();
      if (next.done) break;
      text += decoder.decode(next.value, { stream: true });
    }
    expect(text).toContain('id: 30\n');
    await reader.cancel();

    const stock = await call(`/api/v1/kitchens/${kitchenId}/stock`, { token });
    expect(stock.status).toBe(200);
    const csv = await call(`/api/v1/kitchens/${kitchenId}/stock.csv`, { token });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('Content-Type')).toMatch(/^text\/csv/);
    // The tablet's exports, from the built server: its tables and words run there too.
    const exported = await call(`/api/v1/kitchens/${kitchenId}/exports/stock.csv`, { token });
    expect(exported.status).toBe(200);
    expect((await exported.text()).split('\r\n')[0]).toBe(
      'Item,Category,Storage area,Quantity,Unit,Value (USD)',
    );
    const entries = await call(
      `/api/v1/kitchens/${kitchenId}/exports/entries.csv?first=2026-01-01&last=2026-12-31`,
      { token },
    );
    expect(entries.status).toBe(200);
    expect((await entries.text()).trimEnd().split('\r\n').length).toBeGreaterThan(1);
    const bad = await call(`/api/v1/kitchens/${kitchenId}/exports/waste.csv?first=soon`, { token });
    expect(bad.status).toBe(400);
    expect(await errorCode(bad)).toBe('bad_request');
  });

  it('refuses bad pushes with their codes and stores nothing of them', async () => {
    const { kitchenId, deviceId, token } = await kitchenWithTablet('Ash', 3);
    const other = await kitchenWithTablet('Birch', 4);
    const path = `/api/v1/kitchens/${kitchenId}/events`;
    const events = generateEvents(5, { device: deviceId, salt: 3 });

    expect((await post(path, { events })).status).toBe(401);
    expect((await post(path, { events }, other.token)).status).toBe(403);
    const badJson = await call(path, { method: 'POST', body: '{"events": [', token });
    expect(badJson.status).toBe(400);
    const notJson = await call(path, {
      method: 'POST',
      body: JSON.stringify({ events }),
      headers: { 'Content-Type': 'text/plain' },
      token,
    });
    expect(notJson.status).toBe(415);
    const invalid = await post(path, { events: [{ ...events[0], type: 'eaten' }] }, token);
    expect(invalid.status).toBe(422);
    const foreign = generateEvents(1, { device: uuid4(77, 0xd0), salt: 9 });
    expect((await post(path, { events: foreign }, token)).status).toBe(403);
    const huge = await call(path, {
      method: 'POST',
      body: JSON.stringify({ events, padding: 'x'.repeat(1_100_000) }),
      token,
    });
    expect(huge.status).toBe(413);
    expect((await call(`${path}?after=-1`, { token })).status).toBe(400);

    const pulled = await call(path, { token });
    expect(await pulled.json()).toMatchObject({ events: [], head: 0 });
  });

  it('lists a transfer at both ends and refuses one to an unknown school (422), kitchens kept apart', async () => {
    const base = await kitchenWithTablet('Served Base', 31);
    const school = await kitchenWithTablet('Served School', 32);
    const tablet = new Tablet(base.deviceId, 'SB');
    const cooler = tablet.added({ type: 'addLocation', name: 'Cooler', kind: 'cooler' });
    const milk = tablet.added({ type: 'addItem', name: 'Milk', unit: 'carton' });
    tablet.run({ type: 'receiveStock', itemId: milk, locationId: cooler, qty: 12, unitCost: 0.4 });
    const send = (toKitchen: string, transferId: string) =>
      tablet.run({
        type: 'sendStock',
        transferId,
        toKitchen,
        itemId: milk,
        locationId: cooler,
        qty: 6,
      });
    const sent = send(school.kitchenId, '44444444-0000-4000-8000-0000000000a1');
    const events = `/api/v1/kitchens/${base.kitchenId}/events`;
    const pushed = await post(events, { events: tablet.log.events }, base.token);
    expect(pushed.status).toBe(200);
    const transfers = (kitchenId: string, direction: string, token: string) =>
      call(`/api/v1/kitchens/${kitchenId}/transfers?direction=${direction}`, { token });
    const incoming = await transfers(school.kitchenId, 'in', school.token);
    expect(incoming.status).toBe(200);
    expect(await incoming.json()).toMatchObject({
      transfers: [
        {
          from: { kitchenId: base.kitchenId, name: 'Served Base' },
          status: 'open',
          lines: [
            { eventId: sent[0]?.id, itemName: 'Milk', qty: 6, lots: [{ qty: 6, unitCost: 0.4 }] },
          ],
        },
      ],
    });
    expect((await transfers(base.kitchenId, 'out', school.token)).status).toBe(403);
    const nowhere = send('no-such-school', '44444444-0000-4000-8000-0000000000a2');
    const refused = await post(events, { events: nowhere }, base.token);
    expect(refused.status).toBe(422);
    expect(await errorCode(refused)).toBe('invalid_transfer');
    const district = await call('/api/v1/district/kitchens', { token: school.token });
    const { kitchens } = (await district.json()) as { kitchens: { kitchenId: string }[] };
    expect(kitchens.map((k) => k.kitchenId)).toEqual(
      expect.arrayContaining([base.kitchenId, school.kitchenId]),
    );
  });

  it('refuses a revoked token and answers unknown routes with 404, no stack', async () => {
    const { kitchenId, deviceId, token } = await kitchenWithTablet('Cedar', 5);
    const revoked = await call(`/api/v1/kitchens/${kitchenId}/devices/${deviceId}`, {
      method: 'DELETE',
      token: ADMIN,
    });
    expect(revoked.status).toBe(204);
    const refused = await call(`/api/v1/kitchens/${kitchenId}/events`, { token });
    expect(refused.status).toBe(401);
    expect(await errorCode(refused)).toEqual(expect.any(String));
    const missing = await call('/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(await missing.text()).not.toMatch(/at .*\.(js|ts):\d+/);
  });
});
