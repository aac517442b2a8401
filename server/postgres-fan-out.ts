/**
 * Several server processes on one PostgreSQL database: an append or a revocation through
 * one wakes the event streams open on the others, through LISTEN/NOTIFY on one channel.
 * Each process listens on a connection of its own, and sends its notices on it once the
 * change is committed: `<id> <kitchen> <first seq> [<events>]` for an append (the events when
 * they fit in a notice), `<id> <kitchen> devices` for a change of devices. A process ignores
 * its own notices, having woken its streams already. When the listening connection drops (a
 * restart or a failover of PostgreSQL), it connects again after a pause, then wakes every
 * stream of the process, which reads what it may have missed and checks its token; streams
 * also re-read at each heartbeat, which is also how a notice lost with a connection (or with
 * a crash between an append's commit and its notice) reaches them.
 *
 * Not from inside the append's transaction (district push p99 on PostgreSQL): PostgreSQL
 * commits a transaction that notified under one lock for the whole cluster, held through
 * the flush of its commit to disk, so appends that notified committed one at a time, never
 * sharing a flush: a district could push no faster than one flush per push. (District
 * benchmark, one process: 19 waits of over 20 ms on `AccessExclusiveLock on object 0 of
 * class 1262` in a 60 s day, none since; on this machine's disk, flushes of 0.3-1.3 ms,
 * push p99 moved within its noise.) The notices go after, one statement at a time, those
 * that came meanwhile together in the next (at most one notifying commit per process at
 * once), on a connection that does not wait for its commit's flush: a notice is a wake-up,
 * the events are durable already.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { EventEnvelope, StoredEvent } from '../src/lib/domain/events';
import type { Notifier } from './notifier';
import { APPEND_CHANNEL, carriedEvents } from './storage/postgres-schema';

const RETRY_MS = 1000;

export class PostgresFanOut {
  private readonly id = randomUUID();
  private client: pg.Client | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  /** Notices waiting for the statement under way, sent together in the next one. */
  private outbox: string[] = [];
  /** The notices being sent (`flush`), until the outbox is empty. */
  private sending: Promise<void> | undefined;

  private constructor(
    private readonly url: string,
    private readonly notifier: Notifier,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * Listens (connected before it resolves). Each append and each change of devices this
   * process publishes (`Notifier.publish`, once committed) is told to the others.
   */
  static async start(
    url: string,
    notifier: Notifier,
    log: (line: string) => void,
  ): Promise<PostgresFanOut> {
    const fanOut = new PostgresFanOut(url, notifier, log);
    await fanOut.listen();
    notifier.relayTo((kitchenId, change) => {
      if (change === 'devices') return fanOut.send(`${fanOut.id} ${kitchenId} devices`);
      const first = change[0]?.seq;
      if (first === undefined) return;
      const notice = `${fanOut.id} ${kitchenId} ${first}`;
      const carried = carriedEvents(change.map(({ seq: _seq, ...event }) => JSON.stringify(event)));
      fanOut.send(carried === null ? notice : `${notice} ${carried}`);
    });
    return fanOut;
  }

  private async listen(): Promise<void> {
    // Its notices do not wait for their commit's flush (see above).
    const client = new pg.Client({
      connectionString: this.url,
      options: '-c synchronous_commit=off',
    });
    client.on('notification', ({ payload }) => this.heard(payload ?? ''));
    client.on('error', () => this.reconnect(client));
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${APPEND_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
  }

  private reconnect(dropped: pg.Client): void {
    if (this.closed || this.client !== dropped) return;
    this.client = undefined;
    this.log('lost the PostgreSQL connection that hears other processes; connecting again');
    const attempt = () => {
      this.retry = undefined;
      if (this.closed) return;
      this.listen().then(
        () => {
          this.log('hearing other processes again');
          this.notifier.wakeAll();
        },
        () => {
          this.retry = setTimeout(attempt, RETRY_MS);
        },
      );
    };
    this.retry = setTimeout(attempt, RETRY_MS);
  }

  /**
   * A notice from a process: `<from> <kitchen> devices`, or `<from> <kitchen> <first seq>
   * [<events>]` (after an append): its streams of the kitchen wake, check their
   * tokens for the first, and send the events carried as they are for the second.
   */
  private heard(payload: string): void {
    const [from, kitchenId, what] = payload.split(' ', 3);
    if (from === this.id || !kitchenId) return;
    if (what === 'devices') return this.notifier.wake(kitchenId, true);
    const first = Number(what);
    const at = `${from} ${kitchenId} ${what} `.length;
    let events: StoredEvent[] | undefined;
    if (Number.isSafeInteger(first) && payload.length > at) {
      try {
        const bodies = JSON.parse(payload.slice(at)) as EventEnvelope[];
        events = bodies.map((event, i) => ({ ...event, seq: first + i }));
      } catch {
        events = undefined; // the streams read the log instead
      }
    }
    this.notifier.deliver(kitchenId, events);
  }

  /**
   * Sends the notice with those that came while the statement before was under way. Lost
   * when the connection is (the others' streams read the change at their next heartbeat).
   */
  private send(payload: string): void {
    if (!this.client) return;
    this.outbox.push(payload);
    this.sending ??= this.flush().finally(() => {
      this.sending = undefined;
    });
  }

  private async flush(): Promise<void> {
    while (this.outbox.length > 0 && this.client) {
      const payloads = this.outbox;
      this.outbox = [];
      await this.client
        .query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [APPEND_CHANNEL, payloads])
        .catch(() => {
          this.log(
            `could not tell other processes of ${payloads.length} changes; ` +
              'their streams read them at their next heartbeat',
          );
        });
    }
    this.outbox = [];
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    // The notices of the last appends (answered already) go before the connection does.
    await this.sending;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
