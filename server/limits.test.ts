/** Per-device limits over real HTTP: pushes per minute and open event streams. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenCount, RateLimit } from './limits';
import { generateEvents } from './test-support/events';
import { harness, type Harness } from './test-support/harness';

let h: Harness;
let base: string;
let now = Date.UTC(2027, 1, 1);

beforeEach(async () => {
  // The production wiring, with smaller numbers and a clock the test moves.
  h = await harness({ pushLimit: new RateLimit(() => now, 3, 60_000), streams: new OpenCount(2) });
  base = `${await h.url()}/api/v1/kitchens`;
});
afterEach(async () => {
  await h.close();
});

async function tablet(n: number) {
  const { kitchenId, joinCode } = await h.createKitchen(`School ${n}`);
  const { deviceId, token } = await h.pair(kitchenId, joinCode, n);
  const auth = { Authorization: `Bearer ${token}` };
  return {
    push: (events: unknown[]) =>
      fetch(`${base}/${kitchenId}/events`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ events }),
      }),
    stream: () => fetch(`${base}/${kitchenId}/stream`, { headers: auth }),
    events: generateEvents(5, { device: deviceId, salt: n }),
  };
}

describe('limits per device', () => {
  it('pushes past the limit get 429 with Retry-After; other tablets push on', async () => {
    const a = await tablet(1);
    const b = await tablet(2);
    for (let i = 0; i < 3; i++) expect((await a.push([a.events[i]])).status).toBe(200);
    const refused = await a.push([a.events[3]]);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('Retry-After'))).toBe(60);
    expect(await refused.json()).toMatchObject({ error: { code: 'too_many_pushes' } });
    expect((await b.push([b.events[0]])).status).toBe(200);
    // A minute on, it pushes again: nothing of the refused push was stored meanwhile.
    now += 60_001;
    expect(await (await a.push(a.events.slice(3))).json()).toMatchObject({ accepted: 2, head: 5 });
  });

  it('streams past the limit get 429; one closed makes room', async () => {
    const a = await tablet(1);
    const open = [await a.stream(), await a.stream()];
    for (const res of open) expect(res.status).toBe(200);
    const third = await a.stream();
    expect(third.status).toBe(429);
    expect(third.headers.get('Retry-After')).toBe('15');
    expect(await third.json()).toMatchObject({ error: { code: 'too_many_streams' } });
    // Another tablet streams as usual.
    const other = await (await tablet(2)).stream();
    expect(other.status).toBe(200);
    await other.body?.cancel();
    await open[0]!.body?.cancel();
    let again = await a.stream();
    for (let tries = 0; again.status === 429 && tries < 50; tries++) {
      await new Promise((r) => setTimeout(r, 20));
      again = await a.stream();
    }
    expect(again.status).toBe(200);
    await again.body?.cancel();
    await open[1]!.body?.cancel();
  });
});
