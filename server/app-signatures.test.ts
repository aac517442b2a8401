import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventEnvelope, StoredEvent } from '../src/lib/domain/events';
import { generateEvents, uuid4 } from './test-support/events';
import { harness, json, type Harness } from './test-support/harness';
import { testKey, type TestKey } from './test-support/signing';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

const devices = (kitchenId: string) => `/api/v1/kitchens/${kitchenId}/devices`;

/** Pairs tablet `n` with its public key. */
async function pairWithKey(kitchenId: string, joinCode: string, n: number, key: TestKey) {
  const deviceId = uuid4(n, 0xd0);
  const res = await h.request(
    devices(kitchenId),
    json({ joinCode, name: `Tablet ${n}`, deviceId, publicKey: key.publicKey }),
  );
  expect(res.status).toBe(201);
  return (await res.json()) as { deviceId: string; token: string };
}

async function pull(kitchenId: string, token: string): Promise<StoredEvent[]> {
  const res = await h.as(token, `/api/v1/kitchens/${kitchenId}/events?after=0`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { events: StoredEvent[] }).events;
}

async function refusal(res: Response) {
  return {
    status: res.status,
    ...(
      (await res.json()) as {
        error: { code: string; details?: { index: number; path: string }[] };
      }
    ).error,
  };
}

describe('device signatures (DESIGN 4.1)', () => {
  it("lets a tablet give back another tablet's signed events, and hands them out signed", async () => {
    const { kitchenId, joinCode } = await h.createKitchen();
    const brokenKey = testKey();
    const broken = await pairWithKey(kitchenId, joinCode, 1, brokenKey);
    const other = await pairWithKey(kitchenId, joinCode, 2, testKey());
    const events = generateEvents(5, { device: broken.deviceId }).map((e) =>
      brokenKey.sign(kitchenId, e),
    );

    const res = await h.push(kitchenId, other.token, events);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ accepted: 5, duplicates: 0 });
    const stored = await pull(kitchenId, other.token);
    expect(stored.map(({ seq: _seq, ...e }) => e)).toEqual(events);
    // Given back again by the tablet itself: the same events, nothing doubled.
    const again = await h.push(kitchenId, broken.token, events);
    expect(await again.json()).toMatchObject({ accepted: 0, duplicates: 5 });
  });

  it('keeps unsigned events valid from their own device, and refuses them from another (403)', async () => {
    const { kitchenId, joinCode } = await h.createKitchen();
    const one = await pairWithKey(kitchenId, joinCode, 1, testKey());
    const two = await pairWithKey(kitchenId, joinCode, 2, testKey());
    const own = generateEvents(2, { device: one.deviceId });
    expect((await h.push(kitchenId, one.token, own)).status).toBe(200);
    const foreign = generateEvents(2, { device: one.deviceId, salt: 1 });
    const res = await refusal(await h.push(kitchenId, two.token, foreign));
    expect(res).toMatchObject({ status: 403, code: 'device_mismatch' });
    expect(await pull(kitchenId, one.token)).toHaveLength(2);
  });

  it('refuses forged, altered, replayed and unknown-key signatures, storing nothing of the batch', async () => {
    const lincoln = await h.createKitchen('Lincoln Elementary');
    const grant = await h.createKitchen('Grant Middle');
    const oneKey = testKey();
    const one = await pairWithKey(lincoln.kitchenId, lincoln.joinCode, 1, oneKey);
    const two = await pairWithKey(lincoln.kitchenId, lincoln.joinCode, 2, testKey());
    // The same tablet is paired with Grant too, with the same key.
    await pairWithKey(grant.kitchenId, grant.joinCode, 1, oneKey);
    const keyless = await h.pair(lincoln.kitchenId, lincoln.joinCode, 3);
    const [good, forged, altered, replayed, unknown] = generateEvents(5, {
      device: one.deviceId,
    }) as [EventEnvelope, EventEnvelope, EventEnvelope, EventEnvelope, EventEnvelope];
    const cases: [string, EventEnvelope][] = [
      ['forged', testKey().sign(lincoln.kitchenId, forged)],
      ['altered', { ...oneKey.sign(lincoln.kitchenId, altered), actor: 'Somebody Else' }],
      ['replayed', oneKey.sign(grant.kitchenId, replayed)],
      ['unknown key', testKey().sign(lincoln.kitchenId, { ...unknown, device: keyless.deviceId })],
    ];
    for (const [why, bad] of cases) {
      const batch = [oneKey.sign(lincoln.kitchenId, good), bad];
      const res = await refusal(await h.push(lincoln.kitchenId, two.token, batch));
      expect(res, why).toMatchObject({
        status: 422,
        code: 'bad_signature',
        details: [{ index: 1, path: 'sig' }],
      });
      // From its own device too: a signature that is there is checked.
      const own = await refusal(
        await h.push(lincoln.kitchenId, why === 'unknown key' ? keyless.token : one.token, [bad]),
      );
      expect(own, why).toMatchObject({ status: 422, code: 'bad_signature' });
    }
    expect(await pull(lincoln.kitchenId, two.token)).toEqual([]);
    expect(await h.storedBodies(lincoln.kitchenId)).toEqual([]);
  });

  it('registers the key of a tablet paired before signatures once, and never changes it', async () => {
    const { kitchenId, joinCode } = await h.createKitchen();
    const tablet = await h.pair(kitchenId, joinCode, 1);
    const other = await h.pair(kitchenId, joinCode, 2);
    const key = testKey();
    const path = `${devices(kitchenId)}/${tablet.deviceId}/key`;
    const put = (token: string, body: unknown, at = path) =>
      h.as(token, at, json(body, { method: 'PUT' }));

    expect((await refusal(await put(tablet.token, { publicKey: 'short' }))).status).toBe(422);
    expect((await refusal(await put(other.token, { publicKey: key.publicKey }))).status).toBe(403);
    expect((await put(tablet.token, { publicKey: key.publicKey })).status).toBe(204);
    expect((await put(tablet.token, { publicKey: key.publicKey })).status).toBe(204);
    const changed = await refusal(await put(tablet.token, { publicKey: testKey().publicKey }));
    expect(changed).toMatchObject({ status: 409, code: 'device_key_differs' });

    // Its signed events now pass from another tablet.
    const events = generateEvents(1, { device: tablet.deviceId }).map((e) =>
      key.sign(kitchenId, e),
    );
    expect((await h.push(kitchenId, other.token, events)).status).toBe(200);

    // Revoked and paired again with the join code: the key stays; another one is refused.
    await h.admin(`${devices(kitchenId)}/${tablet.deviceId}`, { method: 'DELETE' });
    const again = await h.request(
      devices(kitchenId),
      json({
        joinCode,
        name: 'Tablet 1',
        deviceId: tablet.deviceId,
        publicKey: testKey().publicKey,
      }),
    );
    expect(await refusal(again)).toMatchObject({ status: 409, code: 'device_key_differs' });
    const same = await h.request(
      devices(kitchenId),
      json({ joinCode, name: 'Tablet 1', deviceId: tablet.deviceId, publicKey: key.publicKey }),
    );
    expect(same.status).toBe(201);
  });
});
