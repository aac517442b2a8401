/**
 * What this tablet remembers for the cook between screens: the last storage area used (the
 * default next time), the items used recently (`recent-items.ts`), drafts being typed, the
 * theme, and that the welcome was seen. Kept in localStorage; a browser that refuses it just
 * forgets.
 */
const PREFIX = 'larder.ui.';

export function remember(key: string, value: unknown): void {
  try {
    if (value === undefined) localStorage.removeItem(PREFIX + key);
    else localStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Private mode or full storage: nothing to do, the default is used next time.
  }
}

export function recall<T>(key: string, fallback: T): T {
  try {
    const text = localStorage.getItem(PREFIX + key);
    return text === null ? fallback : (JSON.parse(text) as T);
  } catch {
    return fallback;
  }
}
