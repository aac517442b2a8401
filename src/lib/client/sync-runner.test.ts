import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncRunner, type RunnerState } from './sync-runner';
import { TestServer } from './testing/server';
import { Tablet } from './testing/tablet';

let server: TestServer;
let kitchen: { kitchenId: string; joinCode: string };
const cleanup: (() => void)[] = [];

beforeEach(async () => {
  server = new TestServer();
  kitchen = await server.createKitchen();
});

afterEach(async () => {
  for (const fn of cleanup.splice(0)) fn();
  await server.close();
});

async function joined(actor: string): Promise<Tablet> {
  const t = await new Tablet(server).setUp(actor);
  await t.join(kitchen.kitchenId, kitchen.joinCode);
  cleanup.push(() => t.close());
  return t;
}

function runner(t: Tablet, states: RunnerState[] = []): SyncRunner {
  const r = new SyncRunner({
    db: t.db,
    fetch: server.fetch,
    lock: t.lock,
    backoff: { baseMs: 10, maxMs: 40 },
    onChange: (s) => states.push(s),
  });
  cleanup.push(() => r.stop());
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

  it('retries a failed round with backoff until the server is back', async () => {
    const t = await joined('JT');
    await server.stop();
    await t.record({ type: 'addLocation', name: 'Cooler', kind: 'cooler' });
    const states: RunnerState[] = [];
    const r = runner(t, states);
    r.start(true);
    await until(() => states.some((s) => s.error?.kind === 'offline' && !!s.retryAt));
    server.start();
    await until(async () => (await t.pending()) === 0 && !r.current.error);
    expect(states.filter((s) => s.error).length).toBeGreaterThan(1);
  });

  it('does not retry on its own when the tablet was removed, and says why', async () => {
    const t = await joined('JT');
    const deviceId = (await t.db.meta.get('identity'))!.value as { deviceId: string };
    await server.admin(`/kitchens/${kitchen.kitchenId}/devices/${deviceId.deviceId}`, {
      method: 'DELETE',
    });
    const r = runner(t);
    r.start(true);
    await until(() => !!r.current.error);
    expect(r.current.error?.kind).toBe('unauthorized');
    expect(r.current.retryAt).toBeUndefined();
  });
});
