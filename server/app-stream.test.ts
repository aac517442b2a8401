import { request, type IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateEvents } from './test-support/events';
import { harness, type Harness } from './test-support/harness';
import { KEPT_EVENTS } from './notifier';

let h: Harness;
let kitchenId: string;
let token: string;
let deviceId: string;
const events = generateEvents(30);

beforeEach(async () => {
  h = await harness({ heartbeatMs: 40 });
  const kitchen = await h.createKitchen();
  kitchenId = kitchen.kitchenId;
  ({ token, deviceId } = await h.pair(kitchenId, kitchen.joinCode, 1));
});
afterEach(async () => {
  await h.close();
});

/** Reads a text/event-stream response as it arrives. */
function reader(res: Response) {
  const body = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  return {
    get text() {
      return text;
    },
    /** Reads until `done(text)` holds or the time is up. */
    async until(done: (text: string) => boolean, ms = 2000): Promise<string> {
      const deadline = Date.now() + ms;
      while (!done(text)) {
        if (Date.now() > deadline) throw new Error(`stream timed out; got:\n${text}`);
        const next = await Promise.race([
          body.read(),
          new Promise<undefined>((r) => setTimeout(r, deadline - Date.now())),
        ]);
        if (!next) continue;
        if (next.done) break;
        text += decoder.decode(next.value, { stream: true });
      }
      return text;
    },
    async closed(ms = 2000): Promise<boolean> {
      const deadline = Date.now() + ms;
      for (;;) {
        const next = await Promise.race([
          body.read(),
          new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), deadline - Date.now())),
        ]);
        if (next === 'timeout') return false;
        if (next.done) return true;
        text += decoder.decode(next.value, { stream: true });
      }
    },
    cancel: () => body.cancel(),
  };
}

/** The blocks of an SSE text, separated by a blank line, as their fields (comments skipped). */
const blocks = (text: string) =>
  text
    .split('\n\n')
    .slice(0, -1)
    .map((block) => {
      const fields = new Map<string, string>();
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const at = line.indexOf(': ');
        fields.set(line.slice(0, at), line.slice(at + 2));
      }
      return fields;
    });

/** The event messages of an SSE text (not the `epoch` one). */
const messages = (text: string) =>
  blocks(text)
    .filter((fields) => fields.has('data') && !fields.has('event'))
    .map((fields) => ({
      id: Number(fields.get('id')),
      data: JSON.parse(fields.get('data')!) as { id: string; seq: number },
    }));

/** A fresh kitchen and tablet on a server whose streams never ping (nothing wakes them but appends). */
async function withoutHeartbeat() {
  await h.close();
  h = await harness({ heartbeatMs: 600_000 });
  const kitchen = await h.createKitchen();
  kitchenId = kitchen.kitchenId;
  ({ token } = await h.pair(kitchenId, kitchen.joinCode, 1));
}

const open = (query = '', headers: Record<string, string> = {}) =>
  h.as(token, `/api/v1/kitchens/${kitchenId}/stream${query}`, { headers });

describe('event stream', () => {
  it('sends stored events, one message each, id = seq, data = the event with its seq', async () => {
    await h.push(kitchenId, token, events.slice(0, 5));
    const res = await open('?after=0');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^text\/event-stream/);
    const stream = reader(res);
    await stream.until((t) => messages(t).length === 5);
    const got = messages(stream.text);
    expect(got.map((m) => m.id)).toEqual([1, 2, 3, 4, 5]);
    expect(got[0]!.data).toEqual({ ...events[0], seq: 1 });
    await stream.cancel();
  });

  it('opens with the log epoch and head; a cursor past the head is 409 log_behind, as a pull', async () => {
    await h.push(kitchenId, token, events.slice(0, 3));
    const pulled = (await (
      await h.as(token, `/api/v1/kitchens/${kitchenId}/events?after=0`)
    ).json()) as { epoch: string };
    const stream = reader(await open('?after=3'));
    await stream.until((t) => blocks(t).some((b) => b.get('event') === 'epoch'));
    const opening = blocks(stream.text).find((b) => b.get('event') === 'epoch')!;
    expect(JSON.parse(opening.get('data')!)).toEqual({ epoch: pulled.epoch, head: 3 });
    await stream.cancel();

    for (const behind of [open('?after=4'), open('', { 'Last-Event-ID': '9' })]) {
      const res = await behind;
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({
        error: { code: 'log_behind', head: 3, epoch: pulled.epoch },
      });
    }
    // Refused streams are not counted against the device's open streams.
    const streams = await Promise.all([1, 2, 3, 4].map(() => open()));
    expect(streams.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    for (const r of streams) await r.body?.cancel();
    await expect.poll(() => h.notifier.size).toBe(0);
  });

  it('starts after ?after, and after Last-Event-ID when both are sent', async () => {
    await h.push(kitchenId, token, events.slice(0, 6));
    const byQuery = reader(await open('?after=4'));
    await byQuery.until((t) => messages(t).length === 2);
    expect(messages(byQuery.text).map((m) => m.id)).toEqual([5, 6]);
    await byQuery.cancel();
    const emptyHeader = reader(await open('?after=5', { 'Last-Event-ID': '' }));
    await emptyHeader.until((t) => messages(t).length === 1);
    expect(messages(emptyHeader.text).map((m) => m.id)).toEqual([6]);
    await emptyHeader.cancel();
    const byHeader = reader(await open('?after=1', { 'Last-Event-ID': '5' }));
    await byHeader.until((t) => messages(t).length === 1);
    expect(messages(byHeader.text).map((m) => m.id)).toEqual([6]);
    await byHeader.cancel();
  });

  it('wakes an open stream with the push notification, not the heartbeat', async () => {
    // A heartbeat far longer than the waits below: only the notification of a push can wake
    // the stream in time (the heartbeat's idle timer re-reads the store too).
    await withoutHeartbeat();
    const stream = reader(await open());
    await stream.until((t) => t.includes(': connected'));
    await h.push(kitchenId, token, events.slice(0, 3));
    await stream.until((t) => messages(t).length === 3, 5000);
    await h.push(kitchenId, token, events.slice(2, 4));
    await stream.until((t) => messages(t).length === 4, 5000);
    expect(messages(stream.text).map((m) => m.id)).toEqual([1, 2, 3, 4]);
    await stream.cancel();
  });

  it('sends what a push through this process appended to the streams at the head without reading the log', async () => {
    await withoutHeartbeat();
    await h.push(kitchenId, token, events.slice(0, 2));
    const streams = [reader(await open('?after=2')), reader(await open('?after=0'))];
    await streams[1]!.until((t) => messages(t).length === 2);
    await streams[0]!.until((t) => t.includes('event: epoch'));
    const reads = vi.spyOn(h.store, 'read');
    await h.push(kitchenId, token, events.slice(2, 5));
    await streams[0]!.until((t) => messages(t).length === 3, 5000);
    await streams[1]!.until((t) => messages(t).length === 5, 5000);
    expect(messages(streams[0]!.text).map((m) => m.id)).toEqual([3, 4, 5]);
    expect(messages(streams[1]!.text).map((m) => m.id)).toEqual([1, 2, 3, 4, 5]);
    expect(messages(streams[0]!.text)[0]!.data).toEqual({ ...events[2], seq: 3 });
    expect(reads).not.toHaveBeenCalled();
    // A backlog of more than KEPT_EVENTS is read from the log, and arrives all the same.
    const backlog = generateEvents(KEPT_EVENTS + 1, { salt: 7, device: events[0]!.device });
    await h.push(kitchenId, token, backlog);
    const total = 5 + KEPT_EVENTS + 1;
    await streams[0]!.until((t) => messages(t).length === total - 2, 5000);
    expect(reads).toHaveBeenCalled();
    expect(messages(streams[0]!.text).at(-1)!.id).toBe(total);
    for (const stream of streams) await stream.cancel();
  });

  it('opens at the head without reading the log, yet misses no push that lands while it opens', async () => {
    await withoutHeartbeat();
    await h.push(kitchenId, token, events.slice(0, 2));
    // The read models caught up first: on PostgreSQL they read the log through this store.
    await h.readModels.catchUp(kitchenId);
    const reads = vi.spyOn(h.store, 'read');
    const quiet = reader(await open('?after=2'));
    await quiet.until((t) => t.includes('event: epoch'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reads).not.toHaveBeenCalled();
    await quiet.cancel();
    // A push that lands after the opening read the head, before the stream listens.
    const late = generateEvents(1, { salt: 11, device: events[0]!.device })[0]!;
    const head = h.store.head.bind(h.store);
    vi.spyOn(h.store, 'head').mockImplementationOnce(async (id) => {
      const read = await head(id);
      expect((await h.push(kitchenId, token, [late])).status).toBe(200);
      return read;
    });
    const stream = reader(await open('?after=2'));
    await stream.until((t) => messages(t).length === 1, 5000);
    expect(messages(stream.text).map((m) => m.data.id)).toEqual([late.id]);
    await stream.cancel();
  });

  it('waits on a client that reads nothing, and lets its stream go when the client leaves', async () => {
    const many = generateEvents(3000, { salt: 13, device: events[0]!.device });
    for (let i = 0; i < many.length; i += 1000) {
      expect((await h.push(kitchenId, token, many.slice(i, i + 1000))).status).toBe(200);
    }
    // Some 1 MB to send, to a client that never reads: the socket fills, the stream waits.
    const req = request(`${await h.url()}/api/v1/kitchens/${kitchenId}/stream?after=0`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const res = await new Promise<IncomingMessage>((resolve) => req.on('response', resolve).end());
    res.pause();
    expect(res.statusCode).toBe(200);
    await expect.poll(() => h.notifier.size).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    req.on('error', () => {}).destroy();
    await expect.poll(() => h.notifier.size).toBe(0);
  });

  it('sends a ": ping" comment when idle', async () => {
    const stream = reader(await open());
    await stream.until((t) => (t.match(/^: ping$/gm) ?? []).length >= 2, 1000);
    await stream.cancel();
  });

  it('ends cleanly when the client goes away', async () => {
    const controller = new AbortController();
    const res = await h.as(token, `/api/v1/kitchens/${kitchenId}/stream`, {
      signal: controller.signal,
    });
    const stream = reader(res);
    await stream.until((t) => t.includes(': connected'));
    expect(h.notifier.size).toBe(1);
    controller.abort();
    await stream.cancel().catch(() => {});
    await expect.poll(() => h.notifier.size).toBe(0);
  });

  it('ends when the device is revoked, and on shutdown', async () => {
    const stream = reader(await open());
    await stream.until((t) => t.includes(': connected'));
    await h.admin(`/api/v1/kitchens/${kitchenId}/devices/${deviceId}`, { method: 'DELETE' });
    expect(await stream.closed()).toBe(true);

    const kitchen = await h.createKitchen('Second');
    const second = await h.pair(kitchen.kitchenId, kitchen.joinCode, 2);
    const other = reader(await h.as(second.token, `/api/v1/kitchens/${kitchen.kitchenId}/stream`));
    await other.until((t) => t.includes(': connected'));
    h.notifier.close();
    expect(await other.closed()).toBe(true);
  });

  it('ends at its next heartbeat when the device is revoked behind its back (the larder command)', async () => {
    const stream = reader(await open());
    await stream.until((t) => t.includes(': connected'));
    // Appends do not make the stream check its token again...
    await h.push(kitchenId, token, events.slice(0, 1));
    await stream.until((t) => messages(t).length === 1);
    // ...a revocation it is not told of is found at the next heartbeat (40 ms here).
    expect(await h.store.revokeDevice(kitchenId, deviceId, new Date().toISOString())).toBe(true);
    expect(await stream.closed()).toBe(true);
  });

  it('needs a token of the kitchen (401 / 403) and valid cursors (400)', async () => {
    const none = await h.request(`/api/v1/kitchens/${kitchenId}/stream`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const other = await h.createKitchen('Other');
    const otherToken = (await h.pair(other.kitchenId, other.joinCode, 2)).token;
    expect((await h.as(otherToken, `/api/v1/kitchens/${kitchenId}/stream`)).status).toBe(403);
    expect((await open('?after=-1')).status).toBe(400);
    expect((await open('', { 'Last-Event-ID': 'abc' })).status).toBe(400);
  });
});
