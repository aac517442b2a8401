/** Security headers on every response, and one log line per request. */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';

/**
 * The app's policy: only its own origin, plus the hashes of the inline bootstrap script
 * SvelteKit writes into index.html. Inline styles stay allowed because Svelte sets
 * `style` attributes; nothing else inline runs.
 */
export function contentSecurityPolicy(scriptHashes: readonly string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${scriptHashes.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Set before the handler runs, so they go into the answer as it is made (every answer is
 * made with `c.json`, `c.body` or `streamSSE`, which take them). Set after it, each header
 * made Hono copy the finished answer into a new `Response`, and the Node adapter then read
 * the body back through a web stream (about 0.1 ms of the request thread per answer).
 * A route may still set its own `Cache-Control`, which replaces the API's `no-store`.
 */
export function securityHeaders(csp: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.header('Content-Security-Policy', csp);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    if (c.req.path.startsWith('/api/')) c.header('Cache-Control', 'no-store');
    await next();
  };
}

export function requestLog(log: (line: string) => void): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const start = performance.now();
    await next();
    const ms = (performance.now() - start).toFixed(1);
    log(`${c.req.method} ${c.req.path} ${c.res.status} ${ms}ms`);
  };
}
