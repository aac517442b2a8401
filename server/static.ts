/**
 * Serves the built app beside the API: exact files with their cache policy and ETag, and
 * `index.html` for any other page URL (the app routes in the browser). Never answers under
 * `/api/`, so an unknown API route stays a JSON 404.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';
import type { StaticFile, StaticSite } from './static-files';

export function serveApp(site: StaticSite): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const method = c.req.method;
    if ((method !== 'GET' && method !== 'HEAD') || c.req.path.startsWith('/api/')) return next();
    let path = c.req.path;
    try {
      path = decodeURIComponent(path);
    } catch {
      return next();
    }
    if (path.endsWith('/')) path += 'index.html';
    let file: StaticFile | undefined = site.files.get(path) ?? site.files.get(`${path}.html`);
    // Page URLs fall back to the app shell; a missing asset (with an extension) is a 404.
    if (!file && !/\.[a-z0-9]+$/i.test(path)) file = site.files.get('/index.html');
    if (!file) return next();
    c.header('Content-Type', file.type);
    c.header('Cache-Control', file.cacheControl);
    c.header('ETag', file.etag);
    if (c.req.header('If-None-Match') === file.etag) return c.body(null, 304);
    if (method === 'HEAD') {
      c.header('Content-Length', String(file.body.length));
      return c.body(null, 200);
    }
    return c.body(new Uint8Array(file.body), 200);
  };
}
