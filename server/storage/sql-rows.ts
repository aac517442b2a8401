/**
 * Rows of the SQL stores (SQLite, PostgreSQL) and what they mean: a batch as columns, a
 * row back as an event, the comparison of a resent event with the stored one, kitchens and
 * devices.
 */
import type { EventEnvelope, StoredEvent } from '../../src/lib/domain/events';
import { compareEvents } from '../../src/lib/domain/order';
import { canonicalJson } from '../../src/lib/domain/validate';
import type {
  AppendOutcome,
  AppendResult,
  Device,
  EventColumns,
  Kitchen,
  KitchenEvent,
} from './store';

export interface EventRow {
  seq: number;
  body: string;
}

export type EventStampRow = EventRow & { hlc: string };

export function rowToEvent(row: EventRow): StoredEvent {
  return { ...(JSON.parse(row.body) as EventEnvelope), seq: row.seq };
}

/**
 * A page of a log in order (`OrderedLog.inOrder`): `rows`, the first `limit` rows by stamp,
 * and when they may end inside a stamp, that stamp's rows whole (`atStamp`), sorted.
 */
export async function stampPage(
  rows: EventStampRow[],
  limit: number,
  atStamp: (hlc: string) => Promise<EventRow[]> | EventRow[],
): Promise<StoredEvent[]> {
  const last = rows.at(-1)?.hlc;
  const page =
    rows.length < limit || last === undefined
      ? rows
      : [...rows.filter((row) => row.hlc !== last), ...(await atStamp(last))];
  return page.map(rowToEvent).sort(compareEvents);
}

/** Whether two event bodies say the same, whatever the order of their keys. */
export function sameContent(stored: string, sent: string): boolean {
  return stored === sent || canonicalJson(JSON.parse(stored)) === canonicalJson(JSON.parse(sent));
}

/**
 * A batch as the columns of its rows; the body is the validated event encoded (compared
 * canonically only when an id comes again, see `sameContent`).
 */
export function toColumns(events: readonly EventEnvelope[]): EventColumns {
  const batch: EventColumns = {
    ids: [],
    types: [],
    vs: [],
    hlcs: [],
    devices: [],
    actors: [],
    bodies: [],
  };
  for (const event of events) {
    batch.ids.push(event.id);
    batch.types.push(event.type);
    batch.vs.push(event.v);
    batch.hlcs.push(event.hlc);
    batch.devices.push(event.device);
    batch.actors.push(event.actor);
    batch.bodies.push(JSON.stringify(event));
  }
  return batch;
}

/** The result of `append` from the outcome of `appendColumns` on the same events. */
export function withEvents(events: readonly EventEnvelope[], outcome: AppendOutcome): AppendResult {
  if (!outcome.ok) return outcome;
  const accepted: StoredEvent[] = [];
  outcome.seqs.forEach((seq, index) => {
    const event = events[index];
    if (seq === 0 || !event) return;
    // A validated envelope has exactly these keys; a literal is many times faster to make
    // than a spread of the validator's output (a push answers up to 1000 of them).
    const { id, type, v, hlc, device, actor, data, sig } = event;
    accepted.push(
      sig === undefined
        ? { id, type, v, hlc, device, actor, data, seq }
        : { id, type, v, hlc, device, actor, data, sig, seq },
    );
  });
  const { duplicates, head, epoch } = outcome;
  return { ok: true, accepted, duplicates, head, ...(epoch !== undefined && { epoch }) };
}

export interface KitchenRow {
  id: string;
  name: string;
  join_code_hash: string;
  created_at: string;
}

export interface DeviceRow {
  kitchen_id: string;
  device_id: string;
  name: string;
  token_hash: string;
  paired_at: string;
  revoked_at: string | null;
  last_seen_at: string | null;
  public_key: string | null;
}

export type KitchenEventRow = EventRow & { kitchen_id: string };
export const toKitchenEvent = (row: KitchenEventRow): KitchenEvent => ({
  kitchenId: row.kitchen_id,
  event: rowToEvent(row),
});

export const toKitchen = (row: KitchenRow): Kitchen => ({
  id: row.id,
  name: row.name,
  joinCodeHash: row.join_code_hash,
  createdAt: row.created_at,
});

export const toDevice = (row: DeviceRow): Device => ({
  kitchenId: row.kitchen_id,
  deviceId: row.device_id,
  name: row.name,
  tokenHash: row.token_hash,
  pairedAt: row.paired_at,
  revokedAt: row.revoked_at,
  lastSeenAt: row.last_seen_at,
  publicKey: row.public_key,
});
