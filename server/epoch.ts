/**
 * The log epoch (DESIGN 4.1): an opaque string that changes whenever the server's logs may
 * have gone back (`larder restore`). Pull and push answers carry it; a tablet that sees a
 * new one, or a head below its cursor, pulls from the start and pushes again what the
 * server lacks. One epoch for the whole store: a restore takes every kitchen back.
 */
import { randomBytes } from 'node:crypto';
import type { Store } from './storage/store';

const EPOCH_SETTING = 'log_epoch';

/** The store's epoch, made on first use. */
export async function logEpoch(store: Store): Promise<string> {
  const stored = await store.getSetting(EPOCH_SETTING);
  if (stored) return stored;
  return newEpoch(store);
}

/** Moves the epoch on: every tablet heals at its next sync. */
export async function newEpoch(store: Store): Promise<string> {
  const epoch = randomBytes(8).toString('hex');
  await store.setSetting(EPOCH_SETTING, epoch);
  return epoch;
}
