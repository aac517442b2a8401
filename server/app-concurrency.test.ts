import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateEvents, uuid4 } from './test-support/events';
import { harness, type Harness } from './test-support/harness';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

describe('concurrent pushers', () => {
  it('store every event exactly once, with a gap-free seq', async () => {
    const { kitchenId, joinCode } = await h.createKitchen();
    const tablets = 4;
    const perTablet = 2000;
    const logs = Array.from({ length: tablets }, (_, d) =>
      generateEvents(perTablet, { device: uuid4(d + 1, 0xd0), salt: d + 1 }),
    );
    const tokens = await Promise.all(logs.map((_, d) => h.pair(kitchenId, joinCode, d + 1)));
    let accepted = 0;
    let duplicates = 0;
    // Each tablet pushes batches of 100 and, like a retry after a lost answer, resends the
    // batch before along with each one; all four at once.
    await Promise.all(
      logs.map(async (log, d) => {
        for (let i = 0; i < log.length; i += 100) {
          const batch = log.slice(Math.max(0, i - 100), i + 100);
          const res = await h.push(kitchenId, tokens[d]!.token, batch);
          expect(res.status).toBe(200);
          const body = (await res.json()) as { accepted: number; duplicates: number };
          accepted += body.accepted;
          duplicates += body.duplicates;
        }
      }),
    );
    const total = tablets * perTablet;
    expect(accepted).toBe(total);
    expect(duplicates).toBe(tablets * (perTablet - 100));
    const { events, head, more } = await h.store.read(kitchenId, 0, total + 1);
    expect(head).toBe(total);
    expect(more).toBe(false);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(new Set(events.map((e) => e.id)).size).toBe(total);
  });
});
