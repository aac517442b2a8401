/**
 * The built PWA (SvelteKit's `build/`), loaded into memory at start: it is small, and
 * knowing every file up front gives exact ETags and the hashes of the inline scripts the
 * Content-Security-Policy has to allow. Rebuilding the app means restarting the server.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

export interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
  cacheControl: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Hashed file names never change content: cache for a year. Everything else revalidates. */
function cacheControlFor(urlPath: string): string {
  if (urlPath.startsWith('/_app/immutable/')) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

export interface StaticSite {
  files: Map<string, StaticFile>;
  /** `'sha256-...'` sources of every inline `<script>` in the HTML files. */
  scriptHashes: string[];
}

export function loadStaticSite(dir: string): StaticSite | undefined {
  if (!existsSync(join(dir, 'index.html'))) return undefined;
  const files = new Map<string, StaticFile>();
  const hashes = new Set<string>();
  for (const path of walk(dir)) {
    const urlPath = `/${relative(dir, path).split(sep).join('/')}`;
    const body = readFileSync(path);
    const ext = extname(path).toLowerCase();
    files.set(urlPath, {
      body,
      type: TYPES[ext] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      cacheControl: cacheControlFor(urlPath),
    });
    if (ext === '.html')
      for (const hash of inlineScriptHashes(body.toString('utf8'))) hashes.add(hash);
  }
  return { files, scriptHashes: [...hashes].sort() };
}

export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    const attributes = match[1] ?? '';
    const code = match[2] ?? '';
    if (/\ssrc\s*=/i.test(attributes) || code.length === 0) continue;
    hashes.push(`'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`);
  }
  return hashes;
}
