/** Kitchen management (admin token) and device pairing (join code). */
import { Hono } from 'hono';
import { requireAdmin } from '../auth-middleware';
import { createKitchenBody, pairDeviceBody, parseBody } from '../body-schemas';
import type { AppDeps, AppEnv } from '../context';
import { ApiError } from '../errors';
import { jsonBody, limitBody, requireJson } from '../json-body';
import { createKitchen, joinCodeMatches, pairDevice } from '../kitchens';
import { bearerToken, sameHash, sha256 } from '../auth';
import { clientAddress } from '../client-address';

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
      const { joinCode, name, deviceId, publicKey } = c.req.valid('json');
      // Wrong codes lock out the address that sent them, not the kitchen for everyone.
      const address = clientAddress(c, deps.trustProxy);
      const wait = joinLimiter.wait(address);
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        throw new ApiError(
          429,
          'too_many_attempts',
          `Too many wrong join codes; try again in ${wait} s`,
        );
      }
      // An unknown kitchen answers as a wrong code does: no probing for kitchen ids.
      const kitchen = await store.getKitchen(kitchenId);
      if (!kitchen || !joinCodeMatches(kitchen, joinCode)) {
        joinLimiter.hit(address);
        throw new ApiError(403, 'wrong_join_code', 'That join code is not right for this kitchen');
      }
      joinLimiter.clear(address);
      // A paired tablet is paired again only with its own token: the join code alone would
      // let anyone who has it take over a working tablet (revoke it, then push as it).
      const known = (await store.listDevices(kitchenId)).find(
        (device) => device.deviceId === deviceId,
      );
      const current = bearerToken(c.req.header('Authorization'));
      if (
        known?.revokedAt === null &&
        (current === undefined || !sameHash(sha256(current), known.tokenHash))
      ) {
        throw new ApiError(
          409,
          'device_paired',
          'This tablet is paired with the kitchen already; pair it again from the tablet itself, or revoke it first',
        );
      }
      // The events a tablet signed must stay verifiable: its key, once registered, stays.
      if (known?.publicKey && publicKey !== undefined && publicKey !== known.publicKey) {
        throw new ApiError(
          409,
          'device_key_differs',
          'This tablet id is registered here with another key; set the tablet up again to pair it',
        );
      }
      const token = await pairDevice(store, { kitchenId, deviceId, name, publicKey }, clock());
      // A re-paired device's old token is dead: end its open streams.
      deps.notifier.publishDevices(kitchenId);
      return c.json({ deviceId, token }, 201);
    },
  );

  app.delete('/kitchens/:kitchen/devices/:deviceId', admin, async (c) => {
    const { kitchen, deviceId } = c.req.param();
    if (!(await store.revokeDevice(kitchen, deviceId, clock().toISOString()))) {
      throw new ApiError(404, 'device_not_found', `No device ${deviceId} in kitchen ${kitchen}`);
    }
    deps.notifier.publishDevices(kitchen);
    return c.body(null, 204);
  });

  return app;
}
