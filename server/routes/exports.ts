/** The tablet's exports for the district office, as CSV files (device token of the kitchen). */
import { Hono } from 'hono';
import { requireDevice } from '../auth-middleware';
import type { AppDeps, AppEnv } from '../context';
import { ApiError } from '../errors';
import { csvAnswer, ExportRequestError, kitchenExport, tableCsv } from '../exports';
import { singleQuery } from '../params';

export function exportRoutes(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/kitchens/:kitchen/exports/:file', requireDevice(deps.store), async (c) => {
    const file = c.req.param('file');
    if (!file.endsWith('.csv')) throw new ApiError(404, 'not_found', 'Exports are .csv files');
    const params = {
      first: singleQuery(c, 'first'),
      last: singleQuery(c, 'last'),
      at: singleQuery(c, 'at'),
      session: singleQuery(c, 'session'),
    };
    try {
      const table = await kitchenExport(
        deps.store,
        c.req.param('kitchen'),
        file.slice(0, -'.csv'.length),
        params,
      );
      return csvAnswer(c, table.file, tableCsv(table));
    } catch (error) {
      if (!(error instanceof ExportRequestError)) throw error;
      const code = error.status === 404 ? 'not_found' : 'bad_request';
      throw new ApiError(error.status, code, error.message, [
        { path: error.param, message: error.message },
      ]);
    }
  });

  return app;
}
