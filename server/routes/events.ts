/** Push and pull of a kitchen's log (device token). */
import { Hono } from 'hono';
import { requireDevice } from '../auth-middleware';
import { checkBatch } from '../batch';
import type { AppDeps, AppEnv } from '../context';
import { ApiError } from '../errors';
import { jsonBody, limitBody, requireJson } from '../json-body';
import { parseLimit, parseSeq, singleQuery } from '../params';
import { StorageUnavailableError } from '../storage/store';

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

  app.post(
    '/kitchens/:kitchen/events',
    device,
    limitBody(),
    requireJson,
    jsonBody(async (body, c) => {
      // Where the store can, it stores the first checked events while the rest are being
      // checked (a tablet catching up alone waits for both otherwise). The parts go in
      // this one synchronous run, and a batch that fails its checks is abandoned whole.
      const session = store.appendInParts?.(c.req.param('kitchen') ?? '');
      try {
        const events = checkBatch(
          body,
          c.var.device.deviceId,
          session && ((part, _from, last) => session.add(part, last)),
        );
        return { events, stored: session?.result() };
      } catch (error) {
        session?.abandon();
        throw error;
      }
    }),
    async (c) => {
      const kitchenId = c.req.param('kitchen');
      const { events, stored } = c.req.valid('json');
      const result = await (stored ?? store.append(kitchenId, events)).catch(unavailable);
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
        notifier.publish(kitchenId);
        readModels?.notify(kitchenId, result.accepted);
      }
      return c.json({
        accepted: result.accepted.length,
        duplicates: result.duplicates,
        head: result.head,
      });
    },
  );

  app.get('/kitchens/:kitchen/events', device, async (c) => {
    const after = parseSeq(singleQuery(c, 'after'), 'after');
    const limit = parseLimit(singleQuery(c, 'limit'));
    const { events, head, more } = await store.read(c.req.param('kitchen'), after, limit);
    return c.json({ events, head, more });
  });

  return app;
}
