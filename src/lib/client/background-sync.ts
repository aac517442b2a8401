/**
 * Background Sync (Chromium only): asks the browser to wake the service worker and sync
 * once the network is back, even if the page has been closed. Elsewhere the page's own
 * triggers (start, online, visibility, each recorded event) do the work.
 */
export const BACKGROUND_SYNC_TAG = 'larder-sync';

interface SyncManagerLike {
  register(tag: string): Promise<void>;
}

export async function requestBackgroundSync(): Promise<boolean> {
  try {
    const registration = await navigator.serviceWorker?.getRegistration();
    const sync = (registration as { sync?: SyncManagerLike } | undefined)?.sync;
    if (!sync) return false;
    await sync.register(BACKGROUND_SYNC_TAG);
    return true;
  } catch {
    // Not allowed here (no service worker yet, or a browser without the permission).
    return false;
  }
}
