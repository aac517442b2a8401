import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { fold } from '$lib/domain/fold';
import { stockOnHand } from '$lib/domain/stock-on-hand';
import type { FetchLike } from './api';
import { getMeta } from './db';
import { readLog } from './log';
import { Projection } from './projection';
import { SyncRunner, type RunnerState } from './sync-runner';
import { kitchenWithTablets, type Tablet } from '../../../test/support/tablet';

const setup = kitchenWithTablets();
const { joined } = setup;

function runner(t: Tablet, states: RunnerState[] = []): SyncRunner {
  const r = new SyncRunner({
    db: t.db,
    fetch: setup.server.fetch,
    lock: t.lock,
    healing: () => import('./healing'),
    signing: () => import('./signing'),
    backoff: { baseMs: 10, maxMs: 40 },
    onChange: (s) => states.push(s),
  });
  setup.afterTest(() => r.stop());
  return r;
}

async function until(check: () => boolean | Promise<boolean>, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('sync runner', () => {
  it('follows the event stream: an entry on one tablet reaches the other without a poll', async () => {
    const a = await joined('JT');
    const b = await joined('RS');
    const ra = runner(a);
    const rb = runner(b);
    ra.start(true);
    rb.start(true);
    await until(() => rb.current.streaming);

    await a.record({ type: 'addLocation', name: 'Cooler', kind: 'cooler' });
    await ra.trigger();
    await until(async () => (await b.ids()).length === 1);
    expect(await b.ids()).toEqual(await a.ids());
    expect(await b.cursor()).toBe(1);
  });

  it('takes nothing from a stream of another log epoch: it heals first, then follows', async () => {
    const a = await joined('JT');
    const b = await joined('RS');
    await a.record({ type: 'addItem', name: 'Rice', unit: 'kg' });
    await a.sync();
    const requests: string[] = [];
    let moved: string | undefined;
    const r = new SyncRunner({
      db: a.db,
      // The log goes back between A's round and its stream (another process restored it).
      fetch: async (url, init) => {
        if (url.includes('/stream') && !moved) moved = await setup.server.moveEpoch();
        requests.push(`${init?.method ?? 'GET'} ${url.replace(/^.*\/kitchens\/[^/]+/, '')}`);
        return setup.server.fetch(url, init);
      },
      lock: a.lock,
      healing: () => import('./healing'),
      signing: () => import('./signing'),
      backoff: { baseMs: 10, maxMs: 40 },
      random: () => 0,
    });
    setup.afterTest(() => r.stop());
    r.start(true);
    await until(() => moved !== undefined, 5000);
    await b.record({ type: 'addItem', name: 'Beans', unit: 'kg' });
    await b.sync();
    const streams = () => requests.filter((line) => line.startsWith('GET /stream'));
    // The stream ended at its epoch; a round pulled from the start, then it followed again.
    await until(async () => (await a.ids()).length === 2 && streams().length >= 2, 5000);
    expect(await getMeta(a.db, 'epoch')).toBe(moved);
    const firstStream = requests.indexOf(streams()[0]!);
    expect(requests.slice(firstStream).some((line) => line.includes('/events?after=0'))).toBe(true);
    expect(await a.ids()).toEqual(await b.ids());
  });

  it('retries a failed round with backoff until the server is back', async () => {
    const t = await joined('JT');
    await setup.server.stop();
    await t.record({ type: 'addLocation', name: 'Cooler', kind: 'cooler' });
    const states: RunnerState[] = [];
    const r = runner(t, states);
    r.start(true);
    await until(() => states.some((s) => s.error?.kind === 'offline' && !!s.retryAt));
    setup.server.start();
    await until(async () => (await t.pending()) === 0 && !r.current.error);
    expect(states.filter((s) => s.error).length).toBeGreaterThan(1);
  });

  it('waits as long as the server asks when it answers 429 with Retry-After', async () => {
    const t = await joined('JT');
    await t.record({ type: 'addLocation', name: 'Cooler', kind: 'cooler' });
    const states: RunnerState[] = [];
    let busy = true;
    const r = new SyncRunner({
      db: t.db,
      // The first push meets a server with too many pushes from this tablet.
      fetch: async (url, init) => {
        if (busy && init?.method === 'POST') {
          busy = false;
          const body = { error: { code: 'too_many_pushes', message: 'Too many pushes' } };
          return new Response(JSON.stringify(body), {
            status: 429,
            headers: { 'Content-Type': 'application/json', 'Retry-After': '1' },
          });
        }
        return setup.server.fetch(url, init);
      },
      lock: t.lock,
      healing: () => import('./healing'),
      signing: () => import('./signing'),
      backoff: { baseMs: 10, maxMs: 40 },
      onChange: (s) => states.push(s),
    });
    setup.afterTest(() => r.stop());
    const started = Date.now();
    r.start(true);
    await until(() => !!r.current.error);
    expect(r.current.error?.code).toBe('too_many_pushes');
    expect(r.current.retryAt! - started).toBeGreaterThanOrEqual(1000);
    await until(async () => (await t.pending()) === 0 && !r.current.error);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('does not retry on its own when the tablet was removed, and says why', async () => {
    const t = await joined('JT');
    const deviceId = (await t.db.meta.get('identity'))!.value as { deviceId: string };
    await setup.server.admin(`/kitchens/${setup.kitchen.kitchenId}/devices/${deviceId.deviceId}`, {
      method: 'DELETE',
    });
    const r = runner(t);
    r.start(true);
    await until(() => !!r.current.error);
    expect(r.current.error?.kind).toBe('unauthorized');
    expect(r.current.retryAt).toBeUndefined();
  });
});

/** A kitchen log of 23 events (catalog, a delivery, twenty uses), already on the setup.server. */
async function kitchenLog(): Promise<void> {
  const a = await joined('JT');
  await a.record({ type: 'addLocation', name: 'Freezer', kind: 'freezer' });
  await a.record({ type: 'addItem', name: 'Chicken', unit: 'kg' });
  const state = await a.state();
  const itemId = [...state.items.keys()][0]!;
  const locationId = [...state.locations.keys()][0]!;
  await a.record({ type: 'receiveStock', itemId, locationId, qty: 10 });
  for (let i = 0; i < 20; i++) await a.record({ type: 'useStock', itemId, locationId, qty: 0.25 });
  await a.sync();
}

async function projectionOf(t: Tablet, downloadStallMs?: number) {
  const downloads: number[] = [];
  const projection = new Projection(t.db, {
    onView: () => undefined,
    onDownload: (n) => downloads.push(n),
    ...(downloadStallMs !== undefined && { downloadStallMs }),
  });
  setup.afterTest(() => projection.stop());
  await projection.start();
  return { projection, downloads };
}

const rows = (state: Parameters<typeof stockOnHand>[0]) =>
  stockOnHand(state).map((r) => `${r.itemName}@${r.locationName}=${r.qty}`);

describe('catch-up in the page', () => {
  it('folds a download once, at its last page, and reports progress meanwhile', async () => {
    await kitchenLog();
    const b = await joined('MG');
    const { projection, downloads } = await projectionOf(b);
    const sizes: number[] = [];
    await b.sync({
      pullLimit: 4,
      onChunk: (chunk, more) => {
        projection.applyChunk(chunk, more);
        sizes.push(projection.state.log.length);
      },
    });
    // Nothing of the download is folded until its last page; then all of it is.
    expect(sizes).toEqual([0, 0, 0, 0, 0, 23]);
    expect(downloads).toEqual([4, 8, 12, 16, 20, 0]);
    expect(rows(projection.state)).toEqual(['Chicken@Freezer=5']);
    expect(rows(projection.state)).toEqual(rows(fold((await readLog(b.db)).events)));
  });

  it('folds the pages stored before a download was cut off', async () => {
    await kitchenLog();
    const b = await joined('MG');
    const { projection } = await projectionOf(b, 20);
    let pulls = 0;
    const flaky: FetchLike = (input, init) => {
      if (input.includes('/events?') && ++pulls === 3) {
        return Promise.reject(new TypeError('Failed to fetch (network gone)'));
      }
      return setup.server.fetch(input, init);
    };
    await expect(
      b.sync({
        fetch: flaky,
        pullLimit: 4,
        onChunk: (chunk, more) => projection.applyChunk(chunk, more),
      }),
    ).rejects.toMatchObject({ kind: 'offline' });
    // No last page will come: the two stored are folded after a pause.
    await until(() => projection.state.log.length > 0);
    expect(projection.state.log.length).toBe(8);
  });

  it('folds a download in progress before a command decides against the state', async () => {
    await kitchenLog();
    const b = await joined('MG');
    const { projection } = await projectionOf(b);
    // As if more pages were still to come after these.
    await b.sync({ pullLimit: 4, onChunk: (chunk) => projection.applyChunk(chunk, true) });
    expect(projection.state.log.length).toBe(0);
    projection.foldDownloaded();
    expect(projection.state.log.length).toBe(23);
  });
});
