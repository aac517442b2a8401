import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, json, type Harness } from './test-support/harness';
import { uuid4 } from './test-support/events';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

describe('health', () => {
  it('answers 200 {ok, version} without a token', async () => {
    const res = await h.request('/api/v1/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, version: expect.any(String) as string });
  });
});

describe('kitchens', () => {
  it('creates a kitchen with the admin token: 201 {kitchenId, name, joinCode}', async () => {
    const res = await h.admin('/api/v1/kitchens', json({ name: 'Lincoln Elementary' }));
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, string>;
    expect(body).toEqual({
      kitchenId: 'lincoln-elementary',
      name: 'Lincoln Elementary',
      joinCode: expect.stringMatching(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/) as string,
    });
    const second = await h.admin('/api/v1/kitchens', json({ name: 'Lincoln Elementary' }));
    expect(((await second.json()) as { kitchenId: string }).kitchenId).toBe('lincoln-elementary-2');
  });

  it('refuses without, or with a wrong, admin token (401)', async () => {
    const none = await h.request('/api/v1/kitchens', json({ name: 'X' }));
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({
      error: { code: 'unauthorized', message: expect.any(String) as string },
    });
    const wrong = await h.as('nope', '/api/v1/kitchens', json({ name: 'X' }));
    expect(wrong.status).toBe(401);
  });

  it('refuses a device token for kitchen management (401)', async () => {
    const { kitchenId, joinCode } = await h.createKitchen();
    const { token } = await h.pair(kitchenId, joinCode);
    expect((await h.as(token, '/api/v1/kitchens', json({ name: 'X' }))).status).toBe(401);
  });

  it('answers a bad body with 422 and details, bad JSON with 400', async () => {
    const empty = await h.admin('/api/v1/kitchens', json({ name: '  ' }));
    expect(empty.status).toBe(422);
    expect(await empty.json()).toMatchObject({
      error: { code: 'invalid_body', details: [{ path: 'name' }] },
    });
    const bad = await h.admin('/api/v1/kitchens', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"name":',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_json' } });
  });

  it('takes a chosen kitchen id, and 409 when it is taken', async () => {
    const res = await h.admin('/api/v1/kitchens', json({ name: 'A', kitchenId: 'school-7' }));
    expect(res.status).toBe(201);
    const again = await h.admin('/api/v1/kitchens', json({ name: 'B', kitchenId: 'school-7' }));
    expect(again.status).toBe(409);
  });
});

describe('pairing', () => {
  it('gives a device a token with the join code: 201 {deviceId, token}', async () => {
    const { kitchenId, joinCode } = await h.createKitchen();
    const deviceId = uuid4(7);
    const res = await h.request(
      `/api/v1/kitchens/${kitchenId}/devices`,
      json({ joinCode: joinCode.toLowerCase().replace('-', ' '), name: 'Wall', deviceId }),
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as { deviceId: string; token: string };
    expect(body.deviceId).toBe(deviceId);
    expect(body.token.length).toBeGreaterThanOrEqual(40);
    const pull = await h.as(body.token, `/api/v1/kitchens/${kitchenId}/events`);
    expect(pull.status).toBe(200);
  });

  it('stores only a hash of the token', async () => {
    const { kitchenId, joinCode } = await h.createKitchen();
    const { token } = await h.pair(kitchenId, joinCode);
    const [device] = await h.store.listDevices(kitchenId);
    expect(device?.tokenHash).not.toContain(token);
    expect(device?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a wrong join code with 403', async () => {
    const { kitchenId } = await h.createKitchen();
    const res = await h.request(
      `/api/v1/kitchens/${kitchenId}/devices`,
      json({ joinCode: 'AAAA-AAAA', name: 'Wall', deviceId: uuid4(1) }),
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'wrong_join_code' } });
  });

  it('answers an unknown kitchen as a wrong code (no probing), and 422 for a bad body', async () => {
    const res = await h.request(
      '/api/v1/kitchens/nowhere/devices',
      json({ joinCode: 'AAAA-AAAA', name: 'Wall', deviceId: uuid4(1) }),
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'wrong_join_code' } });
    const { kitchenId } = await h.createKitchen();
    const bad = await h.request(
      `/api/v1/kitchens/${kitchenId}/devices`,
      json({ joinCode: 'x', name: 'Wall', deviceId: 'not-a-uuid' }),
    );
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ error: { details: [{ path: 'deviceId' }] } });
  });

  it('rate-limits wrong join codes from one address (429 with Retry-After)', async () => {
    const { kitchenId, joinCode } = await h.createKitchen();
    const attempt = (code: string) =>
      h.request(
        `/api/v1/kitchens/${kitchenId}/devices`,
        json({ joinCode: code, name: 'Wall', deviceId: uuid4(1) }),
      );
    for (let i = 0; i < 10; i++) expect((await attempt('AAAA-AAAA')).status).toBe(403);
    const limited = await attempt(joinCode);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
  });

  it('a paired tablet is paired again only with its own token (409 with the code alone)', async () => {
    const { kitchenId, joinCode } = await h.createKitchen();
    const first = await h.pair(kitchenId, joinCode);
    const again = (token?: string) =>
      h.request(
        `/api/v1/kitchens/${kitchenId}/devices`,
        json(
          { joinCode, name: 'Wall', deviceId: first.deviceId },
          token ? { headers: { Authorization: `Bearer ${token}` } } : {},
        ),
      );
    const events = (token: string) => h.as(token, `/api/v1/kitchens/${kitchenId}/events`);
    // Someone with the join code cannot take over a working tablet.
    for (const token of [undefined, 'not-its-token']) {
      const taken = await again(token);
      expect(taken.status).toBe(409);
      expect(await taken.json()).toMatchObject({ error: { code: 'device_paired' } });
    }
    expect((await events(first.token)).status).toBe(200);
    // The tablet itself, with its token: a new token, the old one dead.
    const second = (await (await again(first.token)).json()) as { token: string };
    expect(second.token).not.toBe(first.token);
    expect((await events(first.token)).status).toBe(401);
    expect((await events(second.token)).status).toBe(200);
    // Revoked by the admin, it pairs with the join code alone.
    const revoke = await h.admin(`/api/v1/kitchens/${kitchenId}/devices/${first.deviceId}`, {
      method: 'DELETE',
    });
    expect(revoke.status).toBe(204);
    expect((await again()).status).toBe(201);
  });

  it('a rotated join code replaces the old one', async () => {
    const { rotateJoinCode } = await import('./kitchens');
    const { kitchenId, joinCode } = await h.createKitchen();
    const fresh = await rotateJoinCode(h.store, kitchenId);
    await expect(h.pair(kitchenId, joinCode)).rejects.toThrow(/403/);
    await expect(h.pair(kitchenId, fresh!)).resolves.toMatchObject({
      token: expect.any(String) as string,
    });
  });
});

describe('revocation', () => {
  it('DELETE with the admin token: 204, and the token is refused with 401 from then on', async () => {
    const { kitchenId, joinCode } = await h.createKitchen();
    const { deviceId, token } = await h.pair(kitchenId, joinCode);
    const res = await h.admin(`/api/v1/kitchens/${kitchenId}/devices/${deviceId}`, {
      method: 'DELETE',
    });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    const pull = await h.as(token, `/api/v1/kitchens/${kitchenId}/events`);
    expect(pull.status).toBe(401);
    expect(await pull.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('needs the admin token (401) and a known device (404)', async () => {
    const { kitchenId, joinCode } = await h.createKitchen();
    const { deviceId, token } = await h.pair(kitchenId, joinCode);
    const path = `/api/v1/kitchens/${kitchenId}/devices/${deviceId}`;
    expect((await h.as(token, path, { method: 'DELETE' })).status).toBe(401);
    const unknown = await h.admin(`/api/v1/kitchens/${kitchenId}/devices/${uuid4(99)}`, {
      method: 'DELETE',
    });
    expect(unknown.status).toBe(404);
  });
});
