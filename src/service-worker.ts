/// <reference types="@sveltejs/kit" />
/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
/**
 * Larder's service worker: keeps the app shell (this version's scripts, styles, icons and
 * the page itself) in a versioned cache so the tablet starts with no network, deletes the
 * caches of older versions once it takes over, and syncs in the background where the
 * browser has Background Sync. A new version waits until the person agrees to reload (the
 * page sends 'SKIP_WAITING'), so nobody loses an entry they are typing.
 */
import { base, build, files, version } from '$service-worker';
import { LarderDb } from '$lib/client/db';
import { BACKGROUND_SYNC_TAG } from '$lib/client/background-sync';
import { syncOnce, webLock } from '$lib/client/sync-engine';
import * as healing from '$lib/client/healing';
import * as signing from '$lib/client/signing';
import * as transfers from '$lib/client/transfers';
import { loadValidationWith } from '$lib/client/validation';
import * as validate from '$lib/domain/validate';

loadValidationWith(() => Promise.resolve(validate));

const sw = self as unknown as ServiceWorkerGlobalScope;

const CACHE_PREFIX = 'larder-shell-';
const CACHE = `${CACHE_PREFIX}${version}`;
/** The single page of this single-page app: every navigation is answered with it. */
const SHELL = `${base}/`;
// `cache.addAll` fails the whole install when a URL appears twice.
const ASSETS = [...new Set([SHELL, ...build, ...files])];

sw.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith(CACHE_PREFIX) && key !== CACHE) await caches.delete(key);
      }
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void sw.skipWaiting();
});

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin || url.pathname.startsWith(`${base}/api/`)) return;
  if (request.mode === 'navigate') {
    // The shell from the cache first: the tablet starts at once, with or without wifi.
    event.respondWith(fromCache(SHELL).then((hit) => hit ?? fetch(request)));
    return;
  }
  if (ASSETS.includes(url.pathname)) {
    event.respondWith(fromCache(url.pathname).then((hit) => hit ?? fetch(request)));
  }
});

async function fromCache(path: string): Promise<Response | undefined> {
  const cache = await caches.open(CACHE);
  return cache.match(path);
}

interface SyncEvent extends ExtendableEvent {
  readonly tag: string;
}

let db: LarderDb | undefined;

sw.addEventListener('sync', (event) => {
  const sync = event as SyncEvent;
  if (sync.tag !== BACKGROUND_SYNC_TAG) return;
  db ??= new LarderDb();
  // A failure rejects the event, so the browser retries it later with its own backoff.
  sync.waitUntil(
    syncOnce({
      db,
      fetch: (input, init) => fetch(input, init),
      lock: webLock(),
      transfers: () => Promise.resolve(transfers),
      healing: () => Promise.resolve(healing),
      signing: () => Promise.resolve(signing),
    }),
  );
});
