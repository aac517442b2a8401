/**
 * Healing after the server's log went back (a restore, DESIGN 4.1): what this tablet holds
 * that the server lacks goes back to it. Loaded only when a sync round needs it
 * (`SyncDeps.healing`): the page loads it lazily, the service worker has it built in.
 *
 * In two steps: `prepareHealing` sends the pull back to the start; once the pull is at the
 * head, `giveBack` queues what the server did not hand out: this tablet's own events, and
 * other tablets' signed ones (the server takes those only with their tablet's signature:
 * that tablet may have broken or left). Unsigned ones of other tablets stay held here,
 * never dropped, for their own tablet to give back.
 */
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
