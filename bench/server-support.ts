/**
 * What the server benchmarks share: the real server process as `npm start` runs it (`node
 * dist/main.js`, the build `npm run bench` makes first) on a free port over a fresh data
 * folder, a kitchen with paired tablets, pushes over real HTTP, and the memory of the process.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request, type RequestOptions } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventEnvelope } from '../src/lib/domain';
import { generateEvents, uuid4 } from '../server/test-support/events';
import { startServer, type ServerProcess } from '../server/test-support/server-process';

export const ADMIN = 'bench-admin-token-0123456789';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
let started = 0;

export interface BenchServer {
  server: ServerProcess;
  dir: string;
  stop: () => Promise<void>;
}

export async function benchServer(
  dir = mkdtempSync(join(tmpdir(), 'larder-bench-')),
  env: Record<string, string> = {},
): Promise<BenchServer> {
  const server = await startServer(
    {
      LARDER_DATA_DIR: dir,
      LARDER_ADMIN_TOKEN: ADMIN,
      // The load generator is every school at once, from one address.
      LARDER_MAX_CONNECTIONS_PER_ADDRESS: '100000',
      ...env,
    },
    // The production start (`node dist/main.js`, built by `npm run bench` first): from the
    // sources, tsx's loader alone costs a server ~90 MiB more (180 against 92 MiB idle).
    // Its log goes to a file, as to a journal: through a pipe to this busy process, the
    // server waited on the pipe (district push p50 7.7 ms against 2.0 ms without a log).
    { built: ROOT, logFile: join(dir, `server-${++started}.log`) },
  );
  return {
    server,
    dir,
    stop: async () => {
      server.child.kill('SIGTERM');
      await server.exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function post(url: string, body: unknown, token?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
}

export async function createKitchen(url: string, name: string, kitchenId?: string) {
  const res = await post(
    `${url}/api/v1/kitchens`,
    { name, ...(kitchenId ? { kitchenId } : {}) },
    ADMIN,
  );
  if (res.status !== 201) throw new Error(`create kitchen: ${res.status} ${await res.text()}`);
  return (await res.json()) as { kitchenId: string; joinCode: string };
}

export async function pairDevice(
  url: string,
  kitchenId: string,
  joinCode: string,
  deviceId: string,
) {
  const res = await post(`${url}/api/v1/kitchens/${kitchenId}/devices`, {
    joinCode,
    name: `Bench ${deviceId.slice(0, 8)}`,
    deviceId,
  });
  if (res.status !== 201) throw new Error(`pair: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/**
 * School `n`'s kitchen, with one tablet that has pushed a generated log of `count` events
 * (200 items, 6 places; the cheap generator: a whole year per kitchen would take longer to
 * make than to push), 500 at a time: the kitchen's id and the tablet's token.
 */
export async function schoolWithLog(
  url: string,
  n: number,
  count: number,
): Promise<{ kitchenId: string; token: string }> {
  const device = uuid4(n, 0xbe);
  const events = generateEvents(count, { device, salt: n, seed: n, items: 200, locations: 6 });
  const { kitchenId, joinCode } = await createKitchen(url, `School ${n}`);
  const token = await pairDevice(url, kitchenId, joinCode, device);
  await pushAll(url, kitchenId, token, batchBodies(events, 500));
  return { kitchenId, token };
}

/**
 * The request bodies of `events` in batches. Made before the clock starts: a real tablet
 * serialises its batches on its own CPU, not on the server's.
 */
export function batchBodies(events: readonly EventEnvelope[], batch: number): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < events.length; i += batch) {
    bodies.push(JSON.stringify({ events: events.slice(i, i + batch) }));
  }
  return bodies;
}

/** Pushes prepared batches one after the other, as one tablet does; returns how many were new. */
export async function pushAll(
  url: string,
  kitchenId: string,
  token: string,
  bodies: readonly string[],
): Promise<number> {
  let accepted = 0;
  for (const [i, body] of bodies.entries()) {
    const res = await fetch(`${url}/api/v1/kitchens/${kitchenId}/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body,
    });
    if (res.status !== 200) {
      throw new Error(
        `push of batch ${i} (${body.length} chars): ${res.status} ${await res.text()}`,
      );
    }
    accepted += ((await res.json()) as { accepted: number }).accepted;
  }
  return accepted;
}

/**
 * `pushAll` the way the ingest benchmark's tablets push: `node:http` on one kept-alive
 * connection per tablet, bodies encoded to bytes before the clock starts. Real tablets are
 * machines of their own; these run on the server's cores, so what they cost there is not
 * the server's work, and `fetch` (undici, through web streams) costs about three times the
 * CPU of `node:http` per 160 KB push. Still real HTTP/1.1 over TCP: one request at a time
 * per tablet, each answer read and parsed before the next push.
 */
export async function pushAllNodeHttp(
  url: string,
  kitchenId: string,
  token: string,
  bodies: readonly Buffer[],
): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(`${url}/api/v1/kitchens/${kitchenId}/events`);
  const post = (body: Buffer) => postNodeHttp(agent, target, token, body);
  try {
    let accepted = 0;
    for (const [i, body] of bodies.entries()) {
      const { status, text } = await post(body);
      if (status !== 200) {
        throw new Error(`push of batch ${i} (${body.length} bytes): ${status} ${text}`);
      }
      accepted += (JSON.parse(text) as { accepted: number }).accepted;
    }
    return accepted;
  } finally {
    agent.destroy();
  }
}

/** One push over `node:http` through `agent`: the answer's status and text. */
export function postNodeHttp(
  agent: Agent,
  target: URL | string,
  token: string,
  body: Buffer,
): Promise<{ status: number; text: string }> {
  const headers = {
    'Content-Type': 'application/json',
    'Content-Length': body.length,
    Authorization: `Bearer ${token}`,
  };
  return nodeHttp(agent, target, { method: 'POST', headers }, body);
}

/** A GET over `node:http` through `agent` (which keeps the connection open for later). */
export function getNodeHttp(
  agent: Agent,
  target: URL | string,
): Promise<{ status: number; text: string }> {
  return nodeHttp(agent, target, { method: 'GET' });
}

function nodeHttp(
  agent: Agent,
  target: URL | string,
  options: RequestOptions,
  body?: Buffer,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(target, { ...options, agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => (text += part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Events grouped by the device that recorded them, in their order. */
export function byDevice(events: readonly EventEnvelope[]): Map<string, EventEnvelope[]> {
  const groups = new Map<string, EventEnvelope[]>();
  for (const event of events) {
    let list = groups.get(event.device);
    if (!list) groups.set(event.device, (list = []));
    list.push(event);
  }
  return groups;
}

/** Resident and peak resident memory of a process, MiB (Linux /proc). */
export function processMemory(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}
