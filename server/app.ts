/**
 * The server as a value: `createApp` wires the routes of the wire protocol (DESIGN.md
 * section 4) over the given store and returns a Hono app. It never listens; `main.ts`
 * does that, and the tests serve it the same way (`test-support/serve.ts`).
 */
import { Hono } from 'hono';
import { DEFAULT_MAX_CLOCK_AHEAD_MS } from '../src/lib/domain/hlc';
import { logger } from 'hono/logger';
import type { AppDeps, AppEnv } from './context';
import { createErrorHandler, notFound } from './errors';
import { directStreams } from './event-stream';
import { noStore, securityHeaders } from './headers';
import {
  JOIN_FAILURES,
  JOIN_WINDOW_MS,
  OpenCount,
  PUSHES_PER_MINUTE,
  RateLimit,
  STREAMS_PER_DEVICE,
} from './limits';
import { DeviceActivity } from './device-activity';
import { Notifier } from './notifier';
import { deviceRoutes } from './routes/devices';
import { districtRoutes } from './routes/district';
import { eventRoutes } from './routes/events';
import { healthRoutes } from './routes/health';
import { kitchenRoutes } from './routes/kitchens';
import { exportRoutes } from './routes/exports';
import { stockRoutes } from './routes/stock';
import { streamRoutes } from './routes/stream';
import { transferRoutes } from './routes/transfers';
import { serveApp } from './static';
import { loadStaticSite } from './static-files';

export const VERSION = '0.1.0';

export type AppOptions = Pick<AppDeps, 'store' | 'auth'> & Partial<Omit<AppDeps, 'store' | 'auth'>>;

export function createApp(options: AppOptions): Hono<AppEnv> {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? (() => {});
  const deps: AppDeps = {
    clock,
    notifier: new Notifier(),
    joinLimiter: new RateLimit(() => clock().getTime(), JOIN_FAILURES, JOIN_WINDOW_MS),
    pushLimit: new RateLimit(() => clock().getTime(), PUSHES_PER_MINUTE, 60_000),
    streams: new OpenCount(STREAMS_PER_DEVICE),
    heartbeatMs: 15_000,
    maxClockAheadMs: DEFAULT_MAX_CLOCK_AHEAD_MS,
    trustProxy: false,
    version: VERSION,
    log,
    activity: options.activity ?? new DeviceActivity(options.store, clock, log),
    ...options,
  };
  const site = deps.staticDir ? loadStaticSite(deps.staticDir) : undefined;
  const app = new Hono<AppEnv>();
  app.onError(createErrorHandler(deps.log));
  app.notFound(notFound);
  // Outermost: writes an event stream's head once every other middleware has added to it.
  app.use(directStreams(deps.log));
  // A line when a request comes in and one when it is answered (Hono's logger).
  app.use(logger(deps.log));
  app.use(securityHeaders(site?.scriptHashes ?? []));
  app.use('/api/*', noStore);

  const api = new Hono<AppEnv>();
  api.route('/', healthRoutes(deps));
  api.route('/', kitchenRoutes(deps));
  api.route('/', eventRoutes(deps));
  api.route('/', streamRoutes(deps));
  api.route('/', stockRoutes(deps));
  api.route('/', exportRoutes(deps));
  api.route('/', transferRoutes(deps));
  api.route('/', districtRoutes(deps));
  api.route('/', deviceRoutes(deps));
  app.route('/api/v1', api);

  if (site) app.use(serveApp(site));
  return app;
}
