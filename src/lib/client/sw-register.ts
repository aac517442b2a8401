/**
 * Registers the service worker with workbox-window. A new version installs in the
 * background and waits; the page is told (`onUpdate`) and shows "a new version is ready".
 * Only when the person taps Reload does the new worker take over and the page reload, so
 * an entry being typed is never lost to an update.
 */
import { Workbox } from 'workbox-window';
import { dev } from '$app/environment';

export interface ServiceWorkerHandle {
  activateUpdate(): void;
}

export function registerServiceWorker(onUpdate: () => void): ServiceWorkerHandle | undefined {
  if (dev || !('serviceWorker' in navigator)) return undefined;
  // SvelteKit builds the worker as a classic script, in production only.
  const wb = new Workbox('/service-worker.js');
  wb.addEventListener('waiting', onUpdate);
  void wb
    .register()
    .catch((error: unknown) => console.warn('Service worker not registered', error));
  return {
    activateUpdate() {
      wb.addEventListener('controlling', () => window.location.reload());
      wb.messageSkipWaiting();
    },
  };
}
