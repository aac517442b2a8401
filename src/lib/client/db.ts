/**
 * The tablet's own database (IndexedDB through Dexie). The page and the service worker open
 * the same database; every write that belongs together happens in one transaction, so a
 * crash, a reload or a full disk never leaves half an entry behind.
 */
import { Dexie, type Table } from 'dexie';
import type { EventEnvelope } from '$lib/domain/events';

/**
 * An event as the tablet keeps it. `lseq` is the local arrival number (1, 2, 3... in the
 * order this tablet stored the events): the projections of every open tab read the events
 * after the last `lseq` they applied, whatever their clock stamps. `seq` is the server's
 * cursor, present once the server has stored the event.
 */
export interface LocalEvent extends EventEnvelope {
  lseq: number;
  seq?: number;
}

/** One line of the outbox: an event recorded here and not yet acknowledged by the server. */
export interface OutboxEntry {
  id: string;
  lseq: number;
}

/** Who this tablet is and where it syncs. `server` and `token` are missing until it joins. */
export interface DeviceIdentity {
  deviceId: string;
  name: string;
  actor: string;
  server?: { url: string; kitchenId: string; token: string };
}

/** Small values kept by key; see `MetaValues` for each key's meaning. */
export interface MetaRow<K extends keyof MetaValues = keyof MetaValues> {
  key: K;
  value: MetaValues[K];
}

export interface MetaValues {
  identity: DeviceIdentity;
  /** This tablet's hybrid logical clock: the last stamp it issued or received. */
  clock: string;
  /** Highest server `seq` below which this tablet holds every event of its kitchen. */
  cursor: number;
  /** Highest `lseq` given out so far. */
  lseq: number;
  /** When the last sync with the server finished without error (ms since the epoch). */
  lastSynced: number;
  /** Why the last sync failed, for every tab to show; removed when a sync succeeds. */
  syncError: { kind: string; message: string; at: number };
}

/** A projection's state persisted at a local arrival number, so a cold start refolds less. */
export interface SnapshotRow {
  name: string;
  lseq: number;
  /** Events in the log when it was taken: a cheap check that the log was not cleared. */
  count: number;
  state: unknown;
}

export const DB_NAME = 'larder';

export class LarderDb extends Dexie {
  events!: Table<LocalEvent, string>;
  outbox!: Table<OutboxEntry, string>;
  meta!: Table<MetaRow, string>;
  snapshots!: Table<SnapshotRow, string>;

  constructor(name: string = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      // id: idempotency key; [hlc+device+id]: the domain order; seq: the server cursor;
      // lseq: what a projection has not applied yet.
      events: 'id, &lseq, [hlc+device+id], seq',
      outbox: 'id, lseq',
      meta: 'key',
      snapshots: 'name',
    });
  }
}

export async function getMeta<K extends keyof MetaValues>(
  db: LarderDb,
  key: K,
): Promise<MetaValues[K] | undefined> {
  const row = (await db.meta.get(key)) as MetaRow<K> | undefined;
  return row?.value;
}

export async function setMeta<K extends keyof MetaValues>(
  db: LarderDb,
  key: K,
  value: MetaValues[K],
): Promise<void> {
  await db.meta.put({ key, value });
}
