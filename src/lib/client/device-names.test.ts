import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FetchLike } from './api';
import type { DeviceIdentity } from './db';
import { cachedDeviceNames, refreshDeviceNames } from './device-names';

const joined = (kitchenId: string): DeviceIdentity => ({
  deviceId: 'self',
  name: 'Walk-in tablet',
  actor: 'JT',
  server: { url: 'http://larder.test', kitchenId, token: 'secret' },
});

const store = new Map<string, string>();
beforeEach(() => {
  store.clear();
  globalThis.localStorage = {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  } as Storage;
});
afterEach(() => {
  delete (globalThis as { localStorage?: Storage }).localStorage;
});

describe('tablet names', () => {
  it('asks the kitchen’s devices route with the token and caches the names per kitchen', async () => {
    const asked: { url: string; auth: string | null }[] = [];
    const fetchFn: FetchLike = (url, init) => {
      asked.push({ url, auth: new Headers(init?.headers).get('authorization') });
      return Promise.resolve(
        Response.json({ devices: [{ deviceId: 'other', name: 'Line tablet' }, { bad: 1 }] }),
      );
    };
    expect(await refreshDeviceNames(joined('lincoln'), fetchFn)).toEqual({ other: 'Line tablet' });
    expect(asked).toEqual([
      { url: 'http://larder.test/api/v1/kitchens/lincoln/devices', auth: 'Bearer secret' },
    ]);
    expect(cachedDeviceNames(joined('lincoln'))).toEqual({ other: 'Line tablet' });
    expect(cachedDeviceNames(joined('grant'))).toEqual({});
    expect(cachedDeviceNames(undefined)).toEqual({});
  });

  it('keeps the cache when the server cannot be reached, and asks nothing when not joined', async () => {
    const ok: FetchLike = () =>
      Promise.resolve(Response.json({ devices: [{ deviceId: 'other', name: 'Line tablet' }] }));
    await refreshDeviceNames(joined('lincoln'), ok);
    const down: FetchLike = () => Promise.reject(new TypeError('Failed to fetch'));
    expect(await refreshDeviceNames(joined('lincoln'), down)).toBeUndefined();
    expect(cachedDeviceNames(joined('lincoln'))).toEqual({ other: 'Line tablet' });
    let calls = 0;
    const counted: FetchLike = () => {
      calls++;
      return Promise.resolve(Response.json({ devices: [] }));
    };
    const alone: DeviceIdentity = { deviceId: 'self', name: 'Tablet', actor: 'JT' };
    expect(await refreshDeviceNames(alone, counted)).toBeUndefined();
    expect(calls).toBe(0);
  });
});
