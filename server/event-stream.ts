/**
 * Event streams written straight to Node's response (`@hono/node-server`'s direct response:
 * `c.env.outgoing`, then `RESPONSE_ALREADY_SENT`), not through Hono's SSE helper. District
 * benchmark, SQLite, 3,000 open streams, two runs each: resident memory 317-394 MiB against
 * 682-686, push p99 21-27 ms against 77-103. Through the helper each write went through a
 * TransformStream, a ReadableStream and node-server's reader, each with its promises, as an
 * encoded copy; the garbage grew the heap, and each open stream held some 40 KB.
 *
 * A route answers with `startStream(c, follow)`: a 200 with the stream's headers, through
 * Hono like any answer, so that every middleware adds its headers. `directStreams`, the
 * outermost middleware, then writes that head to the socket, runs `follow`, and tells
 * node-server that the answer is sent. It needs the Node server: the tests serve the app
 * over real HTTP, as `main.ts` does.
 */
import type { HttpBindings } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';

/** What a route writes an event stream through. */
export interface EventStream {
  /** Resolves once the socket takes more (at once, unless it is full), or is closed. */
  write(text: string): Promise<void>;
  /** Called when the client goes away (at once if it has). */
  onAbort(listener: () => void): void;
}

export type Follow = (stream: EventStream) => Promise<void>;

export function startStream(c: Context<AppEnv>, follow: Follow): Response {
  c.set('eventStream', follow);
  return c.body(null, 200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    // No buffering in an nginx in front.
    'X-Accel-Buffering': 'no',
  });
}

export function directStreams(log: (line: string) => void): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const follow = c.get('eventStream');
    if (!follow) return;
    const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
    if (!outgoing) {
      // Ends at once, so that what the route opened (its count of streams) is closed.
      void follow({ write: () => Promise.resolve(), onAbort: (listener) => listener() });
      throw new Error('event streams are written to the Node server’s response: serve the app');
    }
    outgoing.writeHead(c.res.status, Object.fromEntries(c.res.headers));
    const aborts: (() => void)[] = [];
    outgoing.on('close', () => {
      for (const abort of aborts) abort();
    });
    // Node marks the response destroyed when its client goes away (maybe before `close`
    // could be heard here); a write to it then returns false and never drains.
    const gone = () => outgoing.destroyed;
    const stream: EventStream = {
      write: (text) =>
        gone() || outgoing.write(text) || gone()
          ? Promise.resolve()
          : new Promise((resolve) => {
              const done = () => {
                outgoing.off('drain', done);
                outgoing.off('close', done);
                resolve();
              };
              outgoing.on('drain', done);
              outgoing.on('close', done);
            }),
      onAbort: (listener) => (gone() ? listener() : aborts.push(listener)),
    };
    void follow(stream)
      .catch((error: unknown) => {
        log(`event stream failed: ${(error as Error).stack ?? String(error)}`);
      })
      .finally(() => outgoing.end());
    c.res = RESPONSE_ALREADY_SENT;
  };
}
