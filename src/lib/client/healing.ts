/**
 * Healing (DESIGN 4.1): after the server's log went back (a restore), what this tablet holds
 * that the server lacks goes back to it; after the server refused this tablet's entries as
 * stamped too far ahead (its clock was wrong), they get new stamps. Loaded only when a sync
 * round needs it (`SyncDeps.healing`): the page loads it lazily, the service worker has it
 * built in.
 *
 * In two steps: `prepareHealing` sends the pull back to the start; once the pull is at the
 * head, `giveBack` queues what the server did not hand out: this tablet's own events, and
 * other tablets' signed ones (the server takes those only with their tablet's signature:
 * that tablet may have broken or left). Unsigned ones of other tablets stay held here,
 * never dropped, for their own tablet to give back.
 */
import { DEFAULT_MAX_CLOCK_AHEAD_MS, HLC_ZERO, hlcNow, hlcWall, type Hlc } from '$lib/domain/hlc';
import { compareEvents } from '$lib/domain/order';
import { getMeta, PENDING, PUSHED, type LarderDb, type OutboxEntry } from './db';
import { storageError } from './errors';

/**
 * The server's log went back: its cursor is no longer this tablet's. The cursor goes back
 * to the start, and events acknowledged but not handed back yet are pending again (the pull
 * confirms those the server still has).
 */
export async function prepareHealing(db: LarderDb): Promise<void> {
  try {
    await db.transaction('rw', db.outbox, db.meta, async () => {
      const pushed = await db.outbox
        .where('[state+lseq]')
        .between([PUSHED, 0], [PUSHED, Infinity])
        .toArray();
      await db.outbox.bulkPut(pushed.map((entry) => ({ ...entry, state: PENDING })));
      await db.meta.bulkPut([
        { key: 'cursor', value: 0 },
        { key: 'healing', value: true },
      ]);
    });
  } catch (error) {
    throw storageError(error);
  }
}

/** The ids of the events held from the server (chunks). */
export async function heldIds(db: LarderDb): Promise<Set<string>> {
  const ids = new Set<string>();
  await db.chunks.each((chunk) => {
    for (const event of chunk.events) ids.add(event.id);
  });
  return ids;
}

/**
 * The pull from the start is at the head: `missing` are the held events the server did not
 * hand out. Those this tablet may give back go in the outbox; all stay "awaited", so their
 * copy coming back is not stored twice. Returns how many were queued; healing is over.
 */
export async function giveBack(db: LarderDb, missing: readonly string[]): Promise<number> {
  try {
    return await db.transaction('rw', db.chunks, db.outbox, db.meta, async () => {
      const [identity, lseq0] = await Promise.all([getMeta(db, 'identity'), getMeta(db, 'lseq')]);
      const wanted = new Set(missing);
      let lseq = lseq0 ?? 0;
      const again: OutboxEntry[] = [];
      if (wanted.size) {
        await db.chunks.each((chunk) => {
          for (const { seq: _seq, ...event } of chunk.events) {
            if (!wanted.delete(event.id)) continue;
            if (event.device !== identity?.deviceId && event.sig === undefined) continue;
            again.push({ id: event.id, lseq: ++lseq, state: PENDING, event });
          }
        });
      }
      await db.outbox.bulkPut(again);
      await db.meta.put({ key: 'lseq', value: lseq });
      await db.meta.delete('healing');
      if (missing.length) await db.meta.put({ key: 'awaited', value: [...missing] });
      return again.length;
    });
  } catch (error) {
    throw storageError(error);
  }
}

/**
 * Stamps held that are this far past the server's time still count as right: the server's
 * own allowance by default. Another tablet's clock may run a few minutes fast and its
 * entries be accepted; what this tablet stamps again must still sort after those it saw (a
 * count after the delivery it counted). A server allowing more is not known here: stamps
 * past the default are left out.
 */
const HELD_AHEAD_MS = DEFAULT_MAX_CLOCK_AHEAD_MS;

/**
 * The server refused `ids` as stamped too far ahead of its clock: those that are this
 * tablet's and were never acknowledged (so never stored) get new stamps from the server's
 * time `wall`, in their order, after every stamp held that is not itself far ahead; the
 * tablet's clock goes back with them. They move to the end of the local log (new `lseq`), so
 * every tab's projection sees the change and folds again. The clock's error (against this
 * tablet's time `now`) is kept: what it records next is stamped by the server's time, and the
 * sync line asks for the right time. Returns how many were re-stamped.
 */
export async function restamp(
  db: LarderDb,
  ids: readonly string[],
  wall: number,
  now: number,
): Promise<number> {
  try {
    return await db.transaction('rw', db.chunks, db.outbox, db.meta, async () => {
      await db.meta.put({ key: 'clockSkew', value: now - wall });
      const [identity, lseq0] = await Promise.all([getMeta(db, 'identity'), getMeta(db, 'lseq')]);
      const refused = new Set(ids);
      const entries = (await db.outbox.bulkGet([...refused])).filter(
        (entry): entry is OutboxEntry =>
          entry?.state === PENDING && entry.event.device === identity?.deviceId,
      );
      if (!entries.length) return 0;
      let clock: Hlc = HLC_ZERO;
      const consider = (hlc: Hlc) => {
        if (hlc > clock && hlcWall(hlc) <= wall + HELD_AHEAD_MS) clock = hlc;
      };
      await db.chunks.each((chunk) => chunk.events.forEach((event) => consider(event.hlc)));
      await db.outbox.each((entry) => {
        if (!refused.has(entry.id)) consider(entry.event.hlc);
      });
      entries.sort((a, b) => compareEvents(a.event, b.event));
      let lseq = lseq0 ?? 0;
      const again = entries.map((entry) => {
        clock = hlcNow(clock, wall);
        return { ...entry, lseq: ++lseq, event: { ...entry.event, hlc: clock } };
      });
      await db.outbox.bulkPut(again);
      await db.meta.bulkPut([
        { key: 'clock', value: clock },
        { key: 'lseq', value: lseq },
      ]);
      return again.length;
    });
  } catch (error) {
    throw storageError(error);
  }
}
