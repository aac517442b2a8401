/** Push and pull of a kitchen's log (device token). */
import { Hono } from 'hono';
import { requireDevice } from '../auth-middleware';
import { checkBatch } from '../batch';
import type { AppDeps, AppEnv } from '../context';
import { ApiError } from '../errors';
import { jsonBody, limitBody, requireJson } from '../json-body';
import { parseLimit, parseSeq, singleQuery } from '../params';

export function eventRoutes(deps: AppDeps): Hono<AppEnv> {
  const { store, notifier, readModels } = deps;
  const app = new Hono<AppEnv>();
  const device = requireDevice(store);

  app.post(
    '/kitchens/:kitchen/events',
    device,
    limitBody(),
    requireJson,
    jsonBody((body, c) => checkBatch(body, c.var.device.deviceId)),
    async (c) => {
      const kitchenId = c.req.param('kitchen');
      const result = await store.append(kitchenId, c.req.valid('json'));
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
    const page = await store.readJson(c.req.param('kitchen'), after, limit);
    c.header('Content-Type', 'application/json');
    return c.body(`{"events":${page.eventsJson},"head":${page.head},"more":${page.more}}`);
  });

  return app;
}
