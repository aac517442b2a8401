/**
 * Transfers between the district's kitchens (DESIGN 4.2): a kitchen's transfers in or out,
 * both sides of each, and the district's kitchens to send to. A device sees nothing else
 * of another kitchen.
 */
import { Hono } from 'hono';
import { requireDevice } from '../auth-middleware';
import type { AppDeps, AppEnv } from '../context';
import { ApiError } from '../errors';
import { parseSeq, singleQuery } from '../params';
import { transferViews } from '../../src/lib/domain/transfer-views';

export function transferRoutes(deps: AppDeps): Hono<AppEnv> {
  const { store } = deps;
  const app = new Hono<AppEnv>();

  app.get('/kitchens/:kitchen/transfers', requireDevice(store), async (c) => {
    const direction = singleQuery(c, 'direction');
    if (direction !== 'in' && direction !== 'out') {
      throw new ApiError(400, 'bad_request', 'direction must be in or out', [
        { path: 'direction', message: `got ${JSON.stringify(direction?.slice(0, 40) ?? null)}` },
      ]);
    }
    // A tablet asks for the recent ones; older ones still open or to settle always come.
    const since = parseSeq(singleQuery(c, 'since'), 'since');
    const kitchenId = c.req.param('kitchen');
    const [found, kitchens] = await Promise.all([
      store.transferEvents(kitchenId),
      store.listKitchens(),
    ]);
    const names = new Map(kitchens.map((k) => [k.id, k.name]));
    const views = transferViews(found, kitchenId, direction, names).filter(
      (view) =>
        view.sentAt >= since || view.status === 'open' || view.lines.some((l) => l.conflict),
    );
    return c.json({ transfers: views });
  });

  app.get('/district/kitchens', requireDevice(store, { anyKitchen: true }), async (c) => {
    const kitchens = await store.listKitchens();
    return c.json({ kitchens: kitchens.map(({ id, name }) => ({ kitchenId: id, name })) });
  });

  return app;
}
