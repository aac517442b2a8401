/** Stock on hand from the read models (device token), as JSON or as CSV for the district. */
import { Hono } from 'hono';
import { requireDevice } from '../auth-middleware';
import type { AppDeps, AppEnv } from '../context';
import { ApiError } from '../errors';
import { csvAnswer } from '../exports';
import { stockCsv } from '../read-models/csv';
import type { ReadModels } from '../read-models/read-models';

export function stockRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const device = requireDevice(deps.store);
  const models = (): ReadModels => {
    if (!deps.readModels) throw new ApiError(404, 'not_found', 'This server keeps no read models');
    return deps.readModels;
  };

  app.get('/kitchens/:kitchen/stock', device, async (c) => {
    const kitchenId = c.req.param('kitchen');
    return c.json({ kitchenId, stock: await models().stock(kitchenId) });
  });

  app.get('/kitchens/:kitchen/stock.csv', device, async (c) => {
    const kitchenId = c.req.param('kitchen');
    return csvAnswer(c, `${kitchenId}-stock.csv`, stockCsv(await models().stock(kitchenId)));
  });

  return app;
}
