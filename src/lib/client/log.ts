/**
 * Writing to the tablet's event log. Two ways in: events recorded on this tablet (which also
 * go to the outbox) and events received from the server (which advance the clock and the
 * pull cursor). Both are idempotent by event id and each call is one transaction.
 */
import type { EventEnvelope, StoredEvent } from '$lib/domain/events';
import { HLC_ZERO, hlcReceive, type Hlc } from '$lib/domain/hlc';
import { assertEvent } from '$lib/domain/validate';
import { getMeta, type DeviceIdentity, type LarderDb, type LocalEvent } from './db';
import { storageError } from './errors';

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
): Promise<LocalEvent[]> {
  let refusal: unknown;
  try {
    return await db.transaction('rw', db.events, db.outbox, db.meta, async () => {
      const [identity, clock, lseq0] = await Promise.all([
        getMeta(db, 'identity'),
        getMeta(db, 'clock'),
        getMeta(db, 'lseq'),
      ]);
      if (!identity) throw (refusal = new Error('This tablet has not been set up yet.'));
      let recording: Recording;
      try {
        recording = build({
          clock: clock ?? HLC_ZERO,
          now: now(),
          device: identity.deviceId,
          actor: identity.actor,
        });
        for (const event of recording.events) assertEvent(event);
      } catch (error) {
        throw (refusal = error);
      }
      let lseq = lseq0 ?? 0;
      const stored = recording.events.map((event) => ({ ...event, lseq: ++lseq }));
      await db.events.bulkAdd(stored);
      await db.outbox.bulkAdd(stored.map(({ id, lseq }) => ({ id, lseq })));
      await db.meta.bulkPut([
        { key: 'clock', value: recording.clock },
        { key: 'lseq', value: lseq },
      ]);
      return stored;
    });
  } catch (error) {
    if (refusal !== undefined && error === refusal) throw error;
    throw storageError(error);
  }
}

export interface IngestResult {
  /** Events new to this tablet. */
  added: number;
  /** Events of this tablet that the server has now confirmed. */
  confirmed: number;
  /** Stamps too far in the future to move this tablet's clock. */
  skewed: number;
}

/**
 * Stores events received from the server. `upTo` is the seq up to which the caller holds a
 * contiguous run of the kitchen's log (the last seq of a page, or of a stream message):
 * the pull cursor moves there, never back.
 */
export async function ingestRemote(
  db: LarderDb,
  events: StoredEvent[],
  upTo: number,
  now: () => number = Date.now,
): Promise<IngestResult> {
  const result: IngestResult = { added: 0, confirmed: 0, skewed: 0 };
  try {
    await db.transaction('rw', db.events, db.outbox, db.meta, async () => {
      const [existing, clock0, lseq0, cursor0] = await Promise.all([
        db.events.bulkGet(events.map((e) => e.id)),
        getMeta(db, 'clock'),
        getMeta(db, 'lseq'),
        getMeta(db, 'cursor'),
      ]);
      let clock = clock0 ?? HLC_ZERO;
      let lseq = lseq0 ?? 0;
      const wall = now();
      const puts: LocalEvent[] = [];
      const seen = new Set<string>();
      events.forEach((event, i) => {
        // The clock moves past every stamp received, so what this tablet records next
        // sorts after everything it has seen (causality).
        const received = hlcReceive(clock, event.hlc, wall);
        clock = received.clock;
        if (received.skewed) result.skewed++;
        if (seen.has(event.id)) return;
        seen.add(event.id);
        const mine = existing[i];
        if (mine) {
          if (mine.seq === undefined) {
            puts.push({ ...mine, seq: event.seq });
            result.confirmed++;
          }
        } else {
          puts.push({ ...event, lseq: ++lseq });
          result.added++;
        }
      });
      if (puts.length) await db.events.bulkPut(puts);
      // An event the server holds is delivered, whether or not its push answer came back.
      await db.outbox.bulkDelete(events.map((e) => e.id));
      await db.meta.bulkPut([
        { key: 'clock', value: clock },
        { key: 'lseq', value: lseq },
        { key: 'cursor', value: Math.max(cursor0 ?? 0, upTo) },
      ]);
    });
  } catch (error) {
    throw storageError(error);
  }
  return result;
}

/** Marks events as acknowledged by the server after a successful push. */
export async function markPushed(db: LarderDb, ids: string[]): Promise<void> {
  await db.outbox.bulkDelete(ids);
}

/** The next batch of events waiting for the server, oldest first. */
export async function pendingBatch(db: LarderDb, limit: number): Promise<EventEnvelope[]> {
  const entries = await db.outbox.orderBy('lseq').limit(limit).toArray();
  const events = await db.events.bulkGet(entries.map((e) => e.id));
  return events.filter((e): e is LocalEvent => !!e).map(toEnvelope);
}

export function pendingCount(db: LarderDb): Promise<number> {
  return db.outbox.count();
}

/** The event as recorded, without the tablet's own bookkeeping fields. */
export function toEnvelope(event: LocalEvent): EventEnvelope {
  const { id, type, v, hlc, device, actor, data } = event;
  return { id, type, v, hlc, device, actor, data };
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
