/**
 * An app wired as `main.ts` wires it, with helpers that speak the protocol: create a
 * kitchen, pair a device, push, pull. `harness` runs on the store the test run asks for
 * (`LARDER_TEST_STORE=postgres`: a fresh database of the run's PostgreSQL cluster, with its
 * read models; else SQLite); `sqliteHarness`, on a real SQLite file in a fresh temp folder
 * (the store of the running server, its read models in their own thread), for the tests of
 * SQLite itself. Both serve the app over real HTTP on a loopback port (`serve.ts`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '../auth';
import { createApp, type AppOptions } from '../app';
import { Notifier } from '../notifier';
import type { ReadModels } from '../read-models/read-models';
import { PostgresReadModels } from '../read-models/postgres-read-models';
import { PostgresStore } from '../storage/postgres-store';
import type { Store } from '../storage/store';
import { WorkerSqliteStore } from '../storage/worker-store';
import { larder } from './cli';
import { freshDatabase } from './postgres';
import { serveOnLoopback } from './serve';
import { uuid4 } from './events';

export const ADMIN_TOKEN = 'test-admin-token';

export interface Harness<S extends Store = Store> {
  /** The app's address over real HTTP (`serve.ts`), `http://127.0.0.1:<port>`. */
  url(): Promise<string>;
  /** A request to the app over HTTP: `path` from the root (`/api/v1/...`). */
  request(path: string, init?: RequestInit): Promise<Response>;
  store: S;
  notifier: Notifier;
  readModels: ReadModels;
  dir: string;
  close(): Promise<void>;
  admin(path: string, init?: RequestInit): Promise<Response>;
  as(token: string, path: string, init?: RequestInit): Promise<Response>;
  createKitchen(name?: string): Promise<{ kitchenId: string; joinCode: string }>;
  pair(
    kitchenId: string,
    joinCode: string,
    n?: number,
  ): Promise<{ deviceId: string; token: string }>;
  push(kitchenId: string, token: string, events: unknown[]): Promise<Response>;
  /** The bodies of a kitchen's stored events, as the store keeps them, in seq order. */
  storedBodies(kitchenId: string): Promise<string[]>;
  /** Runs the `larder` command on this harness's store. */
  larder(args: string[], stdin?: string): ReturnType<typeof larder>;
  /** From now on, every insert of an event fails with `message` (a broken disk, say). */
  failInserts(message: string): Promise<void>;
}

/** What differs between the stores under a harness. */
interface StoreUnderTest<S extends Store> {
  store: S;
  /** The environment that points the `larder` command at it (with `--data-dir`). */
  cliEnv: Record<string, string>;
  readModels: ReadModels;
  storedBodies(kitchenId: string): Promise<string[]>;
  failInserts(message: string): Promise<void>;
}

export function json(body: unknown, init: RequestInit = {}): RequestInit {
  return {
    method: 'POST',
    ...init,
    headers: { 'Content-Type': 'application/json', ...(init.headers as Record<string, string>) },
    body: JSON.stringify(body),
  };
}

/** The app over the store the run asks for (`LARDER_TEST_STORE`). */
export async function harness(options: Partial<AppOptions> = {}): Promise<Harness> {
  if (process.env['LARDER_TEST_STORE'] !== 'postgres') return sqliteHarness(options);
  const url = await freshDatabase();
  const store = await PostgresStore.open(url);
  return wire(
    {
      store,
      cliEnv: { LARDER_DATABASE_URL: url },
      readModels: new PostgresReadModels(store),
      async storedBodies(kitchenId) {
        const { rows } = await store.pool.query<{ body: string }>(
          'SELECT body FROM events WHERE kitchen_id = $1 ORDER BY seq',
          [kitchenId],
        );
        return rows.map((row) => row.body);
      },
      async failInserts(message) {
        await store.pool.query(`
          CREATE FUNCTION fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '${message}'; END $$;
          CREATE TRIGGER fail BEFORE INSERT ON events EXECUTE FUNCTION fail_insert();`);
      },
    },
    options,
  );
}

/** The app over a real SQLite file, as the server runs it. */
export function sqliteHarness(options: Partial<AppOptions> = {}): Harness<WorkerSqliteStore> {
  const dir = mkdtempSync(join(tmpdir(), 'larder-app-'));
  const store = new WorkerSqliteStore(join(dir, 'larder.db'));
  return wire(
    {
      store,
      cliEnv: {},
      readModels: store.readModels,
      storedBodies: (kitchenId) =>
        Promise.resolve(
          store.db
            .prepare('SELECT body FROM events WHERE kitchen_id = ? ORDER BY seq')
            .pluck()
            .all(kitchenId) as string[],
        ),
      failInserts(message) {
        // Every insert fails, in whichever thread or connection writes it.
        store.db.exec(
          `CREATE TRIGGER fail BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, '${message}'); END`,
        );
        return Promise.resolve();
      },
    },
    options,
    dir,
  );
}

function wire<S extends Store>(
  under: StoreUnderTest<S>,
  options: Partial<AppOptions>,
  dir = mkdtempSync(join(tmpdir(), 'larder-app-')),
): Harness<S> {
  const { store, readModels } = under;
  const notifier = new Notifier();
  const app = createApp({
    store,
    auth: { adminTokenHash: sha256(ADMIN_TOKEN) },
    notifier,
    readModels,
    heartbeatMs: 50,
    ...options,
  });
  const withAuth = (token: string, init: RequestInit = {}): RequestInit => ({
    ...init,
    headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${token}` },
  });
  const served = serveOnLoopback(app.fetch);
  const request = async (path: string, init?: RequestInit) =>
    fetch(`${(await served).url}${path}`, init);
  const h: Harness<S> = {
    url: async () => (await served).url,
    request,
    store,
    notifier,
    readModels,
    dir,
    async close() {
      await (await served).close();
      notifier.close();
      await readModels.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
    admin: (path, init) => request(path, withAuth(ADMIN_TOKEN, init)),
    as: (token, path, init) => request(path, withAuth(token, init)),
    async createKitchen(name = 'Lincoln Elementary') {
      const res = await h.admin('/api/v1/kitchens', json({ name }));
      if (res.status !== 201) throw new Error(`create kitchen: ${res.status} ${await res.text()}`);
      return (await res.json()) as { kitchenId: string; joinCode: string };
    },
    async pair(kitchenId, joinCode, n = 1) {
      const deviceId = uuid4(n, 0xd0);
      const res = await request(
        `/api/v1/kitchens/${kitchenId}/devices`,
        json({ joinCode, name: `Tablet ${n}`, deviceId }),
      );
      if (res.status !== 201) throw new Error(`pair: ${res.status} ${await res.text()}`);
      return (await res.json()) as { deviceId: string; token: string };
    },
    push: (kitchenId, token, events) =>
      h.as(token, `/api/v1/kitchens/${kitchenId}/events`, json({ events })),
    storedBodies: (kitchenId) => under.storedBodies(kitchenId),
    larder: (args, stdin) => larder(['--data-dir', dir, ...args], stdin, under.cliEnv),
    failInserts: (message) => under.failInserts(message),
  };
  return h;
}
