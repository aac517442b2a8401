/**
 * A Larder server the test controls: its own port and data folder, started with the built
 * app, killed and restarted at will (the config's webServer cannot be killed mid-test).
 */
import { test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ADMIN_TOKEN = 'e2e-admin-token-0123456789';

export interface StoredEventLite {
  id: string;
  seq: number;
  type: string;
  device: string;
}

export class LarderServer {
  readonly dir = mkdtempSync(join(tmpdir(), 'larder-e2e-'));
  private child: ChildProcess | undefined;
  output = '';

  constructor(
    readonly port: number,
    /** The built app to serve; the repository's `build/` when absent. */
    readonly staticDir?: string,
  ) {}

  get url(): string {
    return `http://localhost:${this.port}`;
  }

  async start(): Promise<void> {
    // A server left over on this port would answer the health check in this one's place.
    const stale = await fetch(`${this.url}/api/v1/health`).then(
      () => true,
      () => false,
    );
    if (stale) throw new Error(`Port ${this.port} is already in use by another server.`);
    // The built server, as production starts it (`npm run test:e2e` builds first).
    const child = spawn(process.execPath, ['dist/main.js'], {
      env: {
        ...process.env,
        PORT: String(this.port),
        LARDER_DATA_DIR: this.dir,
        LARDER_ADMIN_TOKEN: ADMIN_TOKEN,
        ...(this.staticDir ? { LARDER_STATIC_DIR: this.staticDir } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    // Never outlive the test run, even when it is interrupted.
    process.once('exit', () => child.kill('SIGKILL'));
    child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    const end = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited:\n${this.output}`);
      try {
        const res = await fetch(`${this.url}/api/v1/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > end) throw new Error(`server did not start:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGKILL: no graceful shutdown, as when the power goes. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    this.child = undefined;
  }

  async close(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async createKitchen(
    name = 'Lincoln Elementary',
  ): Promise<{ kitchenId: string; joinCode: string }> {
    const res = await fetch(`${this.url}/api/v1/kitchens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    if (res.status !== 201) throw new Error(`create kitchen: ${res.status} ${await res.text()}`);
    return (await res.json()) as { kitchenId: string; joinCode: string };
  }

  /** Every event of the kitchen, read with a device paired for the purpose. */
  async events(kitchenId: string, joinCode: string): Promise<StoredEventLite[]> {
    const pair = await fetch(`${this.url}/api/v1/kitchens/${kitchenId}/devices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ joinCode, name: 'test reader', deviceId: crypto.randomUUID() }),
    });
    const { token } = (await pair.json()) as { token: string };
    const out: StoredEventLite[] = [];
    let after = 0;
    for (;;) {
      const res = await fetch(
        `${this.url}/api/v1/kitchens/${kitchenId}/events?after=${after}&limit=5000`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      const page = (await res.json()) as { events: StoredEventLite[]; more: boolean };
      out.push(...page.events);
      after = page.events.at(-1)?.seq ?? after;
      if (!page.more) return out;
    }
  }
}

/**
 * A fresh server (own port and data folder) for each test of the calling file, on
 * `E2E_SYNC_PORT` (default 4460) plus `offset`, so files never share a port. Read `current`
 * inside a test: it is replaced before each one.
 */
export function serverPerTest(offset: number): { current: LarderServer } {
  const port = Number(process.env['E2E_SYNC_PORT'] ?? 4460) + offset;
  const holder = {} as { current: LarderServer };
  test.beforeEach(async () => {
    holder.current = new LarderServer(port);
    await holder.current.start();
  });
  test.afterEach(async () => {
    await holder.current.close();
  });
  return holder;
}
