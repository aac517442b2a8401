/**
 * A pass-through HTTP proxy in front of a LarderServer that can hold the tablet's next push.
 * The tablet uses it as its origin, so every request it makes crosses this socket, whoever
 * sends it: `page.route` does not see the service worker's requests, and the worker's
 * Background Sync sometimes pushes before the page does. Bodies and the event stream are
 * piped through as they come.
 */
import {
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream';

/** A push (POST of events) stopped on its way: nothing reaches the server until told. */
export interface HeldPush {
  /** Sends the push to the server and waits for its answer, which the tablet does not get. */
  forward(): Promise<void>;
  /**
   * Sends the push on and the server's answer back, as if it had never been held; the
   * server gets it even if the tablet has hung up meanwhile.
   */
  release(): Promise<void>;
  /** Drops the tablet's connection with a TCP reset, as a dead server's machine does. */
  reset(): void;
}

const PUSH_PATH = /^\/api\/v1\/kitchens\/[^/]+\/events$/;

// Hop-by-hop headers describe one connection, not the message: each side sets its own.
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding'];

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out = { ...headers };
  for (const name of HOP_BY_HOP) delete out[name];
  return out;
}

/** Taken when the request comes in: Node detaches the socket from it once it is done. */
function resetter(req: IncomingMessage): () => void {
  const socket = req.socket;
  return () => {
    if (!socket.destroyed) socket.resetAndDestroy();
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export class PushProxy {
  private holdNext: ((push: HeldPush) => void) | undefined;

  private constructor(
    private readonly server: Server,
    private readonly upstreamPort: number,
  ) {}

  /** Listens on a port the system picks, clear of the fixed ones the test servers use. */
  static async start(upstreamPort: number): Promise<PushProxy> {
    const server = createServer();
    const proxy = new PushProxy(server, upstreamPort);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      // A failure here must not become an unhandled rejection in the test worker: the
      // tablet sees a broken connection, as from a server that fell over.
      proxy.handle(req, res).catch(() => res.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, resolve));
    return proxy;
  }

  get url(): string {
    return `http://localhost:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves with the next push from the tablet, page or service worker, held. */
  nextPush(): Promise<HeldPush> {
    return new Promise((resolve) => (this.holdNext = resolve));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reset = resetter(req);
    const hold = this.holdNext;
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    if (!hold || req.method !== 'POST' || !PUSH_PATH.test(path)) return this.pass(req, res, reset);
    this.holdNext = undefined;
    // Read whole, so the push can still go on after the tablet has hung up.
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      this.holdNext ??= hold; // cut off while sending: wait for the next one
      return;
    }
    hold({
      forward: () =>
        this.send(req, body).then(
          (answer) =>
            new Promise<void>((resolve, reject) => {
              answer.on('end', resolve).on('error', reject).resume();
            }),
        ),
      release: () => this.pass(req, res, reset, body),
      reset,
    });
  }

  /** Forwards the request and pipes the answer back; resolves once that is over. */
  private async pass(
    req: IncomingMessage,
    res: ServerResponse,
    reset: () => void,
    body?: Buffer,
  ): Promise<void> {
    const cancel = new AbortController();
    // The tablet hung up (a reload, a closed event stream): so does the proxy, upstream. Not
    // for a held push, read whole: it goes on like one already on the wire.
    if (!body) res.on('close', () => cancel.abort());
    let answer: IncomingMessage;
    try {
      answer = await this.send(req, body, cancel.signal);
    } catch {
      // No server behind: the tablet sees a broken connection, not an answer from the proxy.
      if (!cancel.signal.aborted) reset();
      return;
    }
    res.writeHead(answer.statusCode ?? 502, endToEnd(answer.headers));
    await new Promise((resolve) => pipeline(answer, res, resolve));
  }

  /** Sends the request (with `body`, or piping the tablet's) on a connection of its own. */
  private send(req: IncomingMessage, body?: Buffer, signal?: AbortSignal) {
    return new Promise<IncomingMessage>((resolve, reject) => {
      const upstream = request(
        {
          host: 'localhost',
          port: this.upstreamPort,
          method: req.method,
          path: req.url,
          headers: endToEnd(req.headers),
          // Never a pooled connection that may have died with the server.
          agent: false,
          ...(signal ? { signal } : {}),
        },
        resolve,
      );
      upstream.on('error', reject);
      if (body) upstream.end(body);
      else pipeline(req, upstream, () => undefined);
    });
  }
}
