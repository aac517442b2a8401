/**
 * Bodies and headers over HTTP as clients send them (the harness serves the app as `main.ts`
 * does, @hono/node-server): raw bodies, and the headers every answer carries.
 */
import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateEvents, uuid4 } from './test-support/events';
import { harness, type Harness } from './test-support/harness';

let h: Harness;
let url: string;
let kitchenId: string;
let joinCode: string;
let token: string;

beforeEach(async () => {
  h = await harness();
  const kitchen = await h.createKitchen();
  kitchenId = kitchen.kitchenId;
  joinCode = kitchen.joinCode;
  token = (await h.pair(kitchenId, joinCode, 1)).token;
  url = `${await h.url()}/api/v1/kitchens/${kitchenId}/events`;
});
afterEach(async () => {
  await h.close();
});

const post = (body: string, type = 'application/json') =>
  fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': type, Authorization: `Bearer ${token}` },
    body,
  });

/** A POST whose body goes out in chunks, without Content-Length. */
function postChunked(chunks: number, chunk: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => (body += part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    let sent = 0;
    const write = () => {
      while (sent < chunks) {
        sent++;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

describe('pushes over HTTP', () => {
  it('stores a batch read from the Node request, multi-byte text intact', async () => {
    const events = generateEvents(300);
    const first = events[0] as { actor: string };
    first.actor = 'Zoë Müller 🥕';
    const res = await post(JSON.stringify({ events }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      accepted: 300,
      duplicates: 0,
      head: 300,
      epoch: expect.any(String) as string,
    });
    expect((await h.store.read(kitchenId, 0, 1)).events[0]?.actor).toBe('Zoë Müller 🥕');
  });

  it('answers 413 for a Content-Length over 1 MiB, and 413 for a chunked body once past it', async () => {
    const big = `{"events":[]${' '.repeat(1024 * 1024)}}`;
    const res = await post(big);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    const chunked = await postChunked(20, ' '.repeat(64 * 1024));
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body)).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(await h.store.head(kitchenId)).toBe(0);
    // The connection is still good for the next push.
    expect((await post(JSON.stringify({ events: generateEvents(1) }))).status).toBe(200);
  });

  it('accepts a chunked body under the limit', async () => {
    const events = generateEvents(50);
    const text = JSON.stringify({ events });
    const res = await postChunked(1, text);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      accepted: 50,
      duplicates: 0,
      head: 50,
      epoch: expect.any(String) as string,
    });
  });

  it('answers 400 for invalid JSON and 415 for a body that is not JSON', async () => {
    const bad = await post('{"events": [');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_json' } });
    const text = await post('{"events": []}', 'text/plain');
    expect(text.status).toBe(415);
  });
});

describe('headers over HTTP', () => {
  const expectSecurityHeaders = (res: Response, what: string, cache = 'no-store') => {
    expect(res.headers.get('X-Content-Type-Options'), what).toBe('nosniff');
    expect(res.headers.get('Content-Security-Policy'), what).toContain("default-src 'self'");
    expect(res.headers.get('X-Frame-Options'), what).toBe('DENY');
    expect(res.headers.get('Cache-Control'), what).toBe(cache);
  };

  it('sets the security headers on answers, refusals, errors and event streams alike (a Cache-Control of the route kept)', async () => {
    const ok = await post(JSON.stringify({ events: generateEvents(2) }));
    expect(ok.status).toBe(200);
    expectSecurityHeaders(ok, 'push');
    const refused = await fetch(url, { method: 'POST', body: '{}' });
    expect(refused.status).toBe(401);
    expectSecurityHeaders(refused, 'no token');
    const invalid = await post('{"events": [{}]}');
    expect(invalid.status).toBe(422);
    expectSecurityHeaders(invalid, 'invalid event');
    const missing = await fetch(url.replace(/\/events$/, '/nothing'));
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing, 'not found');
    const abort = new AbortController();
    const stream = await fetch(url.replace(/\/events$/, '/stream'), {
      headers: { Authorization: `Bearer ${token}` },
      signal: abort.signal,
    });
    expect(stream.headers.get('Content-Type')).toContain('text/event-stream');
    // The stream says `no-cache` itself (`startStream`), which a route may.
    expectSecurityHeaders(stream, 'stream', 'no-cache');
    abort.abort();
  });
});

/** Pairs a new tablet from `localAddress` (another loopback address: another client). */
function pairFrom(localAddress: string, code: string, n: number): Promise<number> {
  const body = JSON.stringify({ joinCode: code, name: 'Wall', deviceId: uuid4(n, 0xe0) });
  return new Promise((resolve, reject) => {
    const req = request(url.replace(/\/events$/, '/devices'), {
      method: 'POST',
      localAddress,
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('join codes over HTTP', () => {
  it('wrong codes lock out the address that sent them, not another school pairing meanwhile', async () => {
    for (let i = 0; i < 10; i++) expect(await pairFrom('127.0.0.2', 'AAAA-AAAA', 10 + i)).toBe(403);
    // The guesser is held off, even with the right code...
    expect(await pairFrom('127.0.0.2', joinCode, 30)).toBe(429);
    // ...while a tablet from another address pairs as usual.
    expect(await pairFrom('127.0.0.3', joinCode, 31)).toBe(201);
  });
});
