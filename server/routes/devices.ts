/**
 * The kitchen's tablets by name (device token), so a tablet's history can say which tablet
 * made an entry. Ids and names only: never a token, a hash or a pairing time. Revoked
 * tablets stay listed: their entries stay in the log.
 */
import { Hono } from 'hono';
import { requireDevice } from '../auth-middleware';
import type { AppDeps, AppEnv } from '../context';

export function deviceRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/kitchens/:kitchen/devices', requireDevice(deps.store), async (c) => {
    const devices = await deps.store.listDevices(c.req.param('kitchen'));
    return c.json({ devices: devices.map(({ deviceId, name }) => ({ deviceId, name })) });
  });

  return app;
}
