/**
 * An app over a real SQLite file in a fresh temp folder, wired as `main.ts` wires it (the
 * store of the running server, its read models in their own thread), with helpers that
 * speak the protocol: create a kitchen, pair a device, push, pull.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '../auth';
import { createApp, type AppOptions } from '../app';
import { Notifier } from '../notifier';
import type { ReadModels } from '../read-models/read-models';
import { WorkerSqliteStore } from '../storage/worker-store';
import { uuid4 } from './events';

export const ADMIN_TOKEN = 'test-admin-token';

export interface Harness {
  app: ReturnType<typeof createApp>;
  store: WorkerSqliteStore;
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
}

export function json(body: unknown, init: RequestInit = {}): RequestInit {
  return {
    method: 'POST',
    ...init,
    headers: { 'Content-Type': 'application/json', ...(init.headers as Record<string, string>) },
    body: JSON.stringify(body),
  };
}

export function harness(options: Partial<AppOptions> = {}): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'larder-app-'));
  const store = new WorkerSqliteStore(join(dir, 'larder.db'));
  const notifier = new Notifier();
  const { readModels } = store;
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
  const h: Harness = {
    app,
    store,
    notifier,
    readModels,
    dir,
    async close() {
      notifier.close();
      readModels.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
    admin: async (path, init) => app.request(path, withAuth(ADMIN_TOKEN, init)),
    as: async (token, path, init) => app.request(path, withAuth(token, init)),
    async createKitchen(name = 'Lincoln Elementary') {
      const res = await h.admin('/api/v1/kitchens', json({ name }));
      if (res.status !== 201) throw new Error(`create kitchen: ${res.status} ${await res.text()}`);
      return (await res.json()) as { kitchenId: string; joinCode: string };
    },
    async pair(kitchenId, joinCode, n = 1) {
      const deviceId = uuid4(n, 0xd0);
      const res = await app.request(
        `/api/v1/kitchens/${kitchenId}/devices`,
        json({ joinCode, name: `Tablet ${n}`, deviceId }),
      );
      if (res.status !== 201) throw new Error(`pair: ${res.status} ${await res.text()}`);
      return (await res.json()) as { deviceId: string; token: string };
    },
    push: (kitchenId, token, events) =>
      h.as(token, `/api/v1/kitchens/${kitchenId}/events`, json({ events })),
  };
  return h;
}
