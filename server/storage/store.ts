/**
 * Where the server keeps everything: each kitchen's event log and the registry of kitchens
 * and paired devices. Routes only ever see this interface, so a PostgreSQL adapter can be
 * added beside the SQLite and in-memory ones without touching them. Methods are async for
 * that reason even where an implementation is synchronous.
 *
 * Contract of the event log (checked for every implementation by `conformance.ts`):
 * - `append` is atomic: every event of the batch is stored, or none is.
 * - `append` is durable before it resolves: once the promise settles with `ok: true`, the
 *   events survive a crash of the process (or the machine, for a disk-backed store).
 * - `append` is idempotent by event id within a kitchen: an id already stored with the same
 *   content (compared canonically, key order ignored) is counted in `duplicates` and not
 *   stored again; the same id with different content makes the whole batch fail with
 *   `ok: false` and lists every conflicting event. A batch may carry the same event twice.
 * - Each stored event gets the next `seq` of its kitchen: 1, 2, 3... gap-free, increasing
 *   in commit order, never reused. Concurrent appends to one kitchen are serialised.
 * - `read` returns events with `seq > after` in seq order, at most `limit` of them, the
 *   kitchen's `head` (highest seq, 0 when empty) and whether more exist after the last one.
 * - Kitchens are independent logs: nothing of one is visible through another's id.
 * The store trusts its input: callers validate events before appending them.
 */
import type { EventEnvelope, StoredEvent } from '../../src/lib/domain/events';
import type { KitchenEvent } from '../../src/lib/domain/transfer-views';

export type AppendResult =
  | {
      ok: true;
      accepted: StoredEvent[];
      duplicates: number;
      head: number;
      /** The log epoch, when the store read it with the append (else ask `logEpoch`). */
      epoch?: string | undefined;
    }
  | { ok: false; conflicts: AppendConflict[] };

/**
 * What `append` gives without the events themselves (they are the caller's): the seq each
 * event of the batch got, in batch order, 0 for a duplicate.
 */
export type AppendOutcome =
  | { ok: true; seqs: number[]; duplicates: number; head: number; epoch?: string | undefined }
  | { ok: false; conflicts: AppendConflict[] };

/** A batch as the columns of the rows that store it (`body`: the event's JSON text). */
export interface EventColumns {
  ids: string[];
  types: string[];
  vs: number[];
  hlcs: string[];
  devices: string[];
  actors: string[];
  bodies: string[];
}

/** An event whose id is already stored in the kitchen with different content. */
export interface AppendConflict {
  /** Position in the batch, 0-based. */
  index: number;
  id: string;
}

export interface ReadResult {
  events: StoredEvent[];
  head: number;
  more: boolean;
}

export type { KitchenEvent } from '../../src/lib/domain/transfer-views';

export interface EventLog {
  append(kitchenId: string, events: readonly EventEnvelope[]): Promise<AppendResult>;
  read(kitchenId: string, after: number, limit: number): Promise<ReadResult>;
  head(kitchenId: string): Promise<number>;
  /** Every kitchen's head, by kitchen (a kitchen with no events may be left out: 0). */
  heads(): Promise<Map<string, number>>;
  /**
   * Everything about the transfers to and from a kitchen, across the district's logs: its
   * own `stock.sent` events and those addressed to it, the receipts and refusals of those
   * transfers (in any log), and the undos and redos of all of these (in their own logs,
   * undos of undos too). In no particular order. Without a kitchen: the same for every
   * transfer of the district (the district office).
   */
  transferEvents(kitchenId?: string): Promise<KitchenEvent[]>;
  /** The `stock.sent` events of one transfer, in whichever log holds them. */
  sentEvents(transferId: string): Promise<KitchenEvent[]>;
}

export interface Kitchen {
  id: string;
  name: string;
  /** SHA-256 of the normalised join code; the code itself is shown once, never stored. */
  joinCodeHash: string;
  createdAt: string;
}

export interface Device {
  kitchenId: string;
  deviceId: string;
  name: string;
  /** SHA-256 of the device token; the token itself is handed out once, never stored. */
  tokenHash: string;
  pairedAt: string;
  revokedAt: string | null;
  /** When the device last pushed, pulled or opened its stream (kept every 30 s or so). */
  lastSeenAt: string | null;
  /**
   * The device's Ed25519 public key (raw, base64url), registered when it paired or on its
   * first sync after; null until then. Never changed once set: the events it signed must
   * stay verifiable (DESIGN 4.1).
   */
  publicKey: string | null;
}

/** A device as pairing writes it. */
export type NewDevice = Omit<Device, 'revokedAt' | 'lastSeenAt' | 'publicKey'> & {
  publicKey?: string | undefined;
};

/** A device seen at a time (`DeviceActivity` keeps them and writes them in one go). */
export interface DeviceSeen {
  kitchenId: string;
  deviceId: string;
  at: string;
}

/**
 * Kitchens and devices. A device is keyed by (kitchen, device id); pairing it again
 * replaces its token hash, which is how the old token stops working.
 */
export interface Registry {
  /** False when a kitchen with that id exists already. */
  createKitchen(kitchen: Kitchen): Promise<boolean>;
  getKitchen(id: string): Promise<Kitchen | undefined>;
  listKitchens(): Promise<Kitchen[]>;
  /** False when the kitchen does not exist. */
  setJoinCodeHash(kitchenId: string, joinCodeHash: string): Promise<boolean>;
  /**
   * Inserts or replaces the device: new name, token hash and pairing time, not revoked. Its
   * public key is set when it has none yet, else kept.
   */
  putDevice(device: NewDevice): Promise<void>;
  /**
   * Registers the device's public key when it has none yet. Returns the key it has after
   * (the one given, or the one registered before), undefined for an unknown device.
   */
  registerDeviceKey(
    kitchenId: string,
    deviceId: string,
    publicKey: string,
  ): Promise<string | undefined>;
  /** Moves each device's last-seen time on (never back); unknown devices are ignored. */
  touchDevices(seen: readonly DeviceSeen[]): Promise<void>;
  findDeviceByTokenHash(tokenHash: string): Promise<Device | undefined>;
  /** A kitchen's devices, or without a kitchen every device of the district. */
  listDevices(kitchenId?: string): Promise<Device[]>;
  /** False when no such device is paired with that kitchen. Revoking twice keeps the first time. */
  revokeDevice(kitchenId: string, deviceId: string, at: string): Promise<boolean>;
  /** Small server settings, such as the hash of the admin token. */
  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;
}

export interface Store extends EventLog, Registry {
  /** Flushes and releases the storage; the store is unusable afterwards. */
  close(): Promise<void>;
}

/**
 * The storage cannot take a batch now: its writer stopped, or its disk is full. Nothing of
 * the batch was acknowledged; it may be pushed again (a resend is idempotent).
 */
export class StorageUnavailableError extends Error {
  constructor(
    readonly reason: 'stopped' | 'full',
    message: string,
  ) {
    super(message);
    this.name = 'StorageUnavailableError';
  }
}
