/**
 * The store on PostgreSQL (`LARDER_DATABASE_URL=postgres://...`), through node-postgres'
 * pool: the same contract as SQLite's (`store.ts`, checked by `conformance.ts`), for
 * districts whose IT runs PostgreSQL and for several Larder processes on one database.
 *
 * An append is one transaction: it locks its kitchen's `kitchen_heads` row, finds which
 * ids of the batch are stored already, inserts the new events with the next seqs in one
 * statement, moves the head and commits. The lock is held to the commit, so a kitchen's
 * appends run one after another and a reader never sees a seq before the ones below it.
 * PostgreSQL's default `synchronous_commit = on` makes a commit durable before it returns.
 */
import pg from 'pg';
import type { EventEnvelope, StoredEvent } from '../../src/lib/domain/events';
import {
  rowToEvent,
  sameContent,
  stampPage,
  toColumns,
  toDevice,
  toKitchen,
  toKitchenEvent,
  withEvents,
  type DeviceRow,
  type EventRow,
  type EventStampRow,
  type KitchenEventRow,
  type KitchenRow,
} from './sql-rows';
import { migrate, transaction, unnestColumns } from './postgres-schema';
import {
  StorageUnavailableError,
  type AppendConflict,
  type AppendOutcome,
  type AppendResult,
  type Device,
  type DeviceSeen,
  type NewDevice,
  type EventColumns,
  type Kitchen,
  type KitchenEvent,
  type ReadResult,
  type Store,
} from './store';
import { collectTransferEventsAsync } from './transfer-events';

/** A whole store as `load` takes it; each log in pages of stored events, in seq order. */
export interface StoreDump {
  settings: [string, string][];
  kitchens: Kitchen[];
  devices: Device[];
  /** Every kitchen with a log, whether or not it is in `kitchens`. */
  kitchenIds: string[];
  log(kitchenId: string): Iterable<StoredEvent[]>;
}

/** BIGINT (seq, head) as a number: a kitchen's log stays far below 2^53 events. */
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, Number);

const INSERT_EVENTS = `INSERT INTO events (kitchen_id, seq, id, type, v, hlc, device, actor, body)
  SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::int[], $6::text[],
                           $7::text[], $8::text[], $9::text[])`;

const SENDS = `SELECT kitchen_id, seq, body FROM events`;
const LOOKUPS = {
  sendsOf: `${SENDS} WHERE kitchen_id = $1 AND type = 'stock.sent'`,
  sendsTo: `${SENDS} WHERE (body::jsonb) -> 'data' ->> 'toKitchen' = $1 AND type = 'stock.sent'`,
  allSends: `${SENDS} WHERE type = 'stock.sent'`,
  sentIn: `${SENDS} WHERE (body::jsonb) -> 'data' ->> 'transferId' = $1 AND type = 'stock.sent'`,
  answersTo: `${SENDS} WHERE (body::jsonb) -> 'data' ->> 'transferId' = ANY($1::text[])
    AND type IN ('transfer.received', 'transfer.refused')`,
  undosOf: `${SENDS} WHERE (kitchen_id, (body::jsonb) -> 'data' ->> 'eventId') IN
      (SELECT * FROM unnest($1::text[], $2::text[]))
    AND type IN ('event.undone', 'event.redone')`,
};

/**
 * PostgreSQL's answers that mean "not now" rather than "this batch is wrong": the server
 * is out of disk (class 53, insufficient resources) or went away (class 08, connection;
 * 57P0x, shutting down), or it cannot be reached at all.
 */
function unavailable(error: unknown): StorageUnavailableError | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  if (code === '53100') {
    return new StorageUnavailableError('full', 'The disk of the event store is full');
  }
  if (
    code.startsWith('53') ||
    code.startsWith('08') ||
    code.startsWith('57P0') ||
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'ETIMEDOUT'
  ) {
    return new StorageUnavailableError('stopped', 'The PostgreSQL database cannot be reached');
  }
  return undefined;
}

export class PostgresStore implements Store {
  readonly pool: pg.Pool;

  private constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  /** Connects and applies the migrations the database has not had yet. */
  static async open(url: string, options: { max?: number } = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({ connectionString: url, types, max: options.max ?? 10 });
    // An idle connection the server dropped (a restart, a failover) is not this process's
    // end: the pool replaces it with the next query.
    pool.on('error', () => undefined);
    try {
      await migrate(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresStore(pool);
  }

  async append(kitchenId: string, events: readonly EventEnvelope[]): Promise<AppendResult> {
    return withEvents(events, await this.appendColumns(kitchenId, toColumns(events)));
  }

  /** `append` of a batch in the columns it is stored as; throws only when storage fails. */
  async appendColumns(kitchenId: string, batch: EventColumns): Promise<AppendOutcome> {
    if (batch.ids.length === 0) {
      return { ok: true, seqs: [], duplicates: 0, head: await this.head(kitchenId) };
    }
    try {
      // New events (nearly every push): one statement, one round trip.
      const { rows } = await this.pool.query<{
        inserted: boolean;
        head: number;
        epoch: string | null;
      }>(
        // No notice from inside the append (its last two arguments): `postgres-fan-out.ts`.
        'SELECT * FROM larder_append($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL)',
        [kitchenId, ...columnsOf(batch)],
      );
      const fast = rows[0];
      if (fast?.inserted) {
        const first = fast.head - batch.ids.length + 1;
        return {
          ok: true,
          seqs: batch.ids.map((_, i) => first + i),
          duplicates: 0,
          head: fast.head,
          ...(fast.epoch !== null && { epoch: fast.epoch }),
        };
      }
      // A resend (ids stored already, or twice in the batch): duplicates and conflicts.
      return await transaction(
        this.pool,
        async (client) => {
          // District push p99: the kitchen's row is made only by its first push.
          const lock = () =>
            client.query<{ head: number }>(
              'SELECT head FROM kitchen_heads WHERE kitchen_id = $1 FOR UPDATE',
              [kitchenId],
            );
          let { rows } = await lock();
          if (rows.length === 0) {
            await client.query(
              'INSERT INTO kitchen_heads (kitchen_id, head) VALUES ($1, 0) ON CONFLICT DO NOTHING',
              [kitchenId],
            );
            ({ rows } = await lock());
          }
          const head = rows[0]?.head ?? 0;
          // A statement of its own, after the lock: its snapshot sees what the append that
          // held the lock before committed (the locking statement's would not).
          const found = await client.query<{ id: string; body: string }>(
            'SELECT id, body FROM events WHERE kitchen_id = $1 AND id = ANY($2::text[])',
            [kitchenId, batch.ids],
          );
          const stored = new Map(found.rows.map((r) => [r.id, r.body]));
          const outcome = plan(batch, head, stored);
          if (outcome.ok && outcome.head > head) {
            const fresh = outcome.seqs.flatMap((seq, i) => (seq === 0 ? [] : [i]));
            const pick = <T>(column: T[]) => fresh.map((i) => column[i] as T);
            // The events and the new head in one statement (one round trip).
            await insertEvents(
              client,
              kitchenId,
              pick(outcome.seqs),
              {
                ids: pick(batch.ids),
                types: pick(batch.types),
                vs: pick(batch.vs),
                hlcs: pick(batch.hlcs),
                devices: pick(batch.devices),
                actors: pick(batch.actors),
                bodies: pick(batch.bodies),
              },
              outcome.head,
            );
          }
          return outcome;
        },
        // A conflict is an outcome: the batch is rolled back, nothing of it stored.
        { commit: (outcome) => outcome.ok },
      );
    } catch (error) {
      throw unavailable(error) ?? error;
    }
  }

  async read(kitchenId: string, after: number, limit: number): Promise<ReadResult> {
    // The page and the head in one statement: one snapshot, so `more` agrees with the page.
    const { rows } = await this.query<{ head: number; seq: number | null; body: string | null }>(
      `SELECT h.head, e.seq, e.body
       FROM (SELECT coalesce((SELECT head FROM kitchen_heads WHERE kitchen_id = $1), 0) AS head) h
       LEFT JOIN LATERAL (
         SELECT seq, body FROM events WHERE kitchen_id = $1 AND seq > $2 ORDER BY seq LIMIT $3
       ) e ON true`,
      [kitchenId, after, limit],
    );
    const head = rows[0]?.head ?? 0;
    const events = rows.flatMap((row) =>
      row.seq === null || row.body === null ? [] : [rowToEvent({ seq: row.seq, body: row.body })],
    );
    const last = events.at(-1)?.seq ?? after;
    return { events, head, more: last < head };
  }

  async undos(kitchenId: string, upTo: number): Promise<StoredEvent[]> {
    const { rows } = await this.query<EventRow>(
      `SELECT seq, body FROM events
       WHERE kitchen_id = $1 AND seq <= $2 AND type IN ('event.undone', 'event.redone')`,
      [kitchenId, upTo],
    );
    return rows.map(rowToEvent);
  }

  async inOrder(
    kitchenId: string,
    upTo: number,
    afterHlc: string,
    limit: number,
    including = false,
  ): Promise<StoredEvent[]> {
    // Stamps are digits and a dash at fixed places: any collation sorts them as bytes.
    const { rows } = await this.query<EventStampRow>(
      `SELECT seq, body, hlc FROM events
       WHERE kitchen_id = $1 AND hlc ${including ? '>=' : '>'} $2 AND seq <= $3
       ORDER BY hlc LIMIT $4`,
      [kitchenId, afterHlc, upTo, limit],
    );
    return stampPage(rows, limit, async (hlc) => {
      const same = await this.query<EventRow>(
        'SELECT seq, body FROM events WHERE kitchen_id = $1 AND hlc = $2 AND seq <= $3',
        [kitchenId, hlc, upTo],
      );
      return same.rows;
    });
  }

  async heads(): Promise<Map<string, number>> {
    const { rows } = await this.query<{ kitchen_id: string; head: number }>(
      'SELECT kitchen_id, head FROM kitchen_heads',
    );
    return new Map(rows.map((row) => [row.kitchen_id, row.head]));
  }

  async head(kitchenId: string): Promise<number> {
    const { rows } = await this.query<{ head: number }>(
      'SELECT head FROM kitchen_heads WHERE kitchen_id = $1',
      [kitchenId],
    );
    return rows[0]?.head ?? 0;
  }

  async transferEvents(kitchenId?: string): Promise<KitchenEvent[]> {
    // One snapshot for every lookup, so that no answer is seen without its send; many keys
    // in one query each.
    return transaction(
      this.pool,
      async (client) => {
        const rows = async (sql: string, ...args: (string | string[])[]) =>
          (await client.query<KitchenEventRow>(sql, args)).rows.map(toKitchenEvent);
        return collectTransferEventsAsync(
          {
            sendsOf: (id) => rows(LOOKUPS.sendsOf, id),
            sendsTo: (id) => rows(LOOKUPS.sendsTo, id),
            allSends: () => rows(LOOKUPS.allSends),
            answersTo: (ids) => rows(LOOKUPS.answersTo, [...ids]),
            undosOf: (events) =>
              rows(
                LOOKUPS.undosOf,
                events.map((e) => e.kitchenId),
                events.map((e) => e.eventId),
              ),
          },
          kitchenId,
        );
      },
      { begin: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' },
    );
  }

  async sentEvents(transferId: string): Promise<KitchenEvent[]> {
    const { rows } = await this.query<KitchenEventRow>(LOOKUPS.sentIn, [transferId]);
    return rows.map(toKitchenEvent);
  }

  async createKitchen(kitchen: Kitchen): Promise<boolean> {
    const { rowCount } = await this.query(
      `INSERT INTO kitchens (id, name, join_code_hash, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [kitchen.id, kitchen.name, kitchen.joinCodeHash, kitchen.createdAt],
    );
    return rowCount === 1;
  }

  async getKitchen(id: string): Promise<Kitchen | undefined> {
    const { rows } = await this.query<KitchenRow>('SELECT * FROM kitchens WHERE id = $1', [id]);
    return rows[0] && toKitchen(rows[0]);
  }

  async listKitchens(): Promise<Kitchen[]> {
    // COLLATE "C": the same order as SQLite's (byte order), whatever the database's locale.
    const { rows } = await this.query<KitchenRow>(
      'SELECT * FROM kitchens ORDER BY id COLLATE "C"',
      [],
    );
    return rows.map(toKitchen);
  }

  async setJoinCodeHash(kitchenId: string, joinCodeHash: string): Promise<boolean> {
    const { rowCount } = await this.query('UPDATE kitchens SET join_code_hash = $1 WHERE id = $2', [
      joinCodeHash,
      kitchenId,
    ]);
    return rowCount === 1;
  }

  async touchDevices(seen: readonly DeviceSeen[]): Promise<void> {
    if (seen.length === 0) return;
    await this.query(
      `UPDATE devices d SET last_seen_at = s.at
       FROM unnest($1::text[], $2::text[], $3::text[]) AS s(kitchen_id, device_id, at)
       WHERE d.kitchen_id = s.kitchen_id AND d.device_id = s.device_id
         AND (d.last_seen_at IS NULL OR d.last_seen_at < s.at)`,
      [seen.map((x) => x.kitchenId), seen.map((x) => x.deviceId), seen.map((x) => x.at)],
    );
  }

  async putDevice(device: NewDevice): Promise<void> {
    await this.query(
      `INSERT INTO devices
         (kitchen_id, device_id, name, token_hash, paired_at, revoked_at, public_key)
       VALUES ($1, $2, $3, $4, $5, NULL, $6)
       ON CONFLICT (kitchen_id, device_id) DO UPDATE SET
         name = excluded.name, token_hash = excluded.token_hash,
         paired_at = excluded.paired_at, revoked_at = NULL,
         public_key = coalesce(devices.public_key, excluded.public_key)`,
      [
        device.kitchenId,
        device.deviceId,
        device.name,
        device.tokenHash,
        device.pairedAt,
        device.publicKey ?? null,
      ],
    );
  }

  async registerDeviceKey(
    kitchenId: string,
    deviceId: string,
    publicKey: string,
  ): Promise<string | undefined> {
    const { rows } = await this.query<{ public_key: string }>(
      `UPDATE devices SET public_key = coalesce(public_key, $1)
       WHERE kitchen_id = $2 AND device_id = $3 RETURNING public_key`,
      [publicKey, kitchenId, deviceId],
    );
    return rows[0]?.public_key;
  }

  async findDeviceByTokenHash(tokenHash: string): Promise<Device | undefined> {
    const { rows } = await this.query<DeviceRow>('SELECT * FROM devices WHERE token_hash = $1', [
      tokenHash,
    ]);
    return rows[0] && toDevice(rows[0]);
  }

  async listDevices(kitchenId?: string): Promise<Device[]> {
    const { rows } =
      kitchenId === undefined
        ? await this.query<DeviceRow>(
            'SELECT * FROM devices ORDER BY kitchen_id COLLATE "C", device_id COLLATE "C"',
          )
        : await this.query<DeviceRow>(
            'SELECT * FROM devices WHERE kitchen_id = $1 ORDER BY device_id COLLATE "C"',
            [kitchenId],
          );
    return rows.map(toDevice);
  }

  async revokeDevice(kitchenId: string, deviceId: string, at: string): Promise<boolean> {
    const { rowCount } = await this.query(
      `UPDATE devices SET revoked_at = coalesce(revoked_at, $1)
       WHERE kitchen_id = $2 AND device_id = $3`,
      [at, kitchenId, deviceId],
    );
    return rowCount === 1;
  }

  async getSetting(key: string): Promise<string | undefined> {
    const { rows } = await this.query<{ value: string }>(
      'SELECT value FROM settings WHERE key = $1',
      [key],
    );
    return rows[0]?.value;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.query(
      `INSERT INTO settings (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [key, value],
    );
  }

  /**
   * Fills an empty database with a whole store (`move.ts`): settings, kitchens, devices and
   * every log with its seqs as they were, in one transaction (an interrupted move leaves the
   * database empty, to be run again). Refuses a database that holds anything already.
   */
  async load(dump: StoreDump, progress: (kitchenId: string, events: number) => void) {
    await transaction(this.pool, async (client) => {
      const { rows } = await client.query<{ used: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM kitchens) OR EXISTS (SELECT 1 FROM kitchen_heads)
           OR EXISTS (SELECT 1 FROM devices) AS used`,
      );
      if (rows[0]?.used) {
        throw new Error('The PostgreSQL database holds kitchens or events already');
      }
      await client.query(
        'INSERT INTO settings SELECT * FROM unnest($1::text[], $2::text[])',
        unnestColumns(dump.settings, [0, 1]),
      );
      await client.query(
        'INSERT INTO kitchens SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])',
        unnestColumns(dump.kitchens, ['id', 'name', 'joinCodeHash', 'createdAt']),
      );
      await client.query(
        `INSERT INTO devices SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[],
                                                 $5::text[], $6::text[], $7::text[], $8::text[])`,
        unnestColumns(dump.devices, [
          'kitchenId',
          'deviceId',
          'name',
          'tokenHash',
          'pairedAt',
          'revokedAt',
          'lastSeenAt',
          'publicKey',
        ]),
      );
      for (const kitchenId of dump.kitchenIds) {
        let head = 0;
        for (const page of dump.log(kitchenId)) {
          // Stored as pushed: the seq is the row's, never part of the body.
          const seqs = page.map((event) => event.seq);
          await insertEvents(
            client,
            kitchenId,
            seqs,
            toColumns(page.map(({ seq: _s, ...e }) => e)),
          );
          head = seqs.at(-1) ?? head;
          progress(kitchenId, head);
        }
        await client.query('INSERT INTO kitchen_heads VALUES ($1, $2)', [kitchenId, head]);
      }
    });
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  private async query<R extends pg.QueryResultRow>(
    sql: string,
    values: unknown[] = [],
  ): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(sql, values);
    } catch (error) {
      throw unavailable(error) ?? error;
    }
  }
}

/**
 * Stores events of one kitchen with the seqs given, in one statement, and moves the kitchen's
 * head to `head` in the same statement when given.
 */
async function insertEvents(
  client: pg.PoolClient,
  kitchenId: string,
  seqs: number[],
  batch: EventColumns,
  head?: number,
): Promise<void> {
  const columns = [kitchenId, seqs, ...columnsOf(batch)];
  if (head === undefined) await client.query(INSERT_EVENTS, columns);
  else {
    await client.query(
      `WITH inserted AS (${INSERT_EVENTS})
       UPDATE kitchen_heads SET head = $10 WHERE kitchen_id = $1`,
      [...columns, head],
    );
  }
}

/** The columns of a batch in the order of the events table (after kitchen_id and seq). */
const columnsOf = (batch: EventColumns) => [
  batch.ids,
  batch.types,
  batch.vs,
  batch.hlcs,
  batch.devices,
  batch.actors,
  batch.bodies,
];

/**
 * Which events of the batch are new and the seqs they get, from the head and the bodies of
 * the batch's ids stored already: an id stored (or earlier in the batch) with the same
 * content is a duplicate, with other content a conflict that fails the batch.
 */
function plan(batch: EventColumns, head: number, stored: Map<string, string>): AppendOutcome {
  let next = head + 1;
  const seqs: number[] = [];
  const conflicts: AppendConflict[] = [];
  let duplicates = 0;
  const seen = new Map(stored);
  batch.ids.forEach((id, index) => {
    const body = batch.bodies[index] as string;
    const earlier = seen.get(id);
    if (earlier === undefined) {
      seen.set(id, body);
      seqs.push(next++);
    } else {
      seqs.push(0);
      if (sameContent(earlier, body)) duplicates++;
      else conflicts.push({ index, id });
    }
  });
  if (conflicts.length > 0) return { ok: false, conflicts };
  return { ok: true, seqs, duplicates, head: next - 1 };
}
