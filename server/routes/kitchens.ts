/** Kitchen management (admin token) and device pairing (join code). */
import { Hono } from 'hono';
import { requireAdmin } from '../auth-middleware';
import { createKitchenBody, pairDeviceBody, parseBody } from '../body-schemas';
import type { AppDeps, AppEnv } from '../context';
import { ApiError } from '../errors';
import { jsonBody, limitBody, requireJson } from '../json-body';
import { createKitchen, joinCodeMatches, pairDevice } from '../kitchens';

const SMALL_BODY = 16 * 1024;

export function kitchenRoutes(deps: AppDeps): Hono<AppEnv> {
  const { store, clock, joinLimiter } = deps;
  const admin = requireAdmin(deps.auth.adminTokenHash);
  const app = new Hono<AppEnv>();

  app.post(
    '/kitchens',
    admin,
    limitBody(SMALL_BODY),
    requireJson,
    jsonBody((body) => parseBody(createKitchenBody, body)),
    async (c) => {
      const { name, kitchenId } = c.req.valid('json');
      const created = await createKitchen(store, name, clock(), kitchenId);
      if ('taken' in created) {
        throw new ApiError(409, 'kitchen_exists', `A kitchen ${created.taken} exists already`);
      }
      return c.json(created, 201);
    },
  );

  app.post(
    '/kitchens/:kitchen/devices',
    limitBody(SMALL_BODY),
    requireJson,
    jsonBody((body) => parseBody(pairDeviceBody, body)),
    async (c) => {
      const kitchenId = c.req.param('kitchen');
      const { joinCode, name, deviceId } = c.req.valid('json');
      const kitchen = await store.getKitchen(kitchenId);
      if (!kitchen) throw new ApiError(404, 'kitchen_not_found', `No kitchen ${kitchenId}`);
      const wait = joinLimiter.retryAfter(kitchenId);
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        throw new ApiError(
          429,
          'too_many_attempts',
          `Too many wrong join codes; try again in ${wait} s`,
        );
      }
      if (!joinCodeMatches(kitchen, joinCode)) {
        joinLimiter.fail(kitchenId);
        throw new ApiError(403, 'wrong_join_code', 'That join code is not right for this kitchen');
      }
      joinLimiter.succeed(kitchenId);
      const token = await pairDevice(store, { kitchenId, deviceId, name }, clock());
      // A re-paired device's old token is dead: end its open streams.
      deps.notifier.publish(kitchenId);
      return c.json({ deviceId, token }, 201);
    },
  );

  app.delete('/kitchens/:kitchen/devices/:deviceId', admin, async (c) => {
    const { kitchen, deviceId } = c.req.param();
    if (!(await store.revokeDevice(kitchen, deviceId, clock().toISOString()))) {
      throw new ApiError(404, 'device_not_found', `No device ${deviceId} in kitchen ${kitchen}`);
    }
    deps.notifier.publish(kitchen);
    return c.body(null, 204);
  });

  return app;
}
