/**
 * The log epoch (DESIGN 4.1): an opaque string that changes whenever the server's logs may
 * have gone back (`larder restore`). Pull and push answers carry it; a tablet that sees a
 * new one, or a head below its cursor, pulls from the start and pushes again what the
 * server lacks. One epoch for the whole store: a restore takes every kitchen back.
 */
import { randomBytes } from 'node:crypto';
import { ApiError } from './errors';
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

/** A pull or stream from `after`, past the log's `head`: the log went back (409 log_behind). */
export function logBehind(after: number, head: number, epoch: string): ApiError {
  return new ApiError(
    409,
    'log_behind',
    `This kitchen's log ends at ${head}, before ${after}: pull from the start and push again what it lacks`,
    undefined,
    { head, epoch },
  );
}
