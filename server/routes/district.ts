/** The district office's routes (admin token): every kitchen's figures, and the transfers. */
import { Hono } from 'hono';
import { districtTable, transfersTable } from '../../src/lib/export/district';
import { localToday } from '../../src/lib/ui-model/local-today';
import { requireAdmin } from '../auth-middleware';
import type { AppDeps, AppEnv } from '../context';
import { districtSummary } from '../district';
import { csvAnswer, tableCsv } from '../exports';
import { singleQuery } from '../params';
import { districtTransfers } from '../transfers';

export function districtRoutes(deps: AppDeps): Hono<AppEnv> {
  const { store } = deps;
  const app = new Hono<AppEnv>();
  app.use('/district/summary', requireAdmin(deps.auth.adminTokenHash));
  app.use('/district/summary.csv', requireAdmin(deps.auth.adminTokenHash));
  app.use('/district/transfers', requireAdmin(deps.auth.adminTokenHash));
  app.use('/district/transfers.csv', requireAdmin(deps.auth.adminTokenHash));

  // The district office: open transfers and discrepancies across kitchens (admin token).
  app.get('/district/transfers', async (c) => {
    const all = singleQuery(c, 'all') === '1';
    return c.json({ transfers: await districtTransfers(store, all) });
  });
  app.get('/district/transfers.csv', async (c) => {
    const all = singleQuery(c, 'all') === '1';
    const table = transfersTable(await districtTransfers(store, all), localToday(deps.clock()));
    return csvAnswer(c, table.file, tableCsv(table));
  });

  // The district office: every kitchen's figures, tablets and transfers (admin token).
  app.get('/district/summary', async (c) => c.json({ kitchens: await districtSummary(deps) }));
  app.get('/district/summary.csv', async (c) => {
    const table = districtTable(await districtSummary(deps), localToday(deps.clock()));
    return csvAnswer(c, table.file, tableCsv(table));
  });

  return app;
}
