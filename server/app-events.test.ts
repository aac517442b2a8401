import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../src/lib/domain/events';
import { generateEvents, uuid4 } from './test-support/events';
import { harness, json, type Harness } from './test-support/harness';

let h: Harness;
let kitchenId: string;
let token: string;
const events = generateEvents(60);
const path = () => `/api/v1/kitchens/${kitchenId}/events`;

beforeEach(async () => {
  h = await harness();
  const kitchen = await h.createKitchen();
  kitchenId = kitchen.kitchenId;
  token = (await h.pair(kitchenId, kitchen.joinCode, 1)).token;
});
afterEach(async () => {
  await h.close();
});

const body = async (res: Response) => (await res.json()) as Record<string, unknown>;

describe('push', () => {
  it('stores a batch: 200 {accepted, duplicates, head}', async () => {
    const res = await h.push(kitchenId, token, events.slice(0, 10));
    expect(res.status).toBe(200);
    expect(await body(res)).toEqual({
      accepted: 10,
      duplicates: 0,
      head: 10,
      epoch: expect.any(String) as string,
    });
    expect(await h.store.head(kitchenId)).toBe(10);
  });

  it('answers the epoch pulls answer with every push, and a new one at once after larder new-epoch', async () => {
    const epochOf = async (res: Response) => (await body(res))['epoch'];
    const first = await epochOf(await h.push(kitchenId, token, events.slice(0, 2)));
    const second = await epochOf(await h.push(kitchenId, token, events.slice(2, 4)));
    const pulled = await epochOf(await h.as(token, `/api/v1/kitchens/${kitchenId}/events`));
    expect([first, second]).toEqual([pulled, pulled]);
    expect((await h.larder(['new-epoch'])).code).toBe(0);
    const after = await epochOf(await h.push(kitchenId, token, events.slice(4, 6)));
    expect(after).not.toBe(pulled);
    expect(await epochOf(await h.as(token, `/api/v1/kitchens/${kitchenId}/events`))).toBe(after);
  });

  it('is idempotent: a resent batch counts duplicates and stores nothing twice', async () => {
    await h.push(kitchenId, token, events.slice(0, 10));
    const res = await h.push(kitchenId, token, events.slice(5, 15));
    expect(await body(res)).toEqual({
      accepted: 5,
      duplicates: 5,
      head: 15,
      epoch: expect.any(String) as string,
    });
    const again = await h.push(kitchenId, token, events.slice(0, 15));
    expect(await body(again)).toEqual({
      accepted: 0,
      duplicates: 15,
      head: 15,
      epoch: expect.any(String) as string,
    });
  });

  it('answers 409 for an id stored with other content, and stores none of the batch', async () => {
    await h.push(kitchenId, token, events.slice(0, 5));
    const changed = { ...events[2]!, actor: 'Mallory' };
    const res = await h.push(kitchenId, token, [events[5], changed, events[6]]);
    expect(res.status).toBe(409);
    expect(await body(res)).toMatchObject({
      error: { code: 'conflicting_event', details: [{ index: 1, path: 'id' }] },
    });
    expect(await h.store.head(kitchenId)).toBe(5);
  });

  it('answers 422 with {index, path, message} for every invalid event, and stores none', async () => {
    const badQty = { ...events[10]!, data: { ...(events[10]!.data as object), qty: -1 } };
    const badType = { ...events[11]!, type: 'stock.stolen' };
    const noActor: Partial<EventEnvelope> = { ...events[12]! };
    delete noActor.actor;
    const res = await h.push(kitchenId, token, [events[0], badQty, badType, noActor]);
    expect(res.status).toBe(422);
    const error = (await body(res)).error as { code: string; details: unknown[] };
    expect(error.code).toBe('invalid_events');
    expect(error.details).toEqual([
      { index: 1, path: 'data.qty', message: expect.any(String) as string },
      { index: 2, path: 'type', message: expect.stringContaining('stock.stolen') as string },
      { index: 3, path: 'actor', message: expect.any(String) as string },
    ]);
    expect(await h.store.head(kitchenId)).toBe(0);
  });

  it('checks payloads against the schema of their version (v1 waste with free-text reason)', async () => {
    const base = events[0]!;
    const v1 = {
      ...base,
      id: '01900000-0000-7000-8000-00000000a001',
      type: 'stock.wasted',
      v: 1,
      data: { itemId: uuid4(1), locationId: uuid4(2), qty: 1, reason: 'dropped it' },
    };
    expect((await h.push(kitchenId, token, [v1])).status).toBe(200);
    const v3 = { ...v1, id: '01900000-0000-7000-8000-00000000a002', v: 3 };
    const res = await h.push(kitchenId, token, [v3]);
    expect(res.status).toBe(422);
    expect(await body(res)).toMatchObject({ error: { details: [{ index: 0, path: 'v' }] } });
  });

  it('answers 403 when an event is not the token device’s own, and stores none', async () => {
    const foreign = { ...events[1]!, device: uuid4(2, 0xd0) };
    const res = await h.push(kitchenId, token, [events[0], foreign]);
    expect(res.status).toBe(403);
    expect(await body(res)).toMatchObject({
      error: { code: 'device_mismatch', details: [{ index: 1, path: 'device' }] },
    });
    expect(await h.store.head(kitchenId)).toBe(0);
  });

  describe('a big batch', () => {
    const big = generateEvents(250);
    const late = 230;
    const rest = async () => {
      // Nothing was left half done: the next push is stored from seq 1.
      const res = await h.push(kitchenId, token, big.slice(0, 5));
      expect(await body(res)).toEqual({
        accepted: 5,
        duplicates: 0,
        head: 5,
        epoch: expect.any(String) as string,
      });
    };

    it('stores a batch of 250 whole', async () => {
      const res = await h.push(kitchenId, token, big);
      expect(await body(res)).toEqual({
        accepted: big.length,
        duplicates: 0,
        head: big.length,
        epoch: expect.any(String) as string,
      });
      const pulled = await body(await h.as(token, `${path()}?limit=5000`));
      expect((pulled.events as EventEnvelope[]).map((e) => e.id)).toEqual(big.map((e) => e.id));
    });

    it('stores nothing when an event late in it is invalid (422)', async () => {
      const bad = big.map((e, i) => (i === late ? { ...e, hlc: 'yesterday' } : e));
      const res = await h.push(kitchenId, token, bad);
      expect(res.status).toBe(422);
      expect(await body(res)).toMatchObject({ error: { details: [{ index: late, path: 'hlc' }] } });
      expect(await h.store.head(kitchenId)).toBe(0);
      await rest();
    });

    it('stores nothing when an event late in it is another device’s (403)', async () => {
      const bad = big.map((e, i) => (i === late ? { ...e, device: uuid4(2, 0xd0) } : e));
      const res = await h.push(kitchenId, token, bad);
      expect(res.status).toBe(403);
      expect(await body(res)).toMatchObject({ error: { details: [{ index: late }] } });
      expect(await h.store.head(kitchenId)).toBe(0);
      await rest();
    });

    it('stores nothing when an event of a late part conflicts (409)', async () => {
      await h.push(kitchenId, token, big.slice(0, 1));
      const bad = big.map((e, i) => (i === late ? { ...big[0]!, actor: 'Mallory' } : e));
      const res = await h.push(kitchenId, token, bad);
      expect(res.status).toBe(409);
      expect(await body(res)).toMatchObject({ error: { details: [{ index: late, path: 'id' }] } });
      expect(await h.store.head(kitchenId)).toBe(1);
    });
  });

  /** Pushes `text` as the body, as it is. */
  const pushText = (text: string) =>
    h.as(token, path(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: text,
    });
  const storedBodies = () => h.storedBodies(kitchenId);

  it('stores each event as the validated value encoded, whatever the layout it was sent in', async () => {
    // Keys in another order than the server would write them, and the body pretty-printed.
    const sent = events.slice(0, 3).map(({ data, ...envelope }) => ({ data, ...envelope }));
    const res = await pushText(JSON.stringify({ events: sent }, null, 2));
    expect(await body(res)).toEqual({
      accepted: 3,
      duplicates: 0,
      head: 3,
      epoch: expect.any(String) as string,
    });
    expect((await storedBodies()).map((text) => JSON.parse(text) as unknown)).toEqual(sent);
    expect((await storedBodies()).every((text) => !text.includes('\n'))).toBe(true);
    const pulled = await body(await h.as(token, path()));
    expect(pulled.events).toEqual(sent.map((e, i) => ({ ...e, seq: i + 1 })));
    // The same events sent compact are duplicates, not conflicts.
    expect(await body(await h.push(kitchenId, token, events.slice(0, 3)))).toEqual({
      accepted: 0,
      duplicates: 3,
      head: 3,
      epoch: expect.any(String) as string,
    });
  });

  it('stores an event sent with padding compactly: no device can bloat the log', async () => {
    const [event] = events;
    const padded = JSON.stringify(event).replace('{', `{${' '.repeat(20 * 1024)}`);
    const res = await pushText(`{"events":[${padded}]}`);
    expect(await body(res)).toEqual({
      accepted: 1,
      duplicates: 0,
      head: 1,
      epoch: expect.any(String) as string,
    });
    expect(await storedBodies()).toEqual([JSON.stringify(event)]);
  });

  it('stores what was validated when an event repeats a key (JSON.parse keeps the last)', async () => {
    const event = events.find((e) => typeof (e.data as { qty?: unknown }).qty === 'number')!;
    expect((event.data as { qty: number }).qty).toBeGreaterThan(0);
    const repeated = JSON.stringify(event).replace('"qty":', '"qty":-5,"qty":');
    const res = await pushText(`{"events":[${repeated}]}`);
    expect(await body(res)).toEqual({
      accepted: 1,
      duplicates: 0,
      head: 1,
      epoch: expect.any(String) as string,
    });
    const [stored] = await storedBodies();
    expect(stored).toBe(JSON.stringify(event));
    const { qty } = (JSON.parse(stored!) as { data: { qty: number } }).data;
    expect(qty).toBe((event.data as { qty: number }).qty);
  });

  it('answers 413 for more than 1000 events', async () => {
    const many = generateEvents(1001);
    const res = await h.push(kitchenId, token, many);
    expect(res.status).toBe(413);
    expect(await body(res)).toMatchObject({ error: { code: 'too_many_events' } });
    expect((await h.push(kitchenId, token, many.slice(0, 1000))).status).toBe(200);
  });

  it('answers 413 for a body over 1 MiB counted in bytes, before parsing', async () => {
    // Valid JSON when parsed, but its size alone must refuse it: 1 MiB + 1 byte.
    const padding = ' '.repeat(1024 * 1024 - '{"events":[]}'.length + 1);
    const big = `{"events":[]${padding}}`;
    expect(Buffer.byteLength(big)).toBe(1024 * 1024 + 1);
    const res = await h.as(token, path(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: big,
    });
    expect(res.status).toBe(413);
    expect(await body(res)).toMatchObject({ error: { code: 'payload_too_large' } });
    // Multi-byte text: under 1 MiB in characters, over it in bytes.
    const wide = `{"events":[],"x":"${'é'.repeat(600_000)}"}`;
    expect(wide.length).toBeLessThan(1024 * 1024);
    const res2 = await h.as(token, path(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: wide,
    });
    expect(res2.status).toBe(413);
  });

  it('answers 413 for a streamed body without Content-Length once it passes 1 MiB', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await h.request(path(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('answers 400 for invalid JSON and 415 for a body that is not JSON', async () => {
    for (const bad of ['{"events": [', '', 'null x', '\u0000']) {
      const res = await h.as(token, path(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: bad,
      });
      expect(res.status).toBe(400);
      expect(await body(res)).toMatchObject({ error: { code: 'invalid_json' } });
    }
    const text = await h.as(token, path(), { method: 'POST', body: '{"events":[]}' });
    expect(text.status).toBe(415);
  });

  it('answers 422 for a body of the wrong shape', async () => {
    for (const shape of [[], { events: {} }, { events: 'x' }, null, 42, {}]) {
      const res = await h.push(kitchenId, token, []);
      expect(res.status).toBe(200);
      const wrong = await h.as(token, path(), json(shape));
      expect(wrong.status).toBe(422);
      expect(await body(wrong)).toMatchObject({
        error: { code: 'invalid_body', details: [{ path: 'events' }] },
      });
    }
  });

  it('needs a live token of this kitchen: none or unknown 401, another kitchen 403', async () => {
    expect((await h.request(path(), json({ events: [] }))).status).toBe(401);
    expect((await h.push(kitchenId, 'garbage', [])).status).toBe(401);
    const other = await h.createKitchen('Other School');
    const otherToken = (await h.pair(other.kitchenId, other.joinCode, 2)).token;
    const res = await h.push(kitchenId, otherToken, [{ ...events[0]!, device: uuid4(2, 0xd0) }]);
    expect(res.status).toBe(403);
    expect(await body(res)).toMatchObject({ error: { code: 'forbidden' } });
    expect((await h.as(otherToken, path())).status).toBe(403);
    // ...and a token never reaches a kitchen that does not exist either.
    expect((await h.as(token, '/api/v1/kitchens/ghost/events')).status).toBe(403);
    expect(await h.store.head(kitchenId)).toBe(0);
  });

  it('accepts the same events in another kitchen independently', async () => {
    await h.push(kitchenId, token, events.slice(0, 3));
    const other = await h.createKitchen('Other School');
    const otherToken = (await h.pair(other.kitchenId, other.joinCode, 1)).token;
    const res = await h.push(other.kitchenId, otherToken, events.slice(0, 3));
    expect(await body(res)).toEqual({
      accepted: 3,
      duplicates: 0,
      head: 3,
      epoch: expect.any(String) as string,
    });
  });
});

describe('pull', () => {
  beforeEach(async () => {
    await h.push(kitchenId, token, events.slice(0, 25));
  });

  it('pages in seq order with head and more', async () => {
    const res = await h.as(token, `${path()}?after=0&limit=10`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as {
      events: (EventEnvelope & { seq: number })[];
      head: number;
      more: boolean;
    };
    expect(page.head).toBe(25);
    expect(page.more).toBe(true);
    expect(page.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(page.events[0]).toEqual({ ...events[0], seq: 1 });
    const last = (await (await h.as(token, `${path()}?after=20&limit=10`)).json()) as typeof page;
    expect(last.events.map((e) => e.seq)).toEqual([21, 22, 23, 24, 25]);
    expect(last.more).toBe(false);
  });

  it('defaults to after=0 and limit 1000, and caps limit at 5000', async () => {
    const all = (await (await h.as(token, path())).json()) as { events: unknown[]; more: boolean };
    expect(all.events).toHaveLength(25);
    expect(all.more).toBe(false);
    const more = generateEvents(5500, { salt: 9, device: uuid4(1, 0xd0) });
    for (let i = 0; i < more.length; i += 1000) {
      expect((await h.push(kitchenId, token, more.slice(i, i + 1000))).status).toBe(200);
    }
    const capped = (await (await h.as(token, `${path()}?limit=99999`)).json()) as {
      events: unknown[];
      more: boolean;
    };
    expect(capped.events).toHaveLength(5000);
    expect(capped.more).toBe(true);
    const dflt = (await (await h.as(token, path())).json()) as { events: unknown[] };
    expect(dflt.events).toHaveLength(1000);
    const huge = (await (await h.as(token, `${path()}?limit=99999999999999999999`)).json()) as {
      events: unknown[];
    };
    expect(huge.events).toHaveLength(5000);
    // Past the head: the log went back (a restore), never a silent empty page.
    const beyond = await h.as(token, `${path()}?after=99999999999999999999`);
    expect(beyond.status).toBe(409);
    expect(await beyond.json()).toEqual({
      error: {
        code: 'log_behind',
        message: expect.stringContaining('pull from the start') as string,
        head: 5525,
        epoch: expect.any(String) as string,
      },
    });
    const zero = await h.as(token, `${path()}?after=0&limit=0`);
    expect(await zero.json()).toEqual({
      events: [],
      head: 5525,
      more: true,
      epoch: expect.any(String) as string,
    });
  });

  it('answers an empty kitchen with head 0', async () => {
    const other = await h.createKitchen('Empty');
    const t = (await h.pair(other.kitchenId, other.joinCode, 3)).token;
    const res = await h.as(t, `/api/v1/kitchens/${other.kitchenId}/events?after=0`);
    expect(await res.json()).toEqual({
      events: [],
      head: 0,
      more: false,
      epoch: expect.any(String) as string,
    });
  });

  it('answers 400 for a negative or non-integer after or limit', async () => {
    for (const query of [
      'after=-1',
      'after=1.5',
      'after=abc',
      'after=',
      'limit=-5',
      'limit=2.5',
      'limit=1e3',
      'after=%zz',
      'after=1&after=x',
    ]) {
      const res = await h.as(token, `${path()}?${query}`);
      expect(res.status, query).toBe(400);
      expect(await body(res)).toMatchObject({ error: { code: 'bad_request' } });
    }
  });
});

describe('errors', () => {
  it('answers unknown API routes and methods with the error shape and 404', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/nope'],
      ['GET', '/api/v2/health'],
      ['PUT', `/api/v1/kitchens/x/events`],
    ] as const) {
      const res = await h.request(url, { method });
      expect(res.status).toBe(404);
      expect(await body(res)).toMatchObject({ error: { code: 'not_found' } });
    }
  });

  it('never leaks a stack trace when storage fails (500 with the error shape)', async () => {
    const lines: string[] = [];
    const broken = await harness({ log: (line) => lines.push(line) });
    const k = await broken.createKitchen();
    const t = (await broken.pair(k.kitchenId, k.joinCode)).token;
    await broken.failInserts('disk on fire');
    const res = await broken.push(k.kitchenId, t, events.slice(0, 1));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('disk on fire');
    expect(text).not.toContain('at ');
    expect(JSON.parse(text)).toEqual({
      error: { code: 'internal', message: 'Internal server error' },
    });
    expect(lines.some((l) => l.includes('disk on fire'))).toBe(true);
    // An error's answer carries the security headers too, and the request is logged.
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'self'");
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    expect(lines.some((l) => /^--> POST \/api\/v1\/kitchens\/\S+\/events \S*500/.test(l))).toBe(
      true,
    );
    await broken.close();
  });

  it('sets security headers on API answers', async () => {
    const res = await h.request('/api/v1/health');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'self'");
    expect(res.headers.get('Cache-Control')).toBe('no-store');
  });
});
