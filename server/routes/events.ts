/** Push and pull of a kitchen's log (device token). */
import { Hono } from 'hono';
import { noteSync, requireDevice } from '../auth-middleware';
import { checkBatch, checkClock } from '../batch';
import type { AppDeps, AppEnv } from '../context';
import { ApiError } from '../errors';
import { jsonBody, limitBody, requireJson } from '../json-body';
import { parseLimit, parseSeq, singleQuery } from '../params';
import { StorageUnavailableError } from '../storage/store';
import { checkTransfers } from '../transfers';
import { logBehind, logEpoch } from '../epoch';
import { checkSignatures } from '../signatures';

/** A store that cannot take the batch now answers 503 (or 507, disk full): push again later. */
function unavailable(error: unknown): never {
  if (!(error instanceof StorageUnavailableError)) throw error;
  const full = error.reason === 'full';
  throw new ApiError(
    full ? 507 : 503,
    full ? 'storage_full' : 'storage_unavailable',
    `${error.message}; nothing of this batch was stored or acknowledged, push it again later`,
  );
}

export function eventRoutes(deps: AppDeps): Hono<AppEnv> {
  const { store, notifier, readModels } = deps;
  const app = new Hono<AppEnv>();
  const device = requireDevice(store);
  const synced = noteSync(deps.activity);

  app.post(
    '/kitchens/:kitchen/events',
    device,
    synced,
    async (c, next) => {
      const wait = deps.pushLimit.take(c.var.device.deviceId);
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        throw new ApiError(429, 'too_many_pushes', `Too many pushes; try again in ${wait} s`);
      }
      await next();
    },
    limitBody(),
    requireJson,
    jsonBody((body, c) => checkBatch(body, c.var.device.deviceId)),
    async (c) => {
      const kitchenId = c.req.param('kitchen');
      const events = c.req.valid('json');
      checkClock(events, deps.clock(), deps.maxClockAheadMs);
      await checkSignatures(store, kitchenId, c.var.device, events);
      await checkTransfers(store, kitchenId, events);
      const result = await store.append(kitchenId, events).catch(unavailable);
      if (!result.ok) {
        throw new ApiError(
          409,
          'conflicting_event',
          'An event id is already stored with different content; nothing was stored',
          result.conflicts.map(({ index, id }) => ({
            index,
            path: 'id',
            message: `${id} is stored with different content`,
          })),
        );
      }
      if (result.accepted.length > 0) {
        notifier.publish(kitchenId, result.accepted);
        readModels?.notify(kitchenId, result.accepted);
      }
      return c.json({
        accepted: result.accepted.length,
        duplicates: result.duplicates,
        head: result.head,
        epoch: result.epoch ?? (await logEpoch(store)),
      });
    },
  );

  app.get('/kitchens/:kitchen/events', device, synced, async (c) => {
    const after = parseSeq(singleQuery(c, 'after'), 'after');
    const limit = parseLimit(singleQuery(c, 'limit'));
    const { events, head, more } = await store.read(c.req.param('kitchen'), after, limit);
    const epoch = await logEpoch(store);
    // The log went back (a restore): never a silent empty page.
    if (after > head) throw logBehind(after, head, epoch);
    return c.json({ events, head, more, epoch });
  });

  return app;
}
