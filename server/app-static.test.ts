import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkerSqliteStore } from './storage/worker-store';
import { sqliteHarness, type Harness } from './test-support/harness';

const build = mkdtempSync(join(tmpdir(), 'larder-build-'));
const inline = '\n  window.started = true;\n';
mkdirSync(join(build, '_app/immutable/entry'), { recursive: true });
writeFileSync(
  join(build, 'index.html'),
  `<!doctype html><html><head><script src="/_app/immutable/entry/start.abc123.js"></script></head><body><script>${inline}</script></body></html>`,
);
writeFileSync(join(build, '_app/immutable/entry/start.abc123.js'), 'export const x = 1;');
writeFileSync(join(build, 'service-worker.js'), 'self.addEventListener("fetch", () => {});');
writeFileSync(join(build, 'manifest.webmanifest'), '{"name":"Larder"}');
afterAll(() => rmSync(build, { recursive: true, force: true }));

let h: Harness<WorkerSqliteStore>;
beforeEach(() => {
  h = sqliteHarness({ staticDir: build });
});
afterEach(async () => {
  await h.close();
});

describe('serving the built app', () => {
  it('serves index.html with no-cache and a CSP that allows exactly its inline script', async () => {
    const res = await h.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('Cache-Control')).toBe('no-cache');
    const hash = createHash('sha256').update(inline).digest('base64');
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain(`script-src 'self' 'wasm-unsafe-eval' 'sha256-${hash}'`);
    expect(csp).not.toContain("'unsafe-inline' 'self'");
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
  });

  it('caches hashed assets for a year, immutable; the service worker is no-cache', async () => {
    const asset = await h.request('/_app/immutable/entry/start.abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('Content-Type')).toMatch(/^text\/javascript/);
    const sw = await h.request('/service-worker.js');
    expect(sw.headers.get('Cache-Control')).toBe('no-cache');
    const manifest = await h.request('/manifest.webmanifest');
    expect(manifest.headers.get('Content-Type')).toMatch(/^application\/manifest\+json/);
  });

  it('answers a matching ETag with 304 and HEAD without a body', async () => {
    const first = await h.request('/service-worker.js');
    const etag = first.headers.get('ETag')!;
    const again = await h.request('/service-worker.js', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    const head = await h.request('/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('falls back to the app shell for page URLs, but not for missing files or the API', async () => {
    const page = await h.request('/stock/count?x=1');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('window.started');
    const missing = await h.request('/_app/immutable/entry/gone.js');
    expect(missing.status).toBe(404);
    const api = await h.request('/api/v1/nothing-here');
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ error: { code: 'not_found' } });
    const escape = await h.request('/..%2f..%2fpackage.json');
    expect(escape.status).toBe(404);
    const post = await h.request('/', { method: 'POST' });
    expect(post.status).toBe(404);
  });
});
