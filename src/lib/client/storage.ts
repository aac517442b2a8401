/**
 * The tablet's storage: ask the browser to keep Larder's data even when space runs low
 * (otherwise it may evict it), and report how much is used, for the settings screen.
 */
export interface StorageInfo {
  /** True when the browser promised not to evict the data; undefined where unknown. */
  persisted?: boolean;
  usage?: number;
  quota?: number;
}

export async function requestPersistence(): Promise<boolean | undefined> {
  const storage = globalThis.navigator?.storage;
  if (!storage?.persist) return undefined;
  try {
    return (await storage.persisted()) || (await storage.persist());
  } catch {
    return undefined;
  }
}

export async function storageInfo(): Promise<StorageInfo> {
  const storage = globalThis.navigator?.storage;
  const info: StorageInfo = {};
  try {
    if (storage?.persisted) info.persisted = await storage.persisted();
    if (storage?.estimate) {
      const { usage, quota } = await storage.estimate();
      if (usage !== undefined) info.usage = usage;
      if (quota !== undefined) info.quota = quota;
    }
  } catch {
    // Some browsers refuse in private windows: show nothing rather than fail.
  }
  return info;
}
