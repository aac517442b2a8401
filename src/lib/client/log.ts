/**
 * Writing to the tablet's event log. Two ways in: events recorded on this tablet (they go
 * to the outbox, pending until pushed) and events received from the server (stored as one
 * chunk per page, with the clock and the pull cursor moved past them). Each call is one
 * transaction, so nothing is ever half-written.
 */
import type { EventEnvelope, StoredEvent } from '$lib/domain/events';
import { HLC_ZERO, hlcReceive, type Hlc } from '$lib/domain/hlc';
import {
  getMeta,
  PENDING,
  PUSHED,
  SET_ASIDE,
  serverClock,
  type Chunk,
  type DeviceIdentity,
  type LarderDb,
  type OutboxEntry,
} from './db';
import { storageError } from './errors';
import { validation, type Validation } from './validation';

/** What a command needs to stamp its events: the clock as stored, the time, who and where. */
export interface RecordContext {
  clock: Hlc;
  now: number;
  device: string;
  actor: string;
}

/** The events to store and the clock after stamping them (the shape of `decide`'s answer). */
export interface Recording {
  events: EventEnvelope[];
  clock: Hlc;
}

/**
 * Stores the events `build` makes, all or none, with the clock advanced past their stamps
 * and each queued for the server. `build` runs inside the transaction, so it stamps from the
 * clock as stored (another tab may have moved it); it must be synchronous. A refusal it
 * throws (a `DomainError`) passes through untouched, and nothing is stored.
 */
export async function appendLocal(
  db: LarderDb,
  build: (ctx: RecordContext) => Recording,
  now: () => number = Date.now,
): Promise<OutboxEntry[]> {
  let refusal: unknown;
  // Before the transaction, which must not wait on anything but the database.
  const schemas: Validation = await validation();
  try {
    return await db.transaction('rw', db.outbox, db.meta, async () => {
      const [identity, clock, lseq0, skew] = await Promise.all([
        getMeta(db, 'identity'),
        getMeta(db, 'clock'),
        getMeta(db, 'lseq'),
        getMeta(db, 'clockSkew'),
      ]);
      if (!identity) throw (refusal = new Error('This tablet has not been set up yet.'));
      let recording: Recording;
      try {
        recording = build({
          clock: clock ?? HLC_ZERO,
          // A clock known to be off (DESIGN 4.1) stamps by the server's time: an entry of a
          // tablet 10 years ahead must not sort after everything recorded for 10 years.
          now: serverClock(now, skew)(),
          device: identity.deviceId,
          actor: identity.actor,
        });
        for (const event of recording.events) schemas.assertEvent(event);
      } catch (error) {
        throw (refusal = error);
      }
      let lseq = lseq0 ?? 0;
      const entries: OutboxEntry[] = recording.events.map((event) => ({
        id: event.id,
        lseq: ++lseq,
        state: PENDING,
        event,
      }));
      // Both requests go out at once: one round trip to the database instead of two.
      await Promise.all([
        db.outbox.bulkAdd(entries),
        db.meta.bulkPut([
          { key: 'clock', value: recording.clock },
          { key: 'lseq', value: lseq },
        ]),
      ]);
      return entries;
    });
  } catch (error) {
    if (refusal !== undefined && error === refusal) throw error;
    throw storageError(error);
  }
}

export interface IngestResult {
  /** Events stored by this call. */
  added: number;
  /** Events of this tablet that the server has now confirmed. */
  confirmed: number;
  /** Stamps too far in the future to move this tablet's clock. */
  skewed: number;
  /** The chunk stored, if any: a projection in the same tab can apply it without reading. */
  chunk?: Chunk;
}

/**
 * Stores events received from the server, in seq order and contiguous from at most the
 * cursor (a pull page or stream messages). Those at or below the cursor are already held
 * and skipped; the rest become one chunk. The cursor moves to the last seq, never back.
 * Events that fail validation are kept apart, never folded, never dropped.
 */
export async function ingestRemote(
  db: LarderDb,
  events: StoredEvent[],
  now: () => number = Date.now,
  /** Events held already (a pull from the start while healing): not stored twice. */
  held?: ReadonlySet<string>,
): Promise<IngestResult> {
  const result: IngestResult = { added: 0, confirmed: 0, skewed: 0 };
  if (!events.length) return result;
  const { validateEvent } = await validation();
  try {
    await db.transaction('rw', db.chunks, db.outbox, db.meta, async () => {
      const [clock0, lseq0, cursor0, awaited] = await Promise.all([
        getMeta(db, 'clock'),
        getMeta(db, 'lseq'),
        getMeta(db, 'cursor'),
        getMeta(db, 'awaited'),
      ]);
      const cursor = cursor0 ?? 0;
      const fresh = events.filter((e) => e.seq > cursor);
      if (!fresh.length) return;
      // Given back after a restore, and held here since before it: not stored twice.
      const back = new Set(awaited);
      const before = back.size;
      let clock = clock0 ?? HLC_ZERO;
      const wall = now();
      const valid: StoredEvent[] = [];
      const unreadable: StoredEvent[] = [];
      for (const event of fresh) {
        const { seq: _seq, ...envelope } = event;
        if (held?.has(event.id) || back.delete(event.id)) continue;
        if (!validateEvent(envelope).ok) {
          unreadable.push(event);
          continue;
        }
        valid.push(event);
        // The clock moves past every stamp received, so what this tablet records next
        // sorts after everything it has seen (causality).
        if (event.hlc > clock) {
          const received = hlcReceive(clock, event.hlc, wall);
          clock = received.clock;
          if (received.skewed) result.skewed++;
        }
      }
      const chunk: Chunk = {
        lseq: (lseq0 ?? 0) + 1,
        firstSeq: fresh[0]!.seq,
        lastSeq: fresh.at(-1)!.seq,
        events: valid,
        ...(unreadable.length ? { unreadable } : {}),
      };
      await db.chunks.add(chunk);
      // Events of this tablet now live in the chunk: whether or not the push answer came
      // back, the server has them.
      // The outbox is small (what is not confirmed yet): compare ids in memory rather than
      // look up every event of the page.
      const outboxIds = new Set(await db.outbox.toCollection().primaryKeys());
      const confirmed = outboxIds.size
        ? fresh.filter((e) => outboxIds.has(e.id)).map((e) => e.id)
        : [];
      if (confirmed.length) await db.outbox.bulkDelete(confirmed);
      await db.meta.bulkPut([
        { key: 'clock', value: clock },
        { key: 'lseq', value: chunk.lseq },
        { key: 'cursor', value: chunk.lastSeq },
      ]);
      if (back.size !== before) {
        if (back.size) await db.meta.put({ key: 'awaited', value: [...back] });
        else await db.meta.delete('awaited');
      }
      result.added = fresh.length;
      result.confirmed = confirmed.length;
      result.chunk = chunk;
    });
  } catch (error) {
    throw storageError(error);
  }
  return result;
}

/** Marks events as acknowledged by the server after a successful push. */
export async function markPushed(db: LarderDb, ids: string[]): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    const entries = await db.outbox.bulkGet(ids);
    await db.outbox.bulkPut(
      entries.filter((e): e is OutboxEntry => !!e).map((e) => ({ ...e, state: PUSHED })),
    );
  });
}

/** The next batch of events waiting for the server, oldest first. */
export async function pendingBatch(db: LarderDb, limit: number): Promise<EventEnvelope[]> {
  const entries = await db.outbox
    .where('[state+lseq]')
    .between([PENDING, 0], [PENDING, Infinity])
    .limit(limit)
    .toArray();
  return entries.map((e) => e.event);
}

/** Sets refused events aside with why: they stay on the tablet, out of the pushes. */
export async function setAside(
  db: LarderDb,
  refusals: { id: string; code: string; message: string }[],
  now: number,
): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    const entries = await db.outbox.bulkGet(refusals.map((r) => r.id));
    await db.outbox.bulkPut(
      entries
        .filter((e): e is OutboxEntry => !!e)
        .map((entry) => {
          const { code, message } = refusals.find((r) => r.id === entry.id)!;
          return { ...entry, state: SET_ASIDE, refusal: { code, message, at: now } };
        }),
    );
  });
}

/** The events the server refused, oldest first, with why. */
export function setAsideEntries(db: LarderDb): Promise<OutboxEntry[]> {
  return db.outbox.where('[state+lseq]').between([SET_ASIDE, 0], [SET_ASIDE, Infinity]).toArray();
}

export function setAsideCount(db: LarderDb): Promise<number> {
  return db.outbox.where('[state+lseq]').between([SET_ASIDE, 0], [SET_ASIDE, Infinity]).count();
}

export function pendingCount(db: LarderDb): Promise<number> {
  return db.outbox.where('[state+lseq]').between([PENDING, 0], [PENDING, Infinity]).count();
}

/**
 * Every event this tablet holds, each once, in no particular order: the confirmed chunks
 * and the outbox. `after` reads only what arrived after that local arrival number.
 */
export async function readLog(
  db: LarderDb,
  after = 0,
): Promise<{ events: EventEnvelope[]; unreadable: number; lseq: number }> {
  return db.transaction('r', db.chunks, db.outbox, db.meta, async () => {
    const [chunks, outbox, lseq] = await Promise.all([
      db.chunks.where('lseq').above(after).toArray(),
      db.outbox.where('lseq').above(after).toArray(),
      getMeta(db, 'lseq'),
    ]);
    const events: EventEnvelope[] = [];
    let unreadable = 0;
    for (const chunk of chunks) {
      for (const event of chunk.events) events.push(event);
      unreadable += chunk.unreadable?.length ?? 0;
    }
    for (const entry of outbox) events.push(entry.event);
    return { events, unreadable, lseq: lseq ?? 0 };
  });
}

/** Creates this tablet's identity on first run; later calls return the existing one. */
export async function ensureIdentity(
  db: LarderDb,
  makeId: () => string,
  defaults: { name: string; actor: string },
): Promise<DeviceIdentity> {
  return db.transaction('rw', db.meta, async () => {
    const existing = await getMeta(db, 'identity');
    if (existing) return existing;
    const identity: DeviceIdentity = { deviceId: makeId(), ...defaults };
    await db.meta.put({ key: 'identity', value: identity });
    return identity;
  });
}
