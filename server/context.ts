/** What the app is made of, and the Hono environment its handlers share. */
import type { DeviceActivity } from './device-activity';
import type { Follow } from './event-stream';
import type { Device, Store } from './storage/store';
import type { Notifier } from './notifier';
import type { OpenCount, RateLimit } from './limits';
import type { ReadModels } from './read-models/read-models';

export interface AppDeps {
  store: Store;
  /** SHA-256 of the admin token (see `ensureAdminToken`). */
  auth: { adminTokenHash: string };
  clock: () => Date;
  notifier: Notifier;
  /** Wrong join codes per client address (`limits.ts`). */
  joinLimiter: RateLimit;
  /** Pushes per device per minute, and open event streams per device (`limits.ts`). */
  pushLimit: RateLimit;
  streams: OpenCount;
  /** When each device last synced (`device-activity.ts`). */
  activity: DeviceActivity;
  /** SQL (or in-memory) views of the logs; the stock routes are 404 without them. */
  readModels?: ReadModels;
  /** The built app (SvelteKit `build/`) to serve beside the API; API only when absent. */
  staticDir?: string;
  /** Behind a reverse proxy: a client's address is the last of `X-Forwarded-For`. */
  trustProxy: boolean;
  /** How far ahead of `clock` an event's stamp may be (`LARDER_MAX_CLOCK_AHEAD`), ms. */
  maxClockAheadMs: number;
  /** Time between `: ping` lines on idle event streams. */
  heartbeatMs: number;
  version: string;
  /** One line per request and the details of internal errors. */
  log: (line: string) => void;
}

export interface AppEnv {
  /** `eventStream`: what follows an event stream's head (`event-stream.ts`). */
  Variables: { device: Device; eventStream?: Follow };
}
