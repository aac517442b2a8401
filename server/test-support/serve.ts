/**
 * An app served over real HTTP on a free loopback port, by `@hono/node-server` as `main.ts`
 * serves it: the tests take the wiring production takes (event streams, say, are written
 * to Node's response, `event-stream.ts`).
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';

export interface Served {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  /** Stops listening and drops every connection, open event streams too. */
  close(): Promise<void>;
}

export function serveOnLoopback(
  fetch: (request: Request, env: unknown) => Response | Promise<Response>,
): Promise<Served> {
  return new Promise((resolve) => {
    const server: ServerType = serve(
      { fetch, port: 0, hostname: '127.0.0.1' },
      (info: AddressInfo) =>
        resolve({
          url: `http://127.0.0.1:${info.port}`,
          close: () =>
            new Promise<void>((closed) => {
              server.close(() => closed());
              if ('closeAllConnections' in server) server.closeAllConnections();
            }),
        }),
    );
  });
}
