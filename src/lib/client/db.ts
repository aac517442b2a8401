/**
 * The tablet's own database (IndexedDB through Dexie). The page and the service worker open
 * the same database; every write that belongs together happens in one transaction, so a
 * crash, a reload or a full disk never leaves half an entry behind.
 */
import { Dexie, type Table } from 'dexie';
import type { EventEnvelope, StoredEvent } from '$lib/domain/events';
import type { ServerLink } from './api';
import type { DistrictTransfers } from './transfers';

/**
 * A run of events the server has confirmed, stored as one record: a pulled page or a
 * stream message. IndexedDB pays about 0.1 ms per record written, so a 100k-event log
 * written event by event takes ten seconds; as pages it takes a fraction of one. The
 * order of the domain (hlc, device, id) is built in memory when the log is loaded.
 */
export interface Chunk {
  /** Local arrival number, shared with the outbox: what a projection has not applied yet. */
  lseq: number;
  /** The seq of its first and last events: the chunks cover the server's log by seq. */
  firstSeq: number;
  lastSeq: number;
  /** Valid events, with their server seq. */
  events: StoredEvent[];
  /** Events this version of Larder cannot read (a newer one recorded them): kept, not folded. */
  unreadable?: StoredEvent[];
}

export const PENDING = 0;
export const PUSHED = 1;
export const SET_ASIDE = 2;

/**
 * An event recorded on this tablet, until the server hands it back in a pull (then it lives
 * in a chunk). `state` is PENDING until a push is acknowledged, then PUSHED; or SET_ASIDE
 * when the server refused it for what it is: kept, never deleted, never pushed again, so
 * that one bad event does not hold up the others (`refusal` says why).
 */
export interface OutboxEntry {
  id: string;
  lseq: number;
  state: typeof PENDING | typeof PUSHED | typeof SET_ASIDE;
  event: EventEnvelope;
  refusal?: { code: string; message: string; at: number };
}

/** Who this tablet is and where it syncs. `server` and `token` are missing until it joins. */
export interface DeviceIdentity {
  deviceId: string;
  name: string;
  actor: string;
  server?: ServerLink;
  /** The kitchen last left, with its token: joining it again pairs with that token. */
  left?: ServerLink;
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
  /** Highest `lseq` given out so far (to chunks and outbox entries alike). */
  lseq: number;
  /** When the last sync with the server finished without error (ms since the epoch). */
  lastSynced: number;
  /** The last sync failure, for the status bar: a code it translates, English for logs. */
  syncError: {
    kind: string;
    code?: string | undefined;
    status?: number | undefined;
    message: string;
    at: number;
  };
  /**
   * How far this tablet's clock is off the server's (ms, + ahead), from the `Date` of its
   * answers at the last sync; only kept while it is more than `CLOCK_WARNING_MS`.
   */
  clockSkew: number;
  /** The district's kitchens and this kitchen's transfers, as last heard (`transfers.ts`). */
  transfers: DistrictTransfers;
  /** The server's log epoch at the last full pull: a new one means its log went back. */
  epoch: string;
  /** Set while pulling from the start after the server's log went back (`log.ts`). */
  healing: true;
  /**
   * Events of other tablets this tablet held when the server's log went back, that the
   * server lacked after: held already, so not stored again when their tablets give them back.
   */
  awaited: string[];
  /**
   * This tablet's Ed25519 key pair (DESIGN 4.1): the private key not extractable (a
   * `CryptoKey` kept as is), the public key raw in base64url. Made the first time it is
   * needed; missing where the browser has no Ed25519 (its events then go unsigned).
   */
  signingKey: { privateKey: CryptoKey; publicKey: string };
}

/** How often a sync round asks for what other kitchens sent, with nothing else to go on. */
export const TRANSFERS_EVERY_MS = 2 * 60_000;

/** Past this, a tablet says its clock is wrong: its entries would sort out of place. */
export const CLOCK_WARNING_MS = 2 * 60_000;

/**
 * The server's time as this tablet knows it (DESIGN 4.1): its clock `now` less the error
 * measured (`clockSkew`, none while the clock is right). What it records is stamped by it,
 * and stamps received are weighed against it.
 */
export const serverClock =
  (now: () => number, skew: number | undefined): (() => number) =>
  () =>
    now() - (skew ?? 0);

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
  chunks!: Table<Chunk, number>;
  outbox!: Table<OutboxEntry, string>;
  meta!: Table<MetaRow, string>;
  snapshots!: Table<SnapshotRow, string>;

  constructor(name: string = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    this.version(1).stores({
      // The kitchen's log as the server confirmed it, by arrival and by server seq.
      chunks: 'lseq, lastSeq',
      // Events recorded here, by id (idempotency), by arrival, and pending first.
      outbox: 'id, lseq, [state+lseq]',
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
