/**
 * The names of the kitchen's tablets, for "which tablet" in an item's history. Fetched from
 * the server when the tablet has joined a kitchen and kept in localStorage, so they still
 * show offline; a tablet never heard of is shown by a short id.
 */
import { listDevices, type FetchLike } from './api';
import type { DeviceIdentity } from './db';
import { recall, remember } from './ui-preferences';

type Names = Record<string, string>;
const KEY = 'deviceNames';

/** The names last heard from this kitchen's server (none when not joined). */
export function cachedDeviceNames(identity: DeviceIdentity | undefined): Names {
  const kitchenId = identity?.server?.kitchenId;
  const cached = recall<{ kitchenId: string; names: Names } | undefined>(KEY, undefined);
  return kitchenId && cached?.kitchenId === kitchenId ? cached.names : {};
}

/** Asks the server for the names and caches them; undefined when it cannot be reached. */
export async function refreshDeviceNames(
  identity: DeviceIdentity | undefined,
  fetchFn: FetchLike = (input, init) => fetch(input, init),
): Promise<Names | undefined> {
  const server = identity?.server;
  if (!server) return undefined;
  try {
    const devices = await listDevices(fetchFn, server);
    const names = Object.fromEntries(devices.map((d) => [d.deviceId, d.name]));
    remember(KEY, { kitchenId: server.kitchenId, names });
    return names;
  } catch {
    // Offline or refused: the cached names (or short ids) do; sync reports the failure.
    return undefined;
  }
}
