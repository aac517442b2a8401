/** Route guards: the admin token for kitchen management, a device token for a kitchen's log. */
import type { MiddlewareHandler } from 'hono';
import { bearerToken, sameHash, sha256 } from './auth';
import type { AppEnv } from './context';
import type { DeviceActivity } from './device-activity';
import { ApiError } from './errors';
import { checkDeviceToken } from './kitchens';
import type { Store } from './storage/store';

export function requireAdmin(adminTokenHash: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('Authorization'));
    if (!token || !sameHash(sha256(token), adminTokenHash)) {
      throw new ApiError(401, 'unauthorized', 'The admin token is required');
    }
    await next();
  };
}

/**
 * Lets through a live device token of the kitchen in the path (of any kitchen, with
 * `anyKitchen`), and remembers the device.
 */
export function requireDevice(
  store: Store,
  { anyKitchen = false } = {},
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header('Authorization'));
    const kitchen = anyKitchen ? undefined : (c.req.param('kitchen') ?? '');
    const check = await checkDeviceToken(store, token, kitchen);
    if (!check.ok) {
      throw new ApiError(
        check.status,
        check.status === 401 ? 'unauthorized' : 'forbidden',
        check.reason,
      );
    }
    c.set('device', check.device);
    await next();
  };
}

/** After `requireDevice` on the sync routes: the device is marked as seen (`DeviceActivity`). */
export function noteSync(activity: DeviceActivity): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    activity.seen(c.var.device);
    await next();
  };
}
