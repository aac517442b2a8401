/**
 * The default store: one SQLite file (better-sqlite3), WAL with `synchronous=FULL`, one
 * immediate transaction per pushed batch, prepared statements throughout. Synchronous
 * under the async interface: a transaction never spans an `await`, so batches of
 * concurrent requests are serialised by the event loop and by SQLite's write lock (which
 * also covers the CLI writing to the same file while the server runs).
 */
import BetterSqlite3 from 'better-sqlite3';
import type { Database, Statement } from 'better-sqlite3';
import type { EventEnvelope, StoredEvent } from '../../src/lib/domain/events';
import { configure, migrate } from './sqlite-schema';
import type {
  AppendConflict,
  AppendOutcome,
  AppendResult,
  EventColumns,
  Device,
  NewDevice,
  DeviceSeen,
  Kitchen,
  KitchenEvent,
  ReadResult,
  Store,
} from './store';
import { collectTransferEvents } from './transfer-events';
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

/** The batch being appended: its transaction is open. */
interface OpenBatch {
  kitchenId: string;
  /** The seq the next new event gets. */
  next: number;
  /** How many events of the batch came so far (the index of the next one). */
  count: number;
  seqs: number[];
  conflicts: AppendConflict[];
  duplicates: number;
}

/** The statement that stores one event; shared with the benchmark's raw baseline. */
export const INSERT_EVENT_SQL = `INSERT OR IGNORE INTO events
  (kitchen_id, seq, id, type, v, hlc, device, actor, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export class SqliteStore implements Store {
  readonly db: Database;
  private readonly stmt: Record<
    | 'insert'
    | 'byId'
    | 'head'
    | 'read'
    | 'createKitchen'
    | 'getKitchen'
    | 'listKitchens'
    | 'setJoinCode'
    | 'putDevice'
    | 'registerKey'
    | 'deviceByToken'
    | 'listDevices'
    | 'listAllDevices'
    | 'revoke'
    | 'touch'
    | 'getSetting'
    | 'setSetting'
    | 'sendsOf'
    | 'sendsTo'
    | 'allSends'
    | 'sentIn'
    | 'answersTo'
    | 'undosOf'
    | 'undosIn'
    | 'inOrder'
    | 'inOrderFrom'
    | 'atStamp'
    | 'begin'
    | 'commit'
    | 'rollback',
    Statement
  >;
  constructor(file: string, options: { readonly?: boolean } = {}) {
    this.db = new BetterSqlite3(file, { readonly: options.readonly ?? false });
    if (!options.readonly) {
      configure(this.db);
      migrate(this.db);
    }
    const db = this.db;
    this.stmt = {
      insert: db.prepare(INSERT_EVENT_SQL),
      byId: db.prepare('SELECT seq, body FROM events WHERE kitchen_id = ? AND id = ?'),
      head: db.prepare('SELECT coalesce(max(seq), 0) AS head FROM events WHERE kitchen_id = ?'),
      read: db.prepare(
        'SELECT seq, body FROM events WHERE kitchen_id = ? AND seq > ? ORDER BY seq LIMIT ?',
      ),
      createKitchen: db.prepare(
        `INSERT OR IGNORE INTO kitchens (id, name, join_code_hash, created_at)
         VALUES (@id, @name, @joinCodeHash, @createdAt)`,
      ),
      getKitchen: db.prepare('SELECT * FROM kitchens WHERE id = ?'),
      listKitchens: db.prepare('SELECT * FROM kitchens ORDER BY id'),
      setJoinCode: db.prepare('UPDATE kitchens SET join_code_hash = ? WHERE id = ?'),
      putDevice: db.prepare(
        `INSERT INTO devices
           (kitchen_id, device_id, name, token_hash, paired_at, revoked_at, public_key)
         VALUES (@kitchenId, @deviceId, @name, @tokenHash, @pairedAt, NULL, @publicKey)
         ON CONFLICT (kitchen_id, device_id) DO UPDATE SET
           name = excluded.name, token_hash = excluded.token_hash,
           paired_at = excluded.paired_at, revoked_at = NULL,
           public_key = coalesce(devices.public_key, excluded.public_key)`,
      ),
      registerKey: db.prepare(
        `UPDATE devices SET public_key = coalesce(public_key, ?)
         WHERE kitchen_id = ? AND device_id = ? RETURNING public_key`,
      ),
      deviceByToken: db.prepare('SELECT * FROM devices WHERE token_hash = ?'),
      listDevices: db.prepare('SELECT * FROM devices WHERE kitchen_id = ? ORDER BY device_id'),
      listAllDevices: db.prepare('SELECT * FROM devices ORDER BY kitchen_id, device_id'),
      revoke: db.prepare(
        `UPDATE devices SET revoked_at = coalesce(revoked_at, ?)
         WHERE kitchen_id = ? AND device_id = ?`,
      ),
      touch: db.prepare(
        `UPDATE devices SET last_seen_at = ?
         WHERE kitchen_id = ? AND device_id = ? AND (last_seen_at IS NULL OR last_seen_at < ?)`,
      ),
      getSetting: db.prepare('SELECT value FROM settings WHERE key = ?'),
      setSetting: db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      // Each repeats the WHERE of its partial index (sqlite-schema.ts) word for word; where
      // the primary key would do too (and scan a kitchen's whole log), the index is named.
      sendsOf: db.prepare(
        `SELECT kitchen_id, seq, body FROM events INDEXED BY events_sends
         WHERE kitchen_id = ? AND type = 'stock.sent'`,
      ),
      sendsTo: db.prepare(
        `SELECT kitchen_id, seq, body FROM events
         WHERE json_extract(body, '$.data.toKitchen') = ? AND type = 'stock.sent'`,
      ),
      allSends: db.prepare(
        `SELECT kitchen_id, seq, body FROM events INDEXED BY events_sends
         WHERE type = 'stock.sent'`,
      ),
      sentIn: db.prepare(
        `SELECT kitchen_id, seq, body FROM events
         WHERE json_extract(body, '$.data.transferId') = ? AND type = 'stock.sent'`,
      ),
      answersTo: db.prepare(
        `SELECT kitchen_id, seq, body FROM events
         WHERE json_extract(body, '$.data.transferId') = ?
           AND type IN ('transfer.received', 'transfer.refused')`,
      ),
      undosOf: db.prepare(
        `SELECT kitchen_id, seq, body FROM events INDEXED BY events_undos
         WHERE kitchen_id = ? AND json_extract(body, '$.data.eventId') = ?
           AND type IN ('event.undone', 'event.redone')`,
      ),
      // A kitchen's log in order, for the read models (`OrderedLog`).
      undosIn: db.prepare(
        `SELECT seq, body FROM events INDEXED BY events_undos
         WHERE kitchen_id = ? AND seq <= ? AND type IN ('event.undone', 'event.redone')`,
      ),
      inOrder: db.prepare(
        `SELECT seq, body, hlc FROM events INDEXED BY events_hlc
         WHERE kitchen_id = ? AND hlc > ? AND seq <= ? ORDER BY hlc LIMIT ?`,
      ),
      inOrderFrom: db.prepare(
        `SELECT seq, body, hlc FROM events INDEXED BY events_hlc
         WHERE kitchen_id = ? AND hlc >= ? AND seq <= ? ORDER BY hlc LIMIT ?`,
      ),
      atStamp: db.prepare(
        `SELECT seq, body FROM events INDEXED BY events_hlc
         WHERE kitchen_id = ? AND hlc = ? AND seq <= ?`,
      ),
      // IMMEDIATE takes the write lock up front: the head read and the inserts that follow
      // it cannot interleave with another writer, which is what keeps seq gap-free.
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
    };
  }

  /** Inserts the rows of one part of the open batch. */
  private insertRows(open: OpenBatch, batch: EventColumns): void {
    const { kitchenId } = open;
    for (let i = 0; i < batch.ids.length; i++) {
      const index = open.count++;
      const id = batch.ids[i] as string;
      const body = batch.bodies[i] as string;
      const inserted = this.stmt.insert.run(
        kitchenId,
        open.next,
        id,
        batch.types[i],
        batch.vs[i],
        batch.hlcs[i],
        batch.devices[i],
        batch.actors[i],
        body,
      ).changes;
      if (inserted === 1) {
        open.seqs.push(open.next++);
        continue;
      }
      open.seqs.push(0);
      // Ignored: the id is stored already (earlier, or earlier in this batch).
      const row = this.stmt.byId.get(kitchenId, id) as EventRow | undefined;
      if (row && sameContent(row.body, body)) open.duplicates++;
      else open.conflicts.push({ index, id });
    }
  }

  append(kitchenId: string, events: readonly EventEnvelope[]): Promise<AppendResult> {
    try {
      const batch = toColumns(events);
      return Promise.resolve(withEvents(events, this.appendColumns(kitchenId, batch)));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /**
   * `append` of a batch already in the columns it is stored as, in one immediate
   * transaction (taken before the head is read, so the seqs it hands out stay gap-free);
   * throws only when storage fails (a conflict is an outcome, and rolls the batch back).
   */
  appendColumns(kitchenId: string, batch: EventColumns): AppendOutcome {
    this.stmt.begin.run();
    try {
      const { head } = this.stmt.head.get(kitchenId) as { head: number };
      const open: OpenBatch = {
        kitchenId,
        next: head + 1,
        count: 0,
        seqs: [],
        conflicts: [],
        duplicates: 0,
      };
      this.insertRows(open, batch);
      if (open.conflicts.length > 0) {
        this.stmt.rollback.run();
        return { ok: false, conflicts: open.conflicts };
      }
      this.stmt.commit.run();
      return { ok: true, seqs: open.seqs, duplicates: open.duplicates, head: open.next - 1 };
    } catch (error) {
      // The transaction, if still open (a failed COMMIT may have ended it), is this batch's.
      if (this.db.inTransaction) this.stmt.rollback.run();
      throw error;
    }
  }

  read(kitchenId: string, after: number, limit: number): Promise<ReadResult> {
    return Promise.resolve(this.readSync(kitchenId, after, limit));
  }

  /** `read` without the promise, for the CLI and the read models. */
  readSync(kitchenId: string, after: number, limit: number): ReadResult {
    // Read the page and the head in one snapshot, so `more` agrees with the page.
    return this.db.transaction(() => {
      const rows = this.stmt.read.all(kitchenId, after, limit) as EventRow[];
      const { head } = this.stmt.head.get(kitchenId) as { head: number };
      const events = rows.map(rowToEvent);
      const last = events.at(-1)?.seq ?? after;
      return { events, head, more: last < head };
    })();
  }

  undos(kitchenId: string, upTo: number): Promise<StoredEvent[]> {
    const rows = this.stmt.undosIn.all(kitchenId, upTo) as EventRow[];
    return Promise.resolve(rows.map(rowToEvent));
  }

  inOrder(
    kitchenId: string,
    upTo: number,
    afterHlc: string,
    limit: number,
    including = false,
  ): Promise<StoredEvent[]> {
    const query = including ? this.stmt.inOrderFrom : this.stmt.inOrder;
    const rows = query.all(kitchenId, afterHlc, upTo, limit) as EventStampRow[];
    return stampPage(
      rows,
      limit,
      (hlc) => this.stmt.atStamp.all(kitchenId, hlc, upTo) as EventRow[],
    );
  }

  head(kitchenId: string): Promise<number> {
    return Promise.resolve((this.stmt.head.get(kitchenId) as { head: number }).head);
  }

  heads(): Promise<Map<string, number>> {
    // One look-up of the primary key per kitchen, in this process (a GROUP BY would scan).
    const kitchens = this.stmt.listKitchens.all() as KitchenRow[];
    return Promise.resolve(
      new Map(kitchens.map(({ id }) => [id, (this.stmt.head.get(id) as { head: number }).head])),
    );
  }

  transferEvents(kitchenId?: string): Promise<KitchenEvent[]> {
    const rows = (statement: Statement, ...args: string[]) =>
      (statement.all(...args) as KitchenEventRow[]).map(toKitchenEvent);
    // One snapshot for every lookup, so that no answer is seen without its send. Many keys
    // are one statement each, in this process: no round trips to save.
    return Promise.resolve(
      this.db.transaction(() =>
        collectTransferEvents(
          {
            sendsOf: (id) => rows(this.stmt.sendsOf, id),
            sendsTo: (id) => rows(this.stmt.sendsTo, id),
            allSends: () => rows(this.stmt.allSends),
            answersTo: (ids) => ids.flatMap((id) => rows(this.stmt.answersTo, id)),
            undosOf: (events) =>
              events.flatMap((e) => rows(this.stmt.undosOf, e.kitchenId, e.eventId)),
          },
          kitchenId,
        ),
      )(),
    );
  }

  sentEvents(transferId: string): Promise<KitchenEvent[]> {
    const found = this.stmt.sentIn.all(transferId) as KitchenEventRow[];
    return Promise.resolve(found.map(toKitchenEvent));
  }

  createKitchen(kitchen: Kitchen): Promise<boolean> {
    return Promise.resolve(this.stmt.createKitchen.run(kitchen).changes === 1);
  }

  getKitchen(id: string): Promise<Kitchen | undefined> {
    const row = this.stmt.getKitchen.get(id) as KitchenRow | undefined;
    return Promise.resolve(row && toKitchen(row));
  }

  listKitchens(): Promise<Kitchen[]> {
    return Promise.resolve((this.stmt.listKitchens.all() as KitchenRow[]).map(toKitchen));
  }

  setJoinCodeHash(kitchenId: string, joinCodeHash: string): Promise<boolean> {
    return Promise.resolve(this.stmt.setJoinCode.run(joinCodeHash, kitchenId).changes === 1);
  }

  touchDevices(seen: readonly DeviceSeen[]): Promise<void> {
    this.db.transaction(() => {
      for (const { kitchenId, deviceId, at } of seen) {
        this.stmt.touch.run(at, kitchenId, deviceId, at);
      }
    })();
    return Promise.resolve();
  }

  putDevice(device: NewDevice): Promise<void> {
    this.stmt.putDevice.run({ ...device, publicKey: device.publicKey ?? null });
    return Promise.resolve();
  }

  registerDeviceKey(
    kitchenId: string,
    deviceId: string,
    publicKey: string,
  ): Promise<string | undefined> {
    const row = this.stmt.registerKey.get(publicKey, kitchenId, deviceId) as
      { public_key: string } | undefined;
    return Promise.resolve(row?.public_key);
  }

  findDeviceByTokenHash(tokenHash: string): Promise<Device | undefined> {
    const row = this.stmt.deviceByToken.get(tokenHash) as DeviceRow | undefined;
    return Promise.resolve(row && toDevice(row));
  }

  listDevices(kitchenId?: string): Promise<Device[]> {
    const rows =
      kitchenId === undefined
        ? this.stmt.listAllDevices.all()
        : this.stmt.listDevices.all(kitchenId);
    return Promise.resolve((rows as DeviceRow[]).map(toDevice));
  }

  revokeDevice(kitchenId: string, deviceId: string, at: string): Promise<boolean> {
    return Promise.resolve(this.stmt.revoke.run(at, kitchenId, deviceId).changes === 1);
  }

  getSetting(key: string): Promise<string | undefined> {
    const row = this.stmt.getSetting.get(key) as { value: string } | undefined;
    return Promise.resolve(row?.value);
  }

  setSetting(key: string, value: string): Promise<void> {
    this.stmt.setSetting.run(key, value);
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}
