import { describe, expect, it } from 'vitest';
import { createApp } from './app';
import { sha256 } from './auth';
import { MemoryStore } from './storage/memory-store';
import { generateEvents, uuid4 } from './test-support/events';
import { json } from './test-support/harness';

describe('the app over the in-memory store', () => {
  it('speaks the same protocol: pair, push, pull; no read models, so stock is 404', async () => {
    const app = createApp({ store: new MemoryStore(), auth: { adminTokenHash: sha256('admin') } });
    const created = await app.request(
      '/api/v1/kitchens',
      json({ name: 'Memory' }, { headers: { Authorization: 'Bearer admin' } }),
    );
    const { kitchenId, joinCode } = (await created.json()) as {
      kitchenId: string;
      joinCode: string;
    };
    const paired = await app.request(
      `/api/v1/kitchens/${kitchenId}/devices`,
      json({ joinCode, name: 'T', deviceId: uuid4(1, 0xd0) }),
    );
    const { token } = (await paired.json()) as { token: string };
    const auth = { headers: { Authorization: `Bearer ${token}` } };
    const events = generateEvents(20);
    const pushed = await app.request(
      `/api/v1/kitchens/${kitchenId}/events`,
      json({ events }, auth),
    );
    expect(await pushed.json()).toEqual({
      accepted: 20,
      duplicates: 0,
      head: 20,
      epoch: expect.any(String) as string,
    });
    const pulled = await app.request(`/api/v1/kitchens/${kitchenId}/events?after=15`, auth);
    const page = (await pulled.json()) as {
      events: { seq: number }[];
      head: number;
      more: boolean;
    };
    expect(page.events.map((e) => e.seq)).toEqual([16, 17, 18, 19, 20]);
    expect((await app.request(`/api/v1/kitchens/${kitchenId}/stock`, auth)).status).toBe(404);
  });
});
