/**
 * The kitchen's tablets (device token): by name, so a tablet's history can say which tablet
 * made an entry (ids and names only: never a token, a hash or a pairing time; revoked
 * tablets stay listed: their entries stay in the log); and a tablet paired before device
 * signatures existed registering its public key (DESIGN 4.1).
 */
import { Hono } from 'hono';
import { requireDevice } from '../auth-middleware';
import { deviceKeyBody, parseBody } from '../body-schemas';
import type { AppDeps, AppEnv } from '../context';
import { ApiError } from '../errors';
import { jsonBody, limitBody, requireJson } from '../json-body';

export function deviceRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const device = requireDevice(deps.store);

  app.get('/kitchens/:kitchen/devices', device, async (c) => {
    const devices = await deps.store.listDevices(c.req.param('kitchen'));
    return c.json({ devices: devices.map(({ deviceId, name }) => ({ deviceId, name })) });
  });

  app.put(
    '/kitchens/:kitchen/devices/:deviceId/key',
    device,
    limitBody(4096),
    requireJson,
    jsonBody((body) => parseBody(deviceKeyBody, body)),
    async (c) => {
      const { kitchen, deviceId } = c.req.param();
      if (deviceId !== c.var.device.deviceId) {
        throw new ApiError(403, 'forbidden', "A tablet registers its own key, not another's");
      }
      const { publicKey } = c.req.valid('json');
      const registered = await deps.store.registerDeviceKey(kitchen, deviceId, publicKey);
      if (registered !== publicKey) {
        throw new ApiError(
          409,
          'device_key_differs',
          'This tablet is registered here with another key already; the key stays',
        );
      }
      return c.body(null, 204);
    },
  );

  return app;
}
