/**
 * Several server processes on one PostgreSQL database: an append or a revocation through
 * one wakes the event streams open on the others, through LISTEN/NOTIFY on one channel.
 * Each process listens on a connection of its own. An append tells the others itself
 * (`larder_append`: its process's id, the kitchen's, the first seq and, when they fit, the
 * events); a change of devices is told with `pg_notify` (`<id> <kitchen> devices`). A
 * process ignores its own notices, having woken its streams already. When the listening
 * connection drops (a restart or a failover of PostgreSQL), it connects again after a pause,
 * then wakes every stream of the process, which reads what it may have missed and checks its
 * token; streams also re-read at each heartbeat.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { EventEnvelope, StoredEvent } from '../src/lib/domain/events';
import type { Notifier } from './notifier';
import { APPEND_CHANNEL } from './storage/postgres-schema';
import type { PostgresStore } from './storage/postgres-store';

const RETRY_MS = 1000;

export class PostgresFanOut {
  private readonly id = randomUUID();
  private client: pg.Client | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  private constructor(
    private readonly url: string,
    private readonly pool: pg.Pool,
    private readonly notifier: Notifier,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * Listens (connected before it resolves). Each append through `store` tells the others
   * itself, in its own statement, when it commits (district push p99: a round trip less per
   * push); the changes of devices this process publishes are relayed.
   */
  static async start(
    url: string,
    store: PostgresStore,
    notifier: Notifier,
    log: (line: string) => void,
  ): Promise<PostgresFanOut> {
    const fanOut = new PostgresFanOut(url, store.pool, notifier, log);
    await fanOut.listen();
    store.announceAppends(fanOut.id);
    notifier.relayTo((kitchenId, devices) => {
      if (devices) fanOut.sendDevices(kitchenId);
    });
    return fanOut;
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
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
   * [<events>]` (sent by the append itself): its streams of the kitchen wake, check their
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

  private sendDevices(kitchenId: string): void {
    const payload = `${this.id} ${kitchenId} devices`;
    this.pool.query('SELECT pg_notify($1, $2)', [APPEND_CHANNEL, payload]).catch(() => {
      // The others' streams check their tokens at their next heartbeat.
      this.log(`could not tell other processes about the devices of kitchen ${kitchenId}`);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}
