/**
 * Healing after the server's log went back (a restore, DESIGN 4.1): what this tablet gives
 * back and what it holds already. Loaded only when a sync round needs it (`SyncDeps.healing`):
 * the page loads it lazily, the service worker has it built in.
 */
import { getMeta, PENDING, PUSHED, type LarderDb, type OutboxEntry } from './db';
import { storageError } from './errors';

/**
 * The server's log went back (a restore): its cursor is no longer this tablet's. Every event
 * this tablet recorded that the server may lack goes back in the outbox (it confirms them
 * again when they come back in a pull), and the cursor goes back to the start. Returns the
 * number of events queued again. Events of other tablets stay held here, never dropped.
 */
export async function prepareHealing(db: LarderDb): Promise<number> {
  try {
    return await db.transaction('rw', db.chunks, db.outbox, db.meta, async () => {
      const [identity, lseq0] = await Promise.all([getMeta(db, 'identity'), getMeta(db, 'lseq')]);
      const outbox = await db.outbox.toArray();
      const queued = new Set(outbox.map((entry) => entry.id));
      let lseq = lseq0 ?? 0;
      const again: OutboxEntry[] = outbox
        .filter((entry) => entry.state === PUSHED)
        .map((entry) => ({ ...entry, state: PENDING }));
      await db.chunks.each((chunk) => {
        for (const { seq: _seq, ...event } of chunk.events) {
          if (event.device !== identity?.deviceId || queued.has(event.id)) continue;
          queued.add(event.id);
          again.push({ id: event.id, lseq: ++lseq, state: PENDING, event });
        }
      });
      await db.outbox.bulkPut(again);
      await db.meta.bulkPut([
        { key: 'lseq', value: lseq },
        { key: 'cursor', value: 0 },
        { key: 'healing', value: true },
      ]);
      return again.length;
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
