import type { EventEnvelope } from './events';

/**
 * The one total order of a kitchen's log: by clock stamp, then device id, then event id.
 * Every replica sorts the same set of events the same way, which is what makes the fold
 * converge. The server's `seq` is only a sync cursor and plays no part here.
 */
export function compareEvents(
  a: Pick<EventEnvelope, 'hlc' | 'device' | 'id'>,
  b: Pick<EventEnvelope, 'hlc' | 'device' | 'id'>,
): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  if (a.device !== b.device) return a.device < b.device ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/** A sorted copy without duplicate ids (the log is a set keyed by id). */
export function sortEvents<E extends EventEnvelope>(events: Iterable<E>): E[] {
  const byId = new Map<string, E>();
  for (const event of events) if (!byId.has(event.id)) byId.set(event.id, event);
  return [...byId.values()].sort(compareEvents);
}
