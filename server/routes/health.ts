import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context';

export function healthRoutes(deps: AppDeps): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/health', (c) => c.json({ ok: true, version: deps.version }));
}
