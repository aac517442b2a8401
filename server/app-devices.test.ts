import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from './test-support/harness';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

const list = (kitchenId: string) => `/api/v1/kitchens/${kitchenId}/devices`;

describe('the kitchen’s tablets by name', () => {
  it('lists the id and name of every tablet of the token’s kitchen, nothing else', async () => {
    const { kitchenId, joinCode } = await h.createKitchen('Lincoln Elementary');
    const one = await h.pair(kitchenId, joinCode, 1);
    const two = await h.pair(kitchenId, joinCode, 2);
    const other = await h.createKitchen('Grant Middle');
    await h.pair(other.kitchenId, other.joinCode, 3);

    const res = await h.as(one.token, list(kitchenId));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { devices: { deviceId: string; name: string }[] };
    expect([...body.devices].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { deviceId: one.deviceId, name: 'Tablet 1' },
      { deviceId: two.deviceId, name: 'Tablet 2' },
    ]);
    const text = JSON.stringify(body);
    expect(text).not.toContain(one.token);
    expect(text).not.toMatch(/hash|token|paired/i);
  });

  it('keeps a revoked tablet’s name for its entries; its own token is refused (401)', async () => {
    const { kitchenId, joinCode } = await h.createKitchen();
    const one = await h.pair(kitchenId, joinCode, 1);
    const two = await h.pair(kitchenId, joinCode, 2);
    const revoked = await h.admin(`${list(kitchenId)}/${two.deviceId}`, { method: 'DELETE' });
    expect(revoked.status).toBe(204);
    const res = await h.as(one.token, list(kitchenId));
    const body = (await res.json()) as { devices: { deviceId: string }[] };
    expect(body.devices.map((d) => d.deviceId).sort()).toEqual([one.deviceId, two.deviceId].sort());
    expect((await h.as(two.token, list(kitchenId))).status).toBe(401);
  });

  it('refuses another kitchen’s token (403), no token or a wrong one (401)', async () => {
    const lincoln = await h.createKitchen('Lincoln Elementary');
    await h.pair(lincoln.kitchenId, lincoln.joinCode, 1);
    const grant = await h.createKitchen('Grant Middle');
    const outsider = await h.pair(grant.kitchenId, grant.joinCode, 2);

    const foreign = await h.as(outsider.token, list(lincoln.kitchenId));
    expect(foreign.status).toBe(403);
    const answer = (await foreign.json()) as { error: { code: string }; devices?: unknown };
    expect(answer.error.code).toBe('forbidden');
    expect(answer.devices).toBeUndefined();
    expect((await h.request(list(lincoln.kitchenId))).status).toBe(401);
    expect((await h.as('not-a-token', list(lincoln.kitchenId))).status).toBe(401);
    expect((await h.admin(list(lincoln.kitchenId))).status).toBe(401);
  });
});
