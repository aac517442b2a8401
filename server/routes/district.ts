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
  // Each route names the guard: a `/district/*` one would also catch the tablets' own
  // /district/kitchens (transfers.ts).
  const admin = requireAdmin(deps.auth.adminTokenHash);

  // The district office: open transfers and discrepancies across kitchens (admin token).
  app.get('/district/transfers', admin, async (c) => {
    const all = singleQuery(c, 'all') === '1';
    return c.json({ transfers: await districtTransfers(store, all) });
  });
  app.get('/district/transfers.csv', admin, async (c) => {
    const all = singleQuery(c, 'all') === '1';
    const table = transfersTable(await districtTransfers(store, all), localToday(deps.clock()));
    return csvAnswer(c, table.file, tableCsv(table));
  });

  // The district office: every kitchen's figures, tablets and transfers (admin token).
  app.get('/district/summary', admin, async (c) =>
    c.json({ kitchens: await districtSummary(deps) }),
  );
  app.get('/district/summary.csv', admin, async (c) => {
    const table = districtTable(await districtSummary(deps), localToday(deps.clock()));
    return csvAnswer(c, table.file, tableCsv(table));
  });

  return app;
}
