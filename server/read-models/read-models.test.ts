import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fold, stockOnHand, type EventEnvelope } from '../../src/lib/domain/index';
import { generateEvents, uuid4 } from '../test-support/events';
import type { WorkerSqliteStore } from '../storage/worker-store';
import { sqliteHarness, type Harness } from '../test-support/harness';
import { SqliteReadModels } from './sqlite-read-models';

let h: Harness<WorkerSqliteStore>;
beforeEach(() => {
  h = sqliteHarness();
});
afterEach(async () => {
  await h.close();
});

function dump(h: Harness<WorkerSqliteStore>) {
  const all = (sql: string) => h.store.db.prepare(sql).all();
  return {
    items: all('SELECT * FROM read_items ORDER BY kitchen_id, item_id'),
    locations: all('SELECT * FROM read_locations ORDER BY kitchen_id, location_id'),
    stock: all('SELECT * FROM read_stock ORDER BY kitchen_id, item_id, location_id'),
    checkpoints: all('SELECT * FROM read_checkpoints ORDER BY kitchen_id'),
  };
}

const checkpointOf = (h: Harness<WorkerSqliteStore>, kitchenId: string) =>
  (
    h.store.db.prepare('SELECT seq FROM read_checkpoints WHERE kitchen_id = ?').get(kitchenId) as
      { seq: number } | undefined
  )?.seq;

/** Events of `devices` tablets whose clocks interleave, as a kitchen's log would. */
function tabletLogs(total: number, devices: number): EventEnvelope[][] {
  return Array.from({ length: devices }, (_, d) =>
    generateEvents(total / devices, {
      device: uuid4(d + 1, 0xd0),
      salt: d + 1,
      seed: d + 7,
      start: Date.UTC(2026, 0, 5, 6) + d * 250,
    }),
  );
}

describe('SQL read models', () => {
  it('serves stock on hand as JSON and CSV with the device token, equal to the domain fold', async () => {
    const { kitchenId, joinCode } = await h.createKitchen();
    const { token } = await h.pair(kitchenId, joinCode, 1);
    const events = generateEvents(400);
    expect((await h.push(kitchenId, token, events)).status).toBe(200);

    const res = await h.as(token, `/api/v1/kitchens/${kitchenId}/stock`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { stock: { itemId: string; qty: number; value: number }[] };
    const expected = stockOnHand(fold(events));
    const key = (r: { itemId: string; locationId: string }) => `${r.itemId}/${r.locationId}`;
    const byKey = (rows: { itemId: string; locationId: string; qty: number; value: number }[]) =>
      Object.fromEntries(rows.map((r) => [key(r), [r.qty, r.value]]));
    expect(byKey(body.stock as never)).toEqual(byKey(expected));
    expect(body.stock.length).toBeGreaterThan(10);

    const csv = await h.as(token, `/api/v1/kitchens/${kitchenId}/stock.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('Content-Type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('item_id,item,unit,location_id,location,qty,value,negative');
    expect(lines).toHaveLength(body.stock.length + 1);

    expect((await h.request(`/api/v1/kitchens/${kitchenId}/stock`)).status).toBe(401);
    const other = await h.createKitchen('Other');
    const otherToken = (await h.pair(other.kitchenId, other.joinCode, 2)).token;
    expect((await h.as(otherToken, `/api/v1/kitchens/${kitchenId}/stock.csv`)).status).toBe(403);
  });

  it('keeps the tables up to date as events arrive, without being asked', async () => {
    const { kitchenId, joinCode } = await h.createKitchen();
    const { token } = await h.pair(kitchenId, joinCode, 1);
    await h.push(kitchenId, token, generateEvents(100));
    await vi.waitFor(() => expect(checkpointOf(h, kitchenId)).toBe(100), { timeout: 5000 });
  });

  describe('catching up in the background', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    /** Pushes `total` events in batches of `batch`, `everyMs` apart (fake time). */
    async function pushEvery(
      models: SqliteReadModels,
      total: number,
      batch: number,
      everyMs: number,
    ) {
      const events = generateEvents(total);
      const checkpoints: (number | undefined)[] = [];
      for (let i = 0; i < total; i += batch) {
        const result = await h.store.append('k', events.slice(i, i + batch));
        if (result.ok) models.notify('k', result.accepted);
        await vi.advanceTimersByTimeAsync(everyMs);
        checkpoints.push(checkpointOf(h, 'k'));
      }
      return checkpoints;
    }

    it('waits for a burst of pushes to end, then catches up once', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
      const models = new SqliteReadModels(h.store, { quietMs: 50, maxLagMs: 10_000 });
      expect(await pushEvery(models, 300, 100, 40)).toEqual([undefined, undefined, undefined]);
      await vi.advanceTimersByTimeAsync(10);
      expect(checkpointOf(h, 'k')).toBe(300);
      await models.close();
    });

    it('stops a round of catch-ups when closed, after the kitchen under way', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
      const models = new SqliteReadModels(h.store, { quietMs: 50 });
      for (const kitchenId of ['k1', 'k2', 'k3']) {
        await h.store.append(kitchenId, generateEvents(50));
        models.notify(kitchenId);
      }
      await vi.advanceTimersByTimeAsync(0);
      vi.advanceTimersByTime(50); // the round starts with k1
      await models.close();
      // k1 was caught up before close answered (the store may close then); no other was.
      expect(['k1', 'k2', 'k3'].map((k) => checkpointOf(h, k))).toEqual([50, undefined, undefined]);
      models.notify('k2');
      await vi.advanceTimersByTimeAsync(20_000);
      expect(checkpointOf(h, 'k2')).toBeUndefined();
    });

    it('runs one round of catch-ups at a time, the next after a rest 4x its length', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
      const models = new SqliteReadModels(h.store, { quietMs: 50, maxLagMs: 200 });
      let release = () => {};
      const stalled = new Promise<void>((resolve) => (release = resolve));
      let active = 0;
      let most = 0;
      const catchUp = models.catchUp.bind(models);
      vi.spyOn(models, 'catchUp').mockImplementation(async (kitchenId) => {
        most = Math.max(most, ++active);
        await stalled;
        try {
          return await catchUp(kitchenId);
        } finally {
          active--;
        }
      });
      await h.store.append('k1', generateEvents(20));
      models.notify('k1');
      await vi.advanceTimersByTimeAsync(50); // the first round waits on k1
      await h.store.append('k2', generateEvents(30));
      models.notify('k2');
      // Long past quiet and maxLag: still the one round.
      await vi.advanceTimersByTimeAsync(5_000);
      expect(most).toBe(1);
      release(); // the round took 5 s
      await vi.advanceTimersByTimeAsync(19_000);
      expect([checkpointOf(h, 'k1'), checkpointOf(h, 'k2')]).toEqual([20, undefined]);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(checkpointOf(h, 'k2')).toBe(30);
      expect(most).toBe(1);
      await models.close();
    });

    it('catches up within maxLagMs under a steady stream of pushes', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
      const models = new SqliteReadModels(h.store, { quietMs: 50, maxLagMs: 200 });
      const checkpoints = await pushEvery(models, 500, 50, 30);
      // Pushes never paused for 50 ms, yet the rows followed within 200 ms of a change.
      expect(checkpoints.at(-1)).toBeGreaterThanOrEqual(300);
      await models.close();
    });
  });

  it('rebuilds from the log to tables identical to the incremental ones (100k events)', async () => {
    const { kitchenId, joinCode } = await h.createKitchen();
    const devices = 4;
    const tokens = await Promise.all(
      Array.from({ length: devices }, (_, d) => h.pair(kitchenId, joinCode, d + 1)),
    );
    const logs = tabletLogs(100_000, devices);
    const models = h.readModels;
    // Tablets push in turns, the last one far behind (it was in the walk-in freezer), so
    // most of its events land in the middle of the log: the incremental path refolds.
    const BATCH = 1000;
    const rounds = logs[0]!.length / BATCH;
    for (let round = 0; round < rounds; round++) {
      for (let d = 0; d < devices; d++) {
        const behind = d === devices - 1 ? round - 5 : round;
        if (behind < 0) continue;
        const batch = logs[d]!.slice(behind * BATCH, (behind + 1) * BATCH);
        const res = await h.push(kitchenId, tokens[d]!.token, batch);
        expect(res.status).toBe(200);
      }
      if (round % 3 === 0) await models.catchUp(kitchenId);
    }
    for (let behind = rounds - 5; behind < rounds; behind++) {
      const batch = logs[devices - 1]!.slice(behind * BATCH, (behind + 1) * BATCH);
      await h.push(kitchenId, tokens[devices - 1]!.token, batch);
    }
    expect(await h.store.head(kitchenId)).toBe(100_000);
    await models.catchUp(kitchenId);
    const incremental = dump(h);
    expect(incremental.stock.length).toBeGreaterThan(50);
    expect(incremental.checkpoints).toEqual([{ kitchen_id: kitchenId, seq: 100_000 }]);

    await models.rebuild();
    const rebuilt = dump(h);
    expect(rebuilt).toEqual(incremental);
  });

  it('picks up where the stored rows left off after a restart, and after eviction', async () => {
    const a = await h.createKitchen('A');
    const b = await h.createKitchen('B');
    const [logA, logB] = tabletLogs(2000, 2);
    await h.store.append(a.kitchenId, logA!.slice(0, 500));
    await h.readModels.catchUp(a.kitchenId);
    // A new process: its models start from the rows in the file; at most one kitchen live.
    const fresh = new SqliteReadModels(h.store, { maxLive: 1, idleMs: 50 });
    await h.store.append(a.kitchenId, logA!.slice(500, 700));
    await fresh.catchUp(a.kitchenId);
    await h.store.append(b.kitchenId, logB!);
    await fresh.catchUp(b.kitchenId);
    await h.store.append(a.kitchenId, logA!.slice(700, 900));
    await fresh.catchUp(a.kitchenId);
    expect(fresh.liveKitchens).toBe(1);
    // Quiet for long enough: its log leaves memory and is reloaded when next needed.
    await expect
      .poll(() => {
        fresh.dropIdle();
        return fresh.liveKitchens;
      })
      .toBe(0);
    await h.store.append(a.kitchenId, logA!.slice(900));
    await fresh.catchUp(a.kitchenId);
    const incremental = dump(h);
    await fresh.rebuild();
    await fresh.close();
    expect(dump(h)).toEqual(incremental);
    expect(incremental.checkpoints).toHaveLength(2);
  });

  it('folds a kitchen whose state left memory from its stored base, not its whole log', async () => {
    const a = await h.createKitchen('A');
    const b = await h.createKitchen('B');
    const [one, two] = tabletLogs(6400, 2) as [EventEnvelope[], EventEnvelope[]];
    await h.store.append(a.kitchenId, [...one.slice(0, 3000), ...two.slice(0, 3000)]);
    const models = new SqliteReadModels(h.store, { maxLive: 1 });
    await models.catchUp(a.kitchenId);
    const stored = () => h.store.db.prepare('SELECT kitchen_id, seq FROM read_bases').all();
    expect(stored()).toEqual([{ kitchen_id: a.kitchenId, seq: 6000 }]);
    await h.store.append(b.kitchenId, generateEvents(50));
    await models.catchUp(b.kitchenId); // A leaves memory
    await h.store.append(a.kitchenId, [...one.slice(3000), ...two.slice(3000)]);
    const inOrder = vi.spyOn(h.store, 'inOrder');
    await models.catchUp(a.kitchenId);
    // Only the events after the base were read in order, not the log from its start.
    expect(inOrder.mock.calls.length).toBeGreaterThan(0);
    expect(inOrder.mock.calls.map((call) => call[2])).not.toContain('');
    inOrder.mockRestore();
    const incremental = dump(h);
    expect(incremental.checkpoints).toContainEqual({ kitchen_id: a.kitchenId, seq: 6400 });
    await models.rebuild();
    await models.close();
    expect(dump(h)).toEqual(incremental);
  });

  it('answers the stock of an unknown item with nothing, and an empty kitchen with []', async () => {
    const { kitchenId, joinCode } = await h.createKitchen();
    const { token } = await h.pair(kitchenId, joinCode, 1);
    const res = await h.as(token, `/api/v1/kitchens/${kitchenId}/stock`);
    expect(await res.json()).toEqual({ kitchenId, stock: [] });
  });
});
