/**
 * The live log of a kitchen as Server-Sent Events (device token). One message per event,
 * `id:` its seq, `data:` the event with its seq. It starts after `Last-Event-ID` when sent,
 * else after `?after` (past the head: `409 log_behind`, as a pull); opens with an `epoch`
 * message (`{epoch, head}`: a tablet that holds another epoch heals before it takes any
 * event of this log, DESIGN 4.1); sends what is stored, then waits for appends (the
 * notifier wakes it) and writes a `: ping` comment whenever it has been idle for
 * `heartbeatMs`. It ends when the client goes away, when its device is revoked or re-paired,
 * and on shutdown.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { bearerToken } from '../auth';
import { noteSync, requireDevice } from '../auth-middleware';
import type { AppDeps, AppEnv } from '../context';
import type { ReadResult } from '../storage/store';
import type { StoredEvent } from '../../src/lib/domain/events';
import { ApiError } from '../errors';
import { startStream, type EventStream } from '../event-stream';
import { checkDeviceToken } from '../kitchens';
import { parseSeq, singleQuery } from '../params';
import { logBehind, logEpoch } from '../epoch';

const PAGE = 500;

const encoded = new WeakMap<StoredEvent, string>();
/** An event as one SSE message (`id:` its seq, `data:` the event), kept while it is. */
function message(event: StoredEvent): string {
  let text = encoded.get(event);
  if (text === undefined) {
    text = `id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`;
    encoded.set(event, text);
  }
  return text;
}

export function streamRoutes(deps: AppDeps): Hono<AppEnv> {
  const { store, notifier, heartbeatMs } = deps;
  const app = new Hono<AppEnv>();
  // District fan-out p99: an append wakes each of the kitchen's streams, which mostly stand
  // at the same seq; they share one read of the log instead of one each (3,000 streams on
  // PostgreSQL: pushes queued for seconds behind the streams' reads without it). Only reads
  // begun since the last wake are shared: an earlier one may not hold what woke the stream.
  // The events of an append through this process go to the streams standing just before
  // them as they are, with no read at all (district push p99 on PostgreSQL).
  const reading = new Map<string, Promise<ReadResult>>();
  const read = (kitchenId: string, after: number): Promise<ReadResult> => {
    const latest = notifier.latest(kitchenId);
    if (latest?.[0]?.seq === after + 1) {
      return Promise.resolve({ events: [...latest], head: latest.at(-1)!.seq, more: false });
    }
    const key = `${kitchenId} ${after} ${notifier.version(kitchenId)}`;
    let pending = reading.get(key);
    if (!pending) {
      pending = store.read(kitchenId, after, PAGE).finally(() => reading.delete(key));
      reading.set(key, pending);
    }
    return pending;
  };

  // Opening a stream reads nothing more once its head is sent, when nothing happened
  // meanwhile: the token was checked by `requireDevice`, after the kitchen's devices version
  // was taken here; the log's head was read after its append version was. (District
  // benchmark, PostgreSQL: 3,000 tablets opening their streams at once queued a day's first
  // pushes behind 6,000 queries, which made its push p99.)
  const devicesSeen = new WeakMap<Request, number>();
  const seeDevices: MiddlewareHandler<AppEnv> = async (c, next) => {
    devicesSeen.set(c.req.raw, notifier.devicesVersion(c.req.param('kitchen') ?? ''));
    await next();
  };

  app.get(
    '/kitchens/:kitchen/stream',
    seeDevices,
    requireDevice(store),
    noteSync(deps.activity),
    async (c) => {
      const kitchenId = c.req.param('kitchen');
      const token = bearerToken(c.req.header('Authorization'));
      // An empty Last-Event-ID (a client that has seen no event yet) means "not sent".
      const lastEventId = c.req.header('Last-Event-ID')?.trim() || undefined;
      let cursor =
        lastEventId !== undefined
          ? parseSeq(lastEventId, 'Last-Event-ID')
          : parseSeq(singleQuery(c, 'after'), 'after');
      const { deviceId } = c.var.device;
      if (!deps.streams.tryOpen(deviceId)) {
        c.header('Retry-After', '15');
        throw new ApiError(
          429,
          'too_many_streams',
          `This device has ${deps.streams.max} event streams open already`,
        );
      }

      let opened = false;
      try {
        const appendsSeen = notifier.version(kitchenId);
        const [head, epoch] = await Promise.all([store.head(kitchenId), logEpoch(store)]);
        if (cursor > head) throw logBehind(cursor, head, epoch);
        opened = true;
        const seen = { appends: appendsSeen, devices: devicesSeen.get(c.req.raw) ?? -1 };
        return startStream(c, (stream) => follow(stream, { head, epoch }, seen));
      } finally {
        if (!opened) deps.streams.close(deviceId);
      }

      async function follow(
        stream: EventStream,
        opening: { head: number; epoch: string },
        seen: { appends: number; devices: number },
      ) {
        let open = true;
        let appended = false;
        let pinged = false;
        let checked = seen.devices;
        // Nothing to send yet: at the head, and no append since it was read.
        let idle = cursor === opening.head && notifier.version(kitchenId) === seen.appends;
        let wake: (() => void) | undefined;
        const end = () => {
          open = false;
          wake?.();
        };
        const unsubscribe = notifier.subscribe(
          kitchenId,
          () => {
            appended = true;
            wake?.();
          },
          end,
        );
        stream.onAbort(end);
        try {
          // Flushes the headers at once, so a fetch() resolves before the first event.
          await stream.write(`: connected\n\nevent: epoch\ndata: ${JSON.stringify(opening)}\n\n`);
          while (open) {
            appended = false;
            // A revoked or re-paired device loses its stream, not only its next request: its
            // token is checked when the kitchen's devices change and at each heartbeat (a
            // `larder device revoke` from another process), not at every append (district
            // push p99 on PostgreSQL: a query per stream per push; 9.4 s without this, 6.5 s).
            const devices = notifier.devicesVersion(kitchenId);
            if (checked !== devices || pinged) {
              if (!(await checkDeviceToken(store, token, kitchenId)).ok) break;
              checked = devices;
            }
            pinged = false;
            const page = idle ? { events: [], more: false } : await read(kitchenId, cursor);
            idle = false;
            if (open && page.events.length > 0) {
              // One write for the page, each event encoded once for all the streams sending it
              // (district benchmark, SQLite, 3 runs each: push p50 8.8 ms against 12.1 ms,
              // resident memory 766 MiB against 858 MiB; p99 unchanged at 190-220 ms).
              await stream.write(page.events.map(message).join(''));
              cursor = page.events.at(-1)!.seq;
            }
            if (!open || page.more || appended) continue;
            let timer: NodeJS.Timeout | undefined;
            pinged = await new Promise<boolean>((resolve) => {
              wake = () => resolve(false);
              timer = setTimeout(() => resolve(true), heartbeatMs);
            });
            wake = undefined;
            clearTimeout(timer);
            if (pinged && open && !appended) await stream.write(': ping\n\n');
          }
        } finally {
          deps.streams.close(deviceId);
          unsubscribe();
        }
      }
    },
  );

  return app;
}
