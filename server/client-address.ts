/**
 * The address a request came from, for limits per client (wrong join codes). The socket's
 * peer: behind a reverse proxy that is the proxy, so a district running one sets
 * `LARDER_TRUST_PROXY=1` to read the proxy's `X-Forwarded-For` instead (its last entry, the
 * one the proxy itself added). In process (tests' `app.request`) there is no socket.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('X-Forwarded-For')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'in-process';
  }
}
