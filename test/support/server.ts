/**
 * For engine tests: the real Hono app over a SQLite file, served over real HTTP on a loopback
 * port, reached through a `fetch` that takes `SERVER_URL` there. The server can be stopped
 * (requests fail as if the network were down) and restarted on the same file, and answers
 * can be made to get lost.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/app';
import { sha256 } from '../../server/auth';
import { newEpoch } from '../../server/epoch';
import { Notifier } from '../../server/notifier';
import { SqliteStore } from '../../server/storage/sqlite-store';
import type { Store } from '../../server/storage/store';
import { serveOnLoopback, type Served } from '../../server/test-support/serve';
import type { FetchLike } from '$lib/client/api';
import type { StoredEvent } from '$lib/domain/events';

export const SERVER_URL = 'http://larder.test';
export const ADMIN_TOKEN = 'engine-test-admin';

export class TestServer {
  readonly dir = mkdtempSync(join(tmpdir(), 'larder-engine-'));
  private store: Store | undefined;
  private notifier: Notifier | undefined;
  private served: Promise<Served> | undefined;
  /** Requests answered so far, by method and path. */
  readonly requests: string[] = [];
  /** When set, the next request matching it reaches the server but its answer is lost. */
  loseAnswerOf: RegExp | undefined;

  constructor() {
    this.start();
  }

  /** Starts on the SQLite file in its folder, or on `store` (another database). */
  start(store: Store = new SqliteStore(join(this.dir, 'larder.db'))): void {
    this.store = store;
    this.notifier = new Notifier();
    const app = createApp({
      store: this.store,
      auth: { adminTokenHash: sha256(ADMIN_TOKEN) },
      notifier: this.notifier,
      heartbeatMs: 100,
    });
    this.served = serveOnLoopback(app.fetch);
  }

  async stop(): Promise<void> {
    const served = this.served;
    this.served = undefined;
    this.notifier?.close();
    await (await served)?.close();
    await this.store?.close();
  }

  /** Moves the log epoch on while running, as a restore behind its back would. */
  async moveEpoch(): Promise<string> {
    return newEpoch(this.store!);
  }

  async close(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  readonly fetch: FetchLike = async (input, init) => {
    const served = this.served;
    const url = new URL(input);
    const line = `${init?.method ?? 'GET'} ${url.pathname}`;
    if (!served) throw new TypeError('Failed to fetch (server down)');
    const response = await fetch(`${(await served).url}${url.pathname}${url.search}`, init);
    this.requests.push(line);
    if (this.loseAnswerOf?.test(line)) {
      this.loseAnswerOf = undefined;
      throw new TypeError('Failed to fetch (answer lost)');
    }
    return response;
  };

  async admin(path: string, init: RequestInit = {}): Promise<Response> {
    return this.fetch(`${SERVER_URL}/api/v1${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        'content-type': 'application/json',
        ...(init.headers as Record<string, string> | undefined),
      },
    });
  }

  async createKitchen(
    name = 'Lincoln Elementary',
  ): Promise<{ kitchenId: string; joinCode: string }> {
    const res = await this.admin('/kitchens', { method: 'POST', body: JSON.stringify({ name }) });
    if (res.status !== 201) throw new Error(`create kitchen: ${res.status} ${await res.text()}`);
    return (await res.json()) as { kitchenId: string; joinCode: string };
  }

  async head(kitchenId: string, token: string): Promise<number> {
    const res = await this.fetch(
      `${SERVER_URL}/api/v1/kitchens/${kitchenId}/events?after=0&limit=1`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    return ((await res.json()) as { head: number }).head;
  }

  async allIds(kitchenId: string, token: string): Promise<string[]> {
    return (await this.events(kitchenId, token)).map((e) => e.id);
  }

  /** The kitchen's log as the server hands it out, every page. */
  async events(kitchenId: string, token: string): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    let after = 0;
    for (;;) {
      const res = await this.fetch(
        `${SERVER_URL}/api/v1/kitchens/${kitchenId}/events?after=${after}&limit=5000`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      const page = (await res.json()) as { events: StoredEvent[]; more: boolean };
      events.push(...page.events);
      after = page.events.at(-1)?.seq ?? after;
      if (!page.more) return events;
    }
  }
}
