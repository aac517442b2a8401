import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { createConnection, type Socket } from 'node:net';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyBackup } from './backups';
import { generateEvents, uuid4 } from './test-support/events';
import { larder } from './test-support/cli';
import { freshDatabase, STORE_ENVS } from './test-support/postgres';
import { startServer, type ServerProcess } from './test-support/server-process';

const ADMIN = 'process-test-admin-token';
let dir: string;
let server: ServerProcess | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'larder-process-'));
});
afterEach(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

const start = async (env: Record<string, string> = {}) =>
  (server = await startServer({ LARDER_DATA_DIR: dir, LARDER_ADMIN_TOKEN: ADMIN, ...env }));

async function setUpKitchen(url: string) {
  const created = await fetch(`${url}/api/v1/kitchens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${ADMIN}` },
    body: JSON.stringify({ name: 'Crash School' }),
  });
  return (await created.json()) as { kitchenId: string; joinCode: string };
}

async function setUp(url: string) {
  const { kitchenId, joinCode } = await setUpKitchen(url);
  const paired = await fetch(`${url}/api/v1/kitchens/${kitchenId}/devices`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ joinCode, name: 'Tablet', deviceId: uuid4(1, 0xd0) }),
  });
  const { token } = (await paired.json()) as { token: string };
  return { kitchenId, token };
}

describe.each(STORE_ENVS)('the server process on %s', (name, storeEnv) => {
  it('keeps every acknowledged event through a SIGKILL right after the acknowledgement', async () => {
    const env = await storeEnv();
    const { url, output } = await start(env);
    expect(output()).toContain(name === 'SQLite' ? `(data in ${dir})` : 'events in PostgreSQL');
    const { kitchenId, token } = await setUp(url);
    const events = generateEvents(5000);
    const acknowledged: string[] = [];
    const push = (batch: typeof events) =>
      fetch(`${url}/api/v1/kitchens/${kitchenId}/events`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ events: batch }),
      });
    // Two pushers; the process is killed the moment the 20th acknowledgement arrives, with
    // other pushes still in flight.
    let acks = 0;
    const killed = new Promise<void>((resolve) => {
      const pusher = async (offset: number) => {
        for (let i = offset; i < events.length; i += 200) {
          const batch = events.slice(i, i + 100);
          let res: Response;
          try {
            res = await push(batch);
          } catch {
            return; // the connection died with the process: not acknowledged
          }
          if (res.status !== 200) return;
          acknowledged.push(...batch.map((e) => e.id));
          if (++acks === 20) {
            server!.child.kill('SIGKILL');
            resolve();
            return;
          }
        }
      };
      void pusher(0);
      void pusher(100);
    });
    await killed;
    expect(await server!.exited).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(2000);

    const { url: again } = await start(env);
    const res = await fetch(`${again}/api/v1/kitchens/${kitchenId}/events?limit=5000`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { events: { id: string; seq: number }[]; head: number };
    const stored = new Set(page.events.map((e) => e.id));
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect(page.events.map((e) => e.seq)).toEqual(
      Array.from({ length: page.head }, (_, i) => i + 1),
    );
  });

  it('stores every event of concurrent pushers over HTTP exactly once, seq gap-free', async () => {
    const { url } = await start(await storeEnv());
    const { kitchenId, joinCode } = await setUpKitchen(url);
    const tablets = await Promise.all(
      [1, 2, 3, 4].map(async (n) => {
        const deviceId = uuid4(n, 0xd0);
        const paired = await fetch(`${url}/api/v1/kitchens/${kitchenId}/devices`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ joinCode, name: `Tablet ${n}`, deviceId }),
        });
        const { token } = (await paired.json()) as { token: string };
        return { token, events: generateEvents(1500, { device: deviceId, salt: n }) };
      }),
    );
    // Every batch is sent twice at once, as a tablet retrying a push whose answer it lost.
    await Promise.all(
      tablets.flatMap(({ token, events }) =>
        [0, 1].map(async () => {
          for (let i = 0; i < events.length; i += 250) {
            const res = await fetch(`${url}/api/v1/kitchens/${kitchenId}/events`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
              body: JSON.stringify({ events: events.slice(i, i + 250) }),
            });
            expect(res.status).toBe(200);
          }
        }),
      ),
    );
    const res = await fetch(`${url}/api/v1/kitchens/${kitchenId}/events?limit=5000`, {
      headers: { Authorization: `Bearer ${tablets[0]!.token}` },
    });
    const page = (await res.json()) as { events: { id: string; seq: number }[]; head: number };
    expect(page.head).toBe(6000);
    expect(page.events.map((e) => e.seq)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    const rest = await fetch(`${url}/api/v1/kitchens/${kitchenId}/events?after=5000`, {
      headers: { Authorization: `Bearer ${tablets[0]!.token}` },
    });
    const tail = (await rest.json()) as { events: { id: string; seq: number }[] };
    const all = [...page.events, ...tail.events];
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 6000 }, (_, i) => i + 1));
    expect(new Set(all.map((e) => e.id)).size).toBe(6000);
  });
});

describe('a district moved from SQLite to PostgreSQL', () => {
  it('keeps its tablets: same token, same cursor, same epoch; the log goes on', async () => {
    const sqlite = await start();
    const { kitchenId, token } = await setUp(sqlite.url);
    const events = generateEvents(40);
    const pull = async (url: string, after: number) => {
      const res = await fetch(`${url}/api/v1/kitchens/${kitchenId}/events?after=${after}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { events: { seq: number }[]; head: number; epoch: string };
    };
    const push = (url: string, batch: typeof events) =>
      fetch(`${url}/api/v1/kitchens/${kitchenId}/events`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ events: batch }),
      });
    expect((await push(sqlite.url, events.slice(0, 30))).status).toBe(200);
    const before = await pull(sqlite.url, 30);
    sqlite.child.kill('SIGTERM');
    expect(await sqlite.exited).toBe(0);

    const url = await freshDatabase();
    expect((await larder(['--data-dir', dir, 'move-to-postgres', url])).code).toBe(0);
    const moved = await start({ LARDER_DATABASE_URL: url });
    // The tablet's next sync: nothing new past its cursor, the same epoch (no healing).
    expect(await pull(moved.url, 30)).toEqual(before);
    const answer = await push(moved.url, events.slice(25));
    expect(await answer.json()).toMatchObject({ accepted: 10, duplicates: 5, head: 40 });
    expect((await pull(moved.url, 0)).events.map((e) => e.seq)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
  });
});

describe('two server processes on one PostgreSQL database', () => {
  let second: ServerProcess | undefined;
  afterEach(async () => {
    if (second && second.child.exitCode === null && second.child.signalCode === null) {
      second.child.kill('SIGKILL');
      await second.exited;
    }
  });

  it('wake each other’s streams; killing one loses nothing, the other takes its tablets', async () => {
    const env = { LARDER_DATABASE_URL: await freshDatabase() };
    const one = await start(env);
    second = await startServer({ LARDER_DATA_DIR: dir, LARDER_ADMIN_TOKEN: ADMIN, ...env });
    const two = second;
    const { kitchenId, token } = await setUp(one.url);
    const stream = await fetch(`${two.url}/api/v1/kitchens/${kitchenId}/stream`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    await reader.read(); // ": connected"
    const events = generateEvents(6);
    const push = (url: string, batch: typeof events) =>
      fetch(`${url}/api/v1/kitchens/${kitchenId}/events`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ events: batch }),
      });
    expect((await push(one.url, events.slice(0, 3))).status).toBe(200);
    // The stream on process 2 re-reads the log by itself only every 15 s (its heartbeat):
    // the events must come well before, woken by process 1's notice.
    const deadline = Date.now() + 5000;
    while (!events.slice(0, 3).every((e) => received.includes(e.id))) {
      const timeLeft = deadline - Date.now();
      expect(timeLeft).toBeGreaterThan(0);
      const chunk = await Promise.race([
        reader.read(),
        new Promise<undefined>((resolve) => setTimeout(resolve, timeLeft)),
      ]);
      if (chunk?.value) received += decoder.decode(chunk.value, { stream: true });
    }
    await reader.cancel();

    one.child.kill('SIGKILL');
    expect(await one.exited).toBe('SIGKILL');
    expect((await push(two.url, events.slice(3))).status).toBe(200);
    const res = await fetch(`${two.url}/api/v1/kitchens/${kitchenId}/events`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const page = (await res.json()) as { events: { id: string; seq: number }[] };
    expect(page.events.map((e) => [e.id, e.seq])).toEqual(events.map((e, i) => [e.id, i + 1]));
  });
});

describe('the server process', () => {
  it('on SIGTERM ends open streams, closes the database and exits 0', async () => {
    const { url } = await start();
    const { kitchenId, token } = await setUp(url);
    const stream = await fetch(`${url}/api/v1/kitchens/${kitchenId}/stream`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    await reader.read(); // ": connected"
    server!.child.kill('SIGTERM');
    expect(await server!.exited).toBe(0);
    let done = false;
    while (!done) ({ done } = await reader.read().catch(() => ({ done: true, value: undefined })));
    expect(server!.output()).toContain('stopped');
  });

  it('on SIGTERM finishes a push in flight, answers it, and keeps its events', async () => {
    const { url } = await start();
    const { kitchenId, token } = await setUp(url);
    const body = JSON.stringify({ events: generateEvents(300) });
    const { hostname, port } = new URL(url);
    // Half the body is sent, then the signal, then the rest: the push is surely in flight.
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        {
          hostname,
          port,
          method: 'POST',
          path: `/api/v1/kitchens/${kitchenId}/events`,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
            Authorization: `Bearer ${token}`,
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 1000));
      setTimeout(() => {
        server!.child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(1000)), 300);
      }, 300);
    });
    const { status, text } = await answer;
    expect(status).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ accepted: 300, head: 300 });
    expect(await server!.exited).toBe(0);
    const { url: again } = await start();
    const res = await fetch(`${again}/api/v1/kitchens/${kitchenId}/events?after=0`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(((await res.json()) as { head: number }).head).toBe(300);
  });

  it('leaves a generated admin token in a file only its user reads, never in the log', async () => {
    const first = await startServer({ LARDER_DATA_DIR: dir });
    server = first;
    first.child.kill('SIGTERM');
    await first.exited;
    const file = join(dir, 'admin-token');
    // Its output is not a terminal (a service's journal): the token is in the file only.
    expect(first.output()).toContain(`It is in ${file} (readable by this user only)`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const token = readFileSync(file, 'utf8').trim();
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect(first.output()).not.toContain(token);
    const second = await startServer({ LARDER_DATA_DIR: dir });
    server = second;
    expect(second.output()).not.toContain(token);
    expect(second.output()).not.toContain('admin-token');
    const res = await fetch(`${second.url}/api/v1/kitchens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 'Works' }),
    });
    expect(res.status).toBe(201);
  });

  it('caps open connections per client address; a closed one makes room', async () => {
    server = await startServer({
      LARDER_DATA_DIR: dir,
      LARDER_ADMIN_TOKEN: ADMIN,
      LARDER_MAX_CONNECTIONS_PER_ADDRESS: '3',
    });
    const { port } = new URL(server.url);
    /** A raw connection from `localAddress`: 'open' while the server keeps it, else 'closed'. */
    const connect = (localAddress = '127.0.0.1') =>
      new Promise<{ socket: Socket; state: 'open' | 'closed' }>((resolve) => {
        const socket = createConnection({ host: '127.0.0.1', port: Number(port), localAddress });
        const timer = setTimeout(() => resolve({ socket, state: 'open' }), 300);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve({ socket, state: 'closed' });
        });
      });
    const held = [await connect(), await connect(), await connect()];
    expect(held.map((c) => c.state)).toEqual(['open', 'open', 'open']);
    expect((await connect()).state).toBe('closed');
    // Another address is not held up.
    const other = await connect('127.0.0.2');
    expect(other.state).toBe('open');
    held[0]!.socket.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const next = await connect();
    expect(next.state).toBe('open');
    for (const c of [...held, other, next]) c.socket.destroy();
  });

  it('makes a backup at start into LARDER_BACKUP_DIR, and logs it', async () => {
    const backups = join(dir, 'backups');
    server = await startServer({
      LARDER_DATA_DIR: dir,
      LARDER_ADMIN_TOKEN: ADMIN,
      LARDER_BACKUP_DIR: backups,
    });
    await setUpKitchen(server.url);
    for (let tries = 0; !server.output().includes('backup: ') && tries < 100; tries++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(server.output()).toMatch(/backup: .*larder-\d{8}-\d{6}\.db \(/);
    const [copy] = readdirSync(backups);
    expect(copy).toMatch(/^larder-\d{8}-\d{6}\.db$/);
    expect(verifyBackup(join(backups, copy!)).ok).toBe(true);
  });

  it('serves HTTPS with LARDER_TLS_CERT and LARDER_TLS_KEY', async () => {
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    server = await startServer({
      LARDER_DATA_DIR: dir,
      LARDER_ADMIN_TOKEN: ADMIN,
      LARDER_TLS_CERT: cert,
      LARDER_TLS_KEY: key,
    });
    expect(server.url).toMatch(/^https:/);
    const body = await new Promise<string>((resolve, reject) => {
      get(`${server!.url}/api/v1/health`, { rejectUnauthorized: false }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve(text));
      }).on('error', reject);
    });
    expect(JSON.parse(body)).toMatchObject({ ok: true });
  });

  it('refuses half a TLS configuration with a clear message and exit code 2', async () => {
    await expect(
      startServer({ LARDER_DATA_DIR: dir, LARDER_TLS_CERT: join(dir, 'cert.pem') }),
    ).rejects.toThrow(/exited \(2\)[\s\S]*LARDER_TLS_KEY/);
  });
});
