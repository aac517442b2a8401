import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { SyncError, type FetchLike } from './api';
import { getMeta, PENDING, setMeta } from './db';
import { hlcWall } from '$lib/domain/hlc';
import { stockOnHand } from '$lib/domain/stock-on-hand';
import { ingestRemote, readLog, setAsideEntries } from './log';
import { leaveKitchen } from './pairing';
import { localLock, syncOnce } from './sync-engine';
import { join } from 'node:path';
import { larder } from '../../../server/test-support/cli';
import { SERVER_URL } from '../../../test/support/server';
import { kitchenWithTablets, type Tablet } from '../../../test/support/tablet';

const setup = kitchenWithTablets();
const { tablet, joined } = setup;

describe('sync engine: push', () => {
  it('keeps events pending on a tablet that has not joined a kitchen, and syncs nothing', async () => {
    const t = await tablet();
    await t.stockUp();
    setup.server.requests.length = 0;
    expect(await t.sync()).toMatchObject({ joined: false, pushed: 0 });
    expect(await t.pending()).toBe(3);
    expect(setup.server.requests).toEqual([]);
  });

  it('uploads everything recorded before joining, then downloads the kitchen log', async () => {
    const other = await joined('JT');
    await other.stockUp(4);
    await other.sync();

    const t = await tablet();
    await t.stockUp(6);
    await t.join(setup.kitchen.kitchenId, setup.kitchen.joinCode);
    const report = await t.sync();

    expect(report).toMatchObject({ joined: true, pushed: 3, pulled: 6, head: 6 });
    expect(await t.pending()).toBe(0);
    expect(await t.cursor()).toBe(6);
    await other.sync();
    expect(await t.ids()).toEqual(await other.ids());
    expect(await t.stock()).toEqual(['Chicken@Freezer=4', 'Chicken@Freezer=6']);
    expect((await setup.server.allIds(setup.kitchen.kitchenId, await t.token())).length).toBe(6);
  });

  it('pushes in batches and marks every acknowledged event as synced', async () => {
    const t = await joined();
    const { itemId, locationId } = await t.stockUp();
    for (let i = 0; i < 7; i++) await t.record({ type: 'useStock', itemId, locationId, qty: 0.5 });
    const report = await t.sync({ pushBatch: 3 });
    expect(report.pushed).toBe(10);
    expect(
      setup.server.requests.filter((r) => r.startsWith('POST') && r.endsWith('/events')),
    ).toHaveLength(4);
    expect(await t.pending()).toBe(0);
    // Each event came back in the pull with its server seq, and left the outbox.
    const seqs = (await t.db.chunks.toArray()).flatMap((c) => c.events.map((e) => e.seq));
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await t.db.outbox.count()).toBe(0);
    expect(await t.stock()).toEqual(['Chicken@Freezer=6.5']);
  });
});

describe('signatures', () => {
  const eventsOnServer = async (token: string) => {
    const res = await setup.server.fetch(
      `${SERVER_URL}/api/v1/kitchens/${setup.kitchen.kitchenId}/events?after=0`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    return ((await res.json()) as { events: { id: string; sig?: string }[] }).events;
  };

  it('a tablet paired before signatures registers its key on its next sync, once, then signs', async () => {
    const t = await tablet();
    const identity = (await getMeta(t.db, 'identity'))!;
    // Paired by an older Larder: no public key went with it.
    const res = await setup.server.fetch(
      `${SERVER_URL}/api/v1/kitchens/${setup.kitchen.kitchenId}/devices`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          joinCode: setup.kitchen.joinCode,
          name: 'Old',
          deviceId: identity.deviceId,
        }),
      },
    );
    const { token } = (await res.json()) as { token: string };
    await setMeta(t.db, 'identity', {
      ...identity,
      server: { url: SERVER_URL, kitchenId: setup.kitchen.kitchenId, token },
    });
    await t.stockUp();
    setup.server.requests.length = 0;
    expect(await t.sync()).toMatchObject({ pushed: 3, setAside: 0 });
    const put = `PUT /api/v1/kitchens/${setup.kitchen.kitchenId}/devices/${identity.deviceId}/key`;
    expect(setup.server.requests.filter((r) => r === put)).toHaveLength(1);
    expect((await eventsOnServer(token)).every((e) => e.sig?.length === 86)).toBe(true);
    await t.record({ type: 'addItem', name: 'Rice', unit: 'kg' });
    setup.server.requests.length = 0;
    expect(await t.sync()).toMatchObject({ pushed: 1 });
    expect(setup.server.requests).not.toContain(put);

    // A tablet whose key is lost (its storage partly cleared) makes another; the server keeps
    // the first, so what this one records goes unsigned, valid from it as before.
    await t.db.meta.delete('signingKey');
    const { signs: _signs, ...link } = (await getMeta(t.db, 'identity'))!.server!;
    await setMeta(t.db, 'identity', { ...(await getMeta(t.db, 'identity'))!, server: link });
    await t.record({ type: 'addItem', name: 'Beans', unit: 'kg' });
    expect(await t.sync()).toMatchObject({ pushed: 1, setAside: 0 });
    const last = (await eventsOnServer(token)).at(-1);
    expect(last?.sig).toBeUndefined();
  });
});

describe('a tablet whose clock is wrong', () => {
  const TEN_YEARS = 10 * 365 * 24 * 3600_000;
  const TWO_HOURS = 2 * 3600_000;
  /** Stock as the tablet's own projection shows it (not refolded from storage). */
  const shown = (t: Tablet) =>
    stockOnHand(t.projection.state).map((r) => `${r.itemName}@${r.locationName}=${r.qty}`);

  it.each([
    ['10 years', TEN_YEARS],
    ['2 hours', TWO_HOURS],
  ])(
    'ahead by %s: refused, stamped again from the server’s time, told; its count no longer pins the item',
    async (_, ahead) => {
      const a = await joined('AA');
      const b = await joined('BB');
      const { itemId, locationId } = await a.stockUp();
      await a.sync();
      await b.sync();
      b.clockOffset = ahead;
      await b.record({ type: 'countStock', itemId, locationId, qty: 7 });
      const stamped = (await readLog(b.db)).events.at(-1)!.hlc;
      expect(hlcWall(stamped)).toBeGreaterThan(Date.now() + ahead - 60_000);

      const report = await b.sync();
      expect(report).toMatchObject({ restamped: 1, pushed: 1, setAside: 0 });
      // Told: the sync line asks for the right time.
      const skew = (await getMeta(b.db, 'clockSkew'))!;
      expect(Math.abs(skew - ahead)).toBeLessThan(5000);
      const onServer = (await setup.server.events(setup.kitchen.kitchenId, await a.token())).at(
        -1,
      )!;
      expect(Math.abs(hlcWall(onServer.hlc) - Date.now())).toBeLessThan(10_000);
      expect(shown(b)).toEqual(['Chicken@Freezer=7']);

      // Later, A counts again: the later count wins, on both tablets.
      await a.record({ type: 'countStock', itemId, locationId, qty: 5 });
      await a.sync();
      await b.sync();
      expect(await a.stock()).toEqual(['Chicken@Freezer=5']);
      expect(await b.stock()).toEqual(['Chicken@Freezer=5']);
      expect(shown(b)).toEqual(['Chicken@Freezer=5']);

      // Still wrong, B records: stamped by the server's time from the start, not refused.
      await b.record({ type: 'useStock', itemId, locationId, qty: 1 });
      expect(await b.sync()).toMatchObject({ restamped: 0, pushed: 1 });
      await a.sync();
      expect(await a.stock()).toEqual(['Chicken@Freezer=4']);
      expect(shown(b)).toEqual(['Chicken@Freezer=4']);
      // Fixed: the warning goes at the next sync.
      b.clockOffset = 0;
      await b.sync();
      expect(await getMeta(b.db, 'clockSkew')).toBeUndefined();
      expect(await b.ids()).toEqual(await a.ids());
    },
  );

  it('ahead, after it saw another tablet’s delivery stamped minutes ahead (allowed): its count stamped again still sorts after it', async () => {
    const a = await joined('AA');
    const b = await joined('BB');
    const { itemId, locationId } = await a.stockUp();
    a.clockOffset = 3 * 60_000;
    await a.record({ type: 'receiveStock', itemId, locationId, qty: 4 });
    expect(await a.sync()).toMatchObject({ restamped: 0, setAside: 0 });
    await b.sync();
    b.clockOffset = TEN_YEARS;
    await b.record({ type: 'countStock', itemId, locationId, qty: 7 });
    expect(await b.sync()).toMatchObject({ restamped: 1, pushed: 1 });
    await a.sync();
    expect(await a.stock()).toEqual(['Chicken@Freezer=7']);
    expect(await b.stock()).toEqual(['Chicken@Freezer=7']);
  });

  it('behind: its entries still sort after what it has seen, once it has synced', async () => {
    const a = await joined('AA');
    const { itemId, locationId } = await a.stockUp();
    await a.record({ type: 'countStock', itemId, locationId, qty: 8 });
    await a.sync();
    const c = await joined('CC');
    c.clockOffset = -TWO_HOURS;
    await c.sync();
    await c.record({ type: 'countStock', itemId, locationId, qty: 6 });
    expect(await c.sync()).toMatchObject({ pushed: 1, restamped: 0 });
    await a.sync();
    expect(await a.stock()).toEqual(['Chicken@Freezer=6']);
    expect(await c.stock()).toEqual(['Chicken@Freezer=6']);
  });
});

describe('refused events', () => {
  it('an event the server refuses is set aside with why; the rest lands; it is kept', async () => {
    const t = await joined();
    await t.stockUp();
    // An event of a newer Larder's version: valid where it was made, refused here.
    const [first] = (await readLog(t.db)).events;
    const bad = { ...first!, id: '01900000-0000-7000-8000-00000000bad1', v: 99 };
    await t.db.outbox.put({ id: bad.id, lseq: 1000, state: PENDING, event: bad });
    await t.record({ type: 'addItem', name: 'Rice', unit: 'kg' });

    const report = await t.sync();
    expect(report).toMatchObject({ pushed: 4, setAside: 1 });
    expect(await t.pending()).toBe(0);
    const [aside] = await setAsideEntries(t.db);
    expect(aside?.event).toEqual(bad);
    expect(aside?.refusal).toMatchObject({
      code: 'invalid_events',
      message: expect.stringMatching(/^v: /) as string,
    });
    expect((await setup.server.allIds(setup.kitchen.kitchenId, await t.token())).length).toBe(4);
    // Never pushed again, never deleted.
    expect(await t.sync()).toMatchObject({ pushed: 0, setAside: 0 });
    expect(await setAsideEntries(t.db)).toHaveLength(1);
  });
});

describe('clock', () => {
  it('keeps how far its clock is off the server’s past two minutes, and forgets it once right', async () => {
    const t = await joined();
    /** The server's answers, dated as a server whose clock is `behind` this tablet's. */
    const skewed =
      (behind: number): FetchLike =>
      async (url, init) => {
        const res = await setup.server.fetch(url, init);
        const headers = new Headers(res.headers);
        headers.set('Date', new Date(Date.now() - behind).toUTCString());
        return new Response(res.body, { status: res.status, headers });
      };
    await t.sync({ fetch: skewed(3 * 3600_000) });
    // The Date header counts whole seconds.
    expect(Math.abs((await getMeta(t.db, 'clockSkew'))! - 3 * 3600_000)).toBeLessThan(2000);
    await t.sync({ fetch: skewed(60_000) });
    expect(await getMeta(t.db, 'clockSkew')).toBeUndefined();
    await t.sync({ fetch: skewed(-10 * 60_000) });
    expect(await getMeta(t.db, 'clockSkew')).toBeLessThan(-9 * 60_000);
  });
});

describe('pairing again', () => {
  it('a tablet joins its kitchen again, after leaving it too, with its own token', async () => {
    const t = await joined();
    const first = await t.token();
    await t.join(setup.kitchen.kitchenId, setup.kitchen.joinCode);
    const second = await t.token();
    expect(second).not.toBe(first);
    await leaveKitchen(t.db);
    expect((await getMeta(t.db, 'identity'))?.server).toBeUndefined();
    await t.join(setup.kitchen.kitchenId, setup.kitchen.joinCode);
    expect(await t.token()).not.toBe(second);
    expect(await t.sync()).toMatchObject({ joined: true });
  });

  it('without its token, joining a kitchen it is paired with is refused with a clear code', async () => {
    const t = await joined();
    const copy = await tablet();
    // Another tablet's data with this one's id: it never had the token.
    const identity = (await getMeta(t.db, 'identity'))!;
    const { server: _server, ...alone } = identity;
    await copy.db.meta.put({ key: 'identity', value: alone });
    const error = await copy
      .join(setup.kitchen.kitchenId, setup.kitchen.joinCode)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect(error).toMatchObject({ status: 409, code: 'device_paired' });
  });
});

describe('sync engine: pull', () => {
  it('downloads the log in pages and moves the cursor to the head', async () => {
    const a = await joined('JT');
    const { itemId, locationId } = await a.stockUp();
    for (let i = 0; i < 20; i++)
      await a.record({ type: 'useStock', itemId, locationId, qty: 0.25 });
    await a.sync();

    const b = await joined();
    const report = await b.sync({ pullLimit: 4 });
    expect(report.pulled).toBe(23);
    expect(
      setup.server.requests.filter((r) => r.startsWith('GET') && r.endsWith('/events')).length,
    ).toBe(1 + 6);
    expect(await b.cursor()).toBe(23);
    expect(await b.ids()).toEqual(await a.ids());
    expect(await b.stock()).toEqual(['Chicken@Freezer=5']);
    expect(await b.pending()).toBe(0);
  });

  it('moves the clock past every stamp received, so what it records next sorts after', async () => {
    const a = await joined('JT');
    await a.stockUp();
    // A stamp a few minutes ahead of this tablet's wall clock (a tablet whose clock runs fast).
    const ahead = Date.now() + 5 * 60_000;
    await a.record({ type: 'addItem', name: 'Rice', unit: 'kg' });
    await a.db.meta.put({ key: 'clock', value: `${String(ahead).padStart(15, '0')}-00000` });
    await a.record({ type: 'addItem', name: 'Peas', unit: 'kg' });
    await a.sync();

    const b = await joined();
    await b.sync();
    const clock = await getMeta(b.db, 'clock');
    const newest = (await readLog(a.db)).events
      .map((e) => e.hlc)
      .sort()
      .at(-1)!;
    expect(clock! >= newest).toBe(true);
    const [mine] = await b.record({ type: 'addItem', name: 'Corn', unit: 'kg' });
    expect(mine!.event.hlc > newest).toBe(true);
  });

  it('stores a page delivered twice (pull and stream) once, and never moves the cursor back', async () => {
    const a = await joined();
    await a.stockUp();
    await a.sync();
    const page = (await a.db.chunks.toArray()).flatMap((c) => c.events);
    expect(await ingestRemote(a.db, page.slice(0, 2))).toMatchObject({ added: 0 });
    expect(await ingestRemote(a.db, page)).toMatchObject({ added: 0 });
    expect(await a.cursor()).toBe(3);
    expect(await a.ids()).toHaveLength(3);
  });

  it('keeps events it cannot read (a newer version made them) without folding them', async () => {
    const a = await joined();
    await a.stockUp();
    await a.sync();
    const [event] = (await a.db.chunks.toArray()).flatMap((c) => c.events);
    const future = {
      ...event!,
      id: event!.id.replace(/.$/, 'f'),
      seq: 4,
      type: 'stock.teleported',
    };
    expect(await ingestRemote(a.db, [future])).toMatchObject({ added: 1 });
    const log = await readLog(a.db);
    expect(log.unreadable).toBe(1);
    expect(log.events).toHaveLength(3);
    expect(await a.cursor()).toBe(4);
  });
});

describe('sync engine: failures', () => {
  it('resends a push whose answer was lost: nothing lost, nothing duplicated', async () => {
    const t = await joined();
    await t.stockUp();
    setup.server.loseAnswerOf = /^POST .*\/events$/;
    const error = await t.sync().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).kind).toBe('offline');
    expect((error as SyncError).retryable).toBe(true);
    // The server stored them; the tablet does not know yet, so they are still pending.
    expect(await t.pending()).toBe(3);
    expect(await getMeta(t.db, 'syncError')).toMatchObject({ kind: 'offline' });

    const report = await t.sync();
    expect(report).toMatchObject({ pushed: 0, duplicates: 3, head: 3 });
    expect(await t.pending()).toBe(0);
    expect(await getMeta(t.db, 'syncError')).toBeUndefined();
    expect(await setup.server.allIds(setup.kitchen.kitchenId, await t.token())).toHaveLength(3);
  });

  it('treats a lost pull answer as offline and pulls the same page again', async () => {
    const a = await joined();
    await a.stockUp();
    await a.sync();
    const b = await joined();
    setup.server.loseAnswerOf = /^GET .*\/events$/;
    await expect(b.sync()).rejects.toMatchObject({ kind: 'offline' });
    expect(await b.cursor()).toBeUndefined();
    await b.sync();
    expect(await b.ids()).toEqual(await a.ids());
  });

  it('survives a server restart: pending events wait, then arrive once', async () => {
    const t = await joined();
    const { itemId, locationId } = await t.stockUp();
    await t.sync();
    await setup.server.stop();
    await t.record({ type: 'useStock', itemId, locationId, qty: 2 });
    await t.record({ type: 'useStock', itemId, locationId, qty: 1 });
    await expect(t.sync()).rejects.toMatchObject({ kind: 'offline' });
    expect(await t.pending()).toBe(2);

    setup.server.start();
    expect(await t.sync()).toMatchObject({ pushed: 2, head: 5 });
    expect(await t.pending()).toBe(0);
    const ids = await setup.server.allIds(setup.kitchen.kitchenId, await t.token());
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
    expect(await t.stock()).toEqual(['Chicken@Freezer=7']);
  });

  it('stops with a clear message when the tablet was removed from the kitchen', async () => {
    const t = await joined();
    await t.stockUp();
    const identity = await getMeta(t.db, 'identity');
    const res = await setup.server.admin(
      `/kitchens/${setup.kitchen.kitchenId}/devices/${identity!.deviceId}`,
      {
        method: 'DELETE',
      },
    );
    expect(res.status).toBe(204);

    const error = (await t.sync().catch((e: unknown) => e)) as SyncError;
    expect(error.kind).toBe('unauthorized');
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/no longer allowed.*Join the kitchen again/);
    expect(await getMeta(t.db, 'syncError')).toMatchObject({ kind: 'unauthorized' });
    expect(await t.pending()).toBe(3);

    // Joining again gives a new token; everything recorded meanwhile goes up.
    await t.join(setup.kitchen.kitchenId, setup.kitchen.joinCode);
    expect(await t.sync()).toMatchObject({ pushed: 3 });
    expect(await getMeta(t.db, 'syncError')).toBeUndefined();
  });

  it('refuses a wrong join code in words a cook understands, and stays on its own', async () => {
    const t = await tablet();
    await expect(t.join(setup.kitchen.kitchenId, 'WRONG-CODE')).rejects.toThrow(
      /join code is not right/,
    );
    expect((await getMeta(t.db, 'identity'))?.server).toBeUndefined();
  });
});

describe('sync engine: several tablets', () => {
  it('converges two tablets that recorded conflicting and independent changes offline', async () => {
    const a = await joined('JT');
    const { itemId, locationId } = await a.stockUp(10);
    await a.sync();
    const b = await joined('RS');
    await b.sync();

    // Offline on both: uses add up, the two counts conflict, each adds an item.
    await a.record({ type: 'useStock', itemId, locationId, qty: 2 });
    await b.record({ type: 'useStock', itemId, locationId, qty: 3 });
    await a.record({ type: 'countStock', itemId, locationId, qty: 9 });
    await b.record({ type: 'countStock', itemId, locationId, qty: 4 });
    await a.record({ type: 'addItem', name: 'Rice', unit: 'kg' });
    await b.record({ type: 'addItem', name: 'Peas', unit: 'kg' });

    await a.sync();
    await b.sync();
    await a.sync();

    expect(await a.ids()).toEqual(await b.ids());
    expect(await a.ids()).toHaveLength(9);
    expect(await a.stock()).toEqual(await b.stock());
    expect((await a.state()).items.size).toBe(3);
  });

  it('runs one sync at a time per lock, however many are asked for', async () => {
    const t = await joined();
    await t.stockUp();
    const lock = localLock();
    let running = 0;
    let most = 0;
    const tracked = <T>(name: string, fn: () => Promise<T>) =>
      lock(name, async () => {
        most = Math.max(most, ++running);
        try {
          return await fn();
        } finally {
          running--;
        }
      });
    const deps = {
      db: t.db,
      fetch: setup.server.fetch,
      lock: tracked,
      healing: () => import('./healing'),
      signing: () => import('./signing'),
    };
    await Promise.all([syncOnce(deps), syncOnce(deps), syncOnce(deps)]);
    expect(most).toBe(1);
    expect(await setup.server.allIds(setup.kitchen.kitchenId, await t.token())).toHaveLength(3);
  });
});

describe('transfers', () => {
  it('a send is on the sender’s list after its round, and on the receiver’s after theirs; a round without news asks again only when due', async () => {
    const base = await joined('BK');
    const { itemId, locationId } = await base.stockUp();
    const satellite = await tablet('WM');
    const other = await setup.server.createKitchen('Washington Middle');
    await satellite.join(other.kitchenId, other.joinCode);
    await satellite.sync();
    expect(await getMeta(satellite.db, 'transfers')).toMatchObject({
      kitchenId: other.kitchenId,
      kitchens: [
        { kitchenId: setup.kitchen.kitchenId, name: 'Lincoln Elementary' },
        { kitchenId: other.kitchenId, name: 'Washington Middle' },
      ],
      in: [],
    });

    const transferId = '44444444-0000-4000-8000-000000000001';
    await base.sync();
    await base.record({
      type: 'sendStock',
      transferId,
      toKitchen: other.kitchenId,
      itemId,
      locationId,
      qty: 4,
    });
    expect(await base.sync()).toMatchObject({ pushed: 1, transfersMoved: true });
    expect((await getMeta(base.db, 'transfers'))?.out).toMatchObject([
      { transferId, status: 'open', lines: [{ itemName: 'Chicken', qty: 4 }] },
    ]);

    // Nothing moved at the satellite and its lists are fresh: not asked again...
    setup.server.requests.length = 0;
    await satellite.sync();
    expect(setup.server.requests.filter((r) => r.includes('/transfers'))).toEqual([]);
    expect((await getMeta(satellite.db, 'transfers'))?.in).toEqual([]);
    // ...until it is due, or the screen asks.
    await satellite.sync({ refreshTransfers: true });
    expect((await getMeta(satellite.db, 'transfers'))?.in).toMatchObject([
      { transferId, from: { kitchenId: setup.kitchen.kitchenId }, lines: [{ qty: 4 }] },
    ]);
    const later = Date.now() + 3 * 60_000;
    setup.server.requests.length = 0;
    await satellite.sync({ now: () => later });
    expect(setup.server.requests.filter((r) => r.includes('/transfers'))).toHaveLength(2);
  });
});

describe('after a restore', () => {
  it('tablets give back what the restored log lacks and converge; one behind the copy heals through the epoch', async () => {
    const a = await joined('AA');
    const b = await joined('BB');
    const c = await joined('CC');
    const { itemId, locationId } = await a.stockUp();
    await a.sync();
    await b.sync();
    await c.sync();
    const backup = join(setup.server.dir, 'copy.db');
    expect((await larder(['--data-dir', setup.server.dir, 'backup', backup])).code).toBe(0);

    // After the copy: more from both; the server acknowledges and hands them back.
    await a.record({ type: 'useStock', itemId, locationId, qty: 1 });
    await b.record({ type: 'useStock', itemId, locationId, qty: 2 });
    await a.sync();
    await b.sync();
    await a.sync();
    expect(await a.pending()).toBe(0);
    const before = await a.ids();
    expect(before).toHaveLength(5);

    await setup.server.stop();
    const restored = await larder(['--data-dir', setup.server.dir, 'restore', backup]);
    expect(restored).toMatchObject({ code: 0, out: expect.stringContaining('3 events') as string });
    setup.server.start();
    expect(await setup.server.allIds(setup.kitchen.kitchenId, await a.token())).toHaveLength(3);

    // A is ahead of the copy (log_behind): it gives back what the copy lacks, its own
    // entry and B's (signed by B). B then finds the log whole again under a new epoch.
    expect(await a.sync()).toMatchObject({ healed: 2, pushed: 2 });
    expect(await b.sync()).toMatchObject({ healed: 0, pushed: 0 });
    await a.sync();
    expect((await setup.server.allIds(setup.kitchen.kitchenId, await a.token())).sort()).toEqual(
      before,
    );
    expect(await a.ids()).toEqual(before);
    expect(await b.ids()).toEqual(before);
    expect(await a.pending()).toBe(0);
    expect(await a.stock()).toEqual(['Chicken@Freezer=7']);
    expect(await b.stock()).toEqual(await a.stock());
    // C last synced before the copy was made: its cursor is within the restored log, and
    // only the new epoch tells it the log went back. It heals too, holding nothing twice.
    await c.record({ type: 'useStock', itemId, locationId, qty: 0.5 });
    expect(await c.sync()).toMatchObject({ healed: 0, pushed: 1, pulled: 6 });
    await a.sync();
    expect(await c.ids()).toEqual(await a.ids());
    expect(await c.ids()).toHaveLength(6);
    expect(await c.stock()).toEqual(['Chicken@Freezer=6.5']);
    expect(await a.pending()).toBe(0);
    // Nothing held twice, and a round after healing pulls nothing again.
    expect(await a.sync()).toMatchObject({ healed: 0, pulled: 0 });
  });

  it("a destroyed tablet's entries come back through the others, as it signed them", async () => {
    const a = await joined('AA');
    const b = await joined('BB');
    const c = await joined('CC');
    const { itemId, locationId } = await a.stockUp();
    for (const t of [a, b, c]) await t.sync();
    const backup = join(setup.server.dir, 'copy.db');
    expect((await larder(['--data-dir', setup.server.dir, 'backup', backup])).code).toBe(0);

    // After the copy, all three record; everything reaches everyone.
    await a.record({ type: 'useStock', itemId, locationId, qty: 1 });
    await b.record({ type: 'useStock', itemId, locationId, qty: 2 });
    await c.record({ type: 'useStock', itemId, locationId, qty: 3 });
    await c.record({ type: 'wasteStock', itemId, locationId, qty: 0.5, reason: 'spoiled' });
    for (const t of [a, b, c, a, b]) await t.sync();
    const before = await a.ids();
    expect(before).toHaveLength(7);
    expect(await b.ids()).toEqual(before);
    expect(await a.stock()).toEqual(['Chicken@Freezer=3.5']);
    // C is dropped in the fryer: gone, with its database.
    c.close();

    await setup.server.stop();
    expect((await larder(['--data-dir', setup.server.dir, 'restore', backup])).code).toBe(0);
    setup.server.start();
    expect(await setup.server.allIds(setup.kitchen.kitchenId, await a.token())).toHaveLength(3);

    const started = performance.now();
    // A gives back all four: its own and B's and C's, each signed by its tablet.
    expect(await a.sync()).toMatchObject({ healed: 4, pushed: 4, setAside: 0 });
    expect(await b.sync()).toMatchObject({ healed: 0, pushed: 0 });
    await a.sync();
    const healMs = performance.now() - started;
    expect((await setup.server.allIds(setup.kitchen.kitchenId, await a.token())).sort()).toEqual(
      before,
    );
    expect(await a.ids()).toEqual(before);
    expect(await b.ids()).toEqual(before);
    expect(await a.pending()).toBe(0);
    expect(await a.stock()).toEqual(['Chicken@Freezer=3.5']);
    expect(await b.stock()).toEqual(await a.stock());
    // Each came back as its tablet signed it.
    const res = await setup.server.fetch(
      `${SERVER_URL}/api/v1/kitchens/${setup.kitchen.kitchenId}/events?after=3`,
      { headers: { authorization: `Bearer ${await a.token()}` } },
    );
    const back = ((await res.json()) as { events: { sig?: string }[] }).events;
    expect(back.map((e) => typeof e.sig)).toEqual(['string', 'string', 'string', 'string']);
    console.info(`healed 4 events of 3 tablets in ${Math.round(healMs)} ms`);
  });

  it('restored to a copy holding no entries yet: the whole log comes back from one tablet', async () => {
    const a = await joined('AA');
    const b = await joined('BB');
    const empty = join(setup.server.dir, 'empty.db');
    expect((await larder(['--data-dir', setup.server.dir, 'backup', empty])).code).toBe(0);
    const { itemId, locationId } = await a.stockUp();
    await a.sync();
    await b.sync();
    await b.record({ type: 'useStock', itemId, locationId, qty: 4 });
    await b.sync();
    await a.sync();
    const before = await a.ids();
    expect(before).toHaveLength(4);

    await setup.server.stop();
    expect((await larder(['--data-dir', setup.server.dir, 'restore', empty])).code).toBe(0);
    setup.server.start();
    expect(await setup.server.allIds(setup.kitchen.kitchenId, await a.token())).toEqual([]);

    expect(await a.sync()).toMatchObject({ healed: 4, pushed: 4, setAside: 0 });
    expect(await b.sync()).toMatchObject({ healed: 0, pushed: 0 });
    await a.sync();
    expect((await setup.server.allIds(setup.kitchen.kitchenId, await a.token())).sort()).toEqual(
      before,
    );
    expect(await a.ids()).toEqual(before);
    expect(await b.ids()).toEqual(before);
    expect(await b.stock()).toEqual(['Chicken@Freezer=6']);
    expect(await a.stock()).toEqual(await b.stock());
  });
});
