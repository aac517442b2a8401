/** Security headers on every response (Hono's secureHeaders), and `no-store` on the API. */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from './context';

/**
 * The app's policy: only its own origin, plus the hashes of the inline bootstrap script
 * SvelteKit writes into index.html. Inline styles stay allowed because Svelte sets `style`
 * attributes; nothing else inline runs. Strict-Transport-Security is left to whoever serves
 * HTTPS (a proxy or the admin): sent over a kitchen LAN it would pin a name to HTTPS for
 * half a year.
 */
export function securityHeaders(scriptHashes: readonly string[]): MiddlewareHandler<AppEnv> {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      // WebAssembly may compile (the barcode reader, ZXing, where the browser has none);
      // this allows no JavaScript eval.
      scriptSrc: ["'self'", "'wasm-unsafe-eval'", ...scriptHashes],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      workerSrc: ["'self'"],
      manifestSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    strictTransportSecurity: false,
  });
}

/** API answers are never cached; a route may still set its own `Cache-Control`. */
export const noStore: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.header('Cache-Control', 'no-store');
  await next();
};
