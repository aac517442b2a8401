/**
 * `npm start`: the one place that reads the environment and opens a port. Everything else
 * is built by `createApp` and friends, which tests drive in process.
 */
import { serve } from '@hono/node-server';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createApp } from './app';
import {
  ADMIN_TOKEN_FILE,
  databaseFile,
  describeDatabase,
  parseConfig,
  type Config,
} from './config';
import { scheduleBackups } from './backups';
import { limitConnectionsPerAddress } from './connection-limit';
import { DeviceActivity } from './device-activity';
import { ensureAdminToken } from './kitchens';
import { Notifier } from './notifier';
import { PostgresFanOut } from './postgres-fan-out';
import { PostgresReadModels } from './read-models/postgres-read-models';
import { PostgresStore } from './storage/postgres-store';
import type { Store } from './storage/store';
import { WorkerSqliteStore } from './storage/worker-store';
import type { ReadModels } from './read-models/read-models';

const SHUTDOWN_GRACE_MS = 10_000;

let logLines: string[] = [];

/**
 * One line per request and event, written once per turn of the event loop: stdout is a
 * pipe or a file, written synchronously, and a busy server would pay a write per line.
 */
function log(line: string): void {
  if (logLines.length === 0) setImmediate(flushLog);
  logLines.push(`${new Date().toISOString()} ${line}\n`);
}

function flushLog(): void {
  if (logLines.length === 0) return;
  const text = logLines.join('');
  logLines = [];
  process.stdout.write(text);
}
process.on('exit', flushLog);

/**
 * A newly made admin token, told once and never written to the log: on a terminal it is
 * printed; otherwise (a service, a container: stdout is a journal someone else reads) it goes
 * to a file in the data folder that only this user can read, and the log says where.
 */
function announceAdminToken(token: string, dataDir: string): void {
  const lines = [
    '',
    'A new admin token was made for this server. It is shown this once; keep it safe',
    '(only its hash is stored). Set LARDER_ADMIN_TOKEN to use one of your own instead.',
  ];
  if (process.stdout.isTTY) {
    console.log([...lines, '', `    ${token}`, ''].join('\n'));
    return;
  }
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // an older file keeps its mode on a rewrite
  console.log(
    [...lines, `It is in ${file} (readable by this user only): move it somewhere safe.`, ''].join(
      '\n',
    ),
  );
}

async function main(): Promise<void> {
  // The request log goes to a file or the journal, not a terminal: no colour codes in it.
  if (!process.stdout.isTTY) process.env['NO_COLOR'] ??= '1';
  let config: Config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    console.error(`larder: ${(error as Error).message}`);
    process.exit(2);
  }
  mkdirSync(config.dataDir, { recursive: true });
  const notifier = new Notifier();
  let store: Store;
  let readModels: ReadModels | undefined;
  let fanOut: PostgresFanOut | undefined;
  if (config.databaseUrl) {
    const postgres = await PostgresStore.open(config.databaseUrl);
    store = postgres;
    readModels = new PostgresReadModels(postgres, { log });
    // Other processes on the same database wake this one's streams, and this one theirs.
    fanOut = await PostgresFanOut.start(config.databaseUrl, notifier, log);
  } else {
    const sqlite = new WorkerSqliteStore(databaseFile(config.dataDir), { log });
    await sqlite.ready();
    store = sqlite;
    readModels = sqlite.readModels;
  }
  const admin = await ensureAdminToken(store, config.adminToken);
  if (admin.generated) announceAdminToken(admin.generated, config.dataDir);
  const { version } = JSON.parse(
    readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
  ) as { version: string };
  const activity = new DeviceActivity(store, () => new Date(), log);
  const app = createApp({
    store,
    activity,
    auth: { adminTokenHash: admin.hash },
    notifier,
    ...(readModels ? { readModels } : {}),
    staticDir: config.staticDir,
    trustProxy: config.trustProxy,
    maxClockAheadMs: config.maxClockAheadMs,
    version,
    log,
  });
  if (config.backups) {
    const schedule = { ...config.backups, dbFile: databaseFile(config.dataDir), log };
    mkdirSync(schedule.dir, { recursive: true });
    scheduleBackups(schedule);
  }
  // Views may lag the log after a crash or an import: bring them up to date in the background.
  if (readModels) for (const kitchen of await store.listKitchens()) readModels.notify(kitchen.id);

  const tls = config.tls;
  const server = serve(
    {
      fetch: app.fetch,
      port: config.port,
      ...(config.host ? { hostname: config.host } : {}),
      ...(tls
        ? {
            createServer: createHttpsServer,
            serverOptions: { cert: readFileSync(tls.cert), key: readFileSync(tls.key) },
          }
        : {}),
    },
    (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      log(
        `Larder listening on ${tls ? 'https' : 'http'}://${host}:${info.port} (${describeDatabase(config)})`,
      );
    },
  );

  // Longer than clients keep idle connections (undici: 4 s, browsers: longer): a client must
  // never send on a connection the server is closing at that moment.
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    // A request's body must be in within 2 minutes (a 1 MiB push on a slow school network);
    // answers, event streams included, are not limited by it.
    server.requestTimeout = 120_000;
  }
  if (!config.trustProxy) limitConnectionsPerAddress(server, config.maxConnectionsPerAddress);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing requests in flight, then closing the database`);
    // Stop accepting; in-flight pushes run to their answer; open streams are ended.
    const closeAll = async () => {
      // The catch-ups under way end first: they read and write through the store.
      await readModels?.close();
      await activity.flush();
      await fanOut?.close();
      await store.close();
      log('stopped');
      process.exit(0);
    };
    server.close(() => void closeAll());
    notifier.close();
    // Kept-alive connections idle between requests would hold `close` up for their timeout;
    // a connection becomes idle once its request in flight (or its ended stream) is done.
    const closeIdle = () => {
      if ('closeIdleConnections' in server) server.closeIdleConnections();
    };
    closeIdle();
    setInterval(closeIdle, 100).unref();
    setTimeout(() => {
      log('requests still open after the grace period: closing them');
      if ('closeAllConnections' in server) server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`larder: could not start: ${(error as Error).stack ?? String(error)}`);
  process.exit(1);
});
