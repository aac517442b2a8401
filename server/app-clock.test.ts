import { afterEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../src/lib/domain/events';
import { encodeHlc } from '../src/lib/domain/hlc';
import { generateEvents } from './test-support/events';
import { harness, type Harness } from './test-support/harness';

let h: Harness;
afterEach(async () => {
  await h.close();
});

const NOW = Date.UTC(2026, 11, 7, 10, 0);
const at = (event: EventEnvelope, ms: number): EventEnvelope => ({
  ...event,
  hlc: encodeHlc({ wall: ms, counter: 0 }),
});

describe('events stamped ahead of the server’s clock (DESIGN 4.1)', () => {
  it('refuses the batch when any is more than 5 minutes ahead: 422 clock_ahead, each named, the server’s time, nothing stored', async () => {
    h = await harness({ clock: () => new Date(NOW) });
    const { kitchenId, joinCode } = await h.createKitchen();
    const { token, deviceId } = await h.pair(kitchenId, joinCode, 1);
    const [a, b, c] = generateEvents(3, { device: deviceId }) as [
      EventEnvelope,
      EventEnvelope,
      EventEnvelope,
    ];
    const tenYears = 10 * 365 * 24 * 3600_000;
    const res = await h.push(kitchenId, token, [
      at(a, NOW - 60_000),
      at(b, NOW + tenYears),
      at(c, NOW + 2 * 3600_000),
    ]);
    expect(res.status).toBe(422);
    const body = (await res.json()) as {
      error: { code: string; serverTime: string; details: { index: number; message: string }[] };
    };
    expect(body.error.code).toBe('clock_ahead');
    expect(body.error.serverTime).toBe(new Date(NOW).toISOString());
    expect(body.error.details).toEqual([
      { index: 1, path: 'hlc', message: expect.stringMatching(/3650 days ahead/) as string },
      { index: 2, path: 'hlc', message: expect.stringMatching(/ 2 h ahead/) as string },
    ]);
    expect(await h.storedBodies(kitchenId)).toEqual([]);

    // Up to 5 minutes ahead is a clock that is nearly right: taken.
    const near = await h.push(kitchenId, token, [at(a, NOW - 60_000), at(b, NOW + 4 * 60_000)]);
    expect(near.status).toBe(200);
  });

  it('takes its limit from LARDER_MAX_CLOCK_AHEAD (maxClockAheadMs)', async () => {
    h = await harness({ clock: () => new Date(NOW), maxClockAheadMs: 30_000 });
    const { kitchenId, joinCode } = await h.createKitchen();
    const { token, deviceId } = await h.pair(kitchenId, joinCode, 1);
    const [a] = generateEvents(1, { device: deviceId }) as [EventEnvelope];
    expect((await h.push(kitchenId, token, [at(a, NOW + 60_000)])).status).toBe(422);
    expect((await h.push(kitchenId, token, [at(a, NOW + 20_000)])).status).toBe(200);
  });
});
