/**
 * Ingest (issue 3): 4 simulated tablets push their own events of a generated school-year log
 * (200k events) in 500-event batches, concurrently, over real HTTP, to the server process
 * and its SQLite store; every batch is durable (WAL, synchronous=FULL) before its 200.
 * Baseline, same run: the same rows inserted directly with better-sqlite3, same statement,
 * same PRAGMAs, same 500-row transactions. Target: HTTP rate >= 0.5 x the raw rate.
 *
 * The tablets share the server's cores here (real ones are machines of their own), so the
 * target is measured with tablets on `node:http`, which cost the server's cores about a
 * third of what `fetch` tablets do; the same run measures `fetch` tablets too and reports
 * both (see `pushAllNodeHttp`).
 */
import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventEnvelope } from '../src/lib/domain';
import { configure, migrate } from '../server/storage/sqlite-schema';
import { INSERT_EVENT_SQL } from '../server/storage/sqlite-store';
import { generateKitchenLog } from './generate-log';
import type { BenchResult } from './harness';
import {
  batchBodies,
  benchServer,
  byDevice,
  createKitchen,
  pairDevice,
  pushAll,
  pushAllNodeHttp,
} from './server-support';

const TOTAL = 200_000;
const BATCH = 500;
const TABLETS = 4;

/** Events per second of plain better-sqlite3 inserts of the rows the server would write. */
export function rawInsertRate(events: readonly EventEnvelope[], batch = BATCH): number {
  const dir = mkdtempSync(join(tmpdir(), 'larder-raw-'));
  try {
    const db = new BetterSqlite3(join(dir, 'raw.db'));
    configure(db);
    migrate(db);
    const rows = events.map((e, i) => [
      'bench',
      i + 1,
      e.id,
      e.type,
      e.v,
      e.hlc,
      e.device,
      e.actor,
      JSON.stringify(e),
    ]);
    const insert = db.prepare(INSERT_EVENT_SQL);
    const tx = db.transaction((slice: unknown[][]) => {
      for (const row of slice) insert.run(...row);
    });
    const start = performance.now();
    for (let i = 0; i < rows.length; i += batch) tx.immediate(rows.slice(i, i + batch));
    const seconds = (performance.now() - start) / 1000;
    db.close();
    return rows.length / seconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Pushed {
  rate: number;
  seconds: number;
  /** CPU seconds the tablets (this process) used while pushing. */
  tabletCpu: number;
}

type Push = (url: string, kitchenId: string, token: string, tablet: number) => Promise<number>;

/** All tablets push all their batches at once to a fresh server; the rate of the whole. */
async function pushToFreshServer(devices: readonly string[], push: Push): Promise<Pushed> {
  const { server, stop } = await benchServer();
  try {
    const { kitchenId, joinCode } = await createKitchen(server.url, 'Ingest School');
    const tokens = await Promise.all(
      devices.map((device) => pairDevice(server.url, kitchenId, joinCode, device)),
    );
    const cpu = process.cpuUsage();
    const start = performance.now();
    const accepted = await Promise.all(
      tokens.map((token, i) => push(server.url, kitchenId, token, i)),
    );
    const seconds = (performance.now() - start) / 1000;
    const { user, system } = process.cpuUsage(cpu);
    const stored = accepted.reduce((a, b) => a + b, 0);
    if (stored !== TOTAL) throw new Error(`stored ${stored} of ${TOTAL} events`);
    return { rate: TOTAL / seconds, seconds, tabletCpu: (user + system) / 1e6 };
  } finally {
    // Stopped before anything else runs: nothing the server does after the pushes
    // (catching up its read models, say) may slow the next measurement down.
    await stop();
  }
}

export async function run(log: (line: string) => void): Promise<BenchResult[]> {
  log(`generating ${TOTAL.toLocaleString('en-US')} events of ${TABLETS} tablets`);
  const { events } = generateKitchenLog({ events: TOTAL, devices: TABLETS });
  const tablets = [...byDevice(events).entries()];
  const devices = tablets.map(([device]) => device);
  log(`pushing: ${tablets.map(([, list]) => list.length).join(' + ')} events, ${BATCH} per batch`);
  const bodies = tablets.map(([, list]) => batchBodies(list, BATCH));
  const bytes = bodies.map((list) => list.map((body) => Buffer.from(body)));
  const report = (name: string, p: Pushed) =>
    log(
      `HTTP ingest, ${name} tablets: ${Math.round(p.rate)} events/s (${p.seconds.toFixed(2)} s, tablets' CPU ${p.tabletCpu.toFixed(2)} s)`,
    );

  const viaFetch = await pushToFreshServer(devices, (url, kitchenId, token, i) =>
    pushAll(url, kitchenId, token, bodies[i]!),
  );
  report('fetch', viaFetch);
  const viaNodeHttp = await pushToFreshServer(devices, (url, kitchenId, token, i) =>
    pushAllNodeHttp(url, kitchenId, token, bytes[i]!),
  );
  report('node:http', viaNodeHttp);

  log('raw better-sqlite3 baseline');
  const raw = rawInsertRate(events);
  log(`raw inserts: ${Math.round(raw)} events/s`);
  const detail = (p: Pushed) => ({
    seconds: p.seconds,
    events: TOTAL,
    tabletCpuSeconds: p.tabletCpu,
  });
  return [
    {
      id: 'server.ingest.http',
      label: `Server ingest over HTTP (${TABLETS} tablets on node:http, ${BATCH}-event batches, 200k events)`,
      value: viaNodeHttp.rate,
      unit: 'events/s',
      detail: detail(viaNodeHttp),
    },
    {
      id: 'server.ingest.http.fetch',
      label:
        'Server ingest over HTTP, the same with tablets on fetch (more client CPU on the same cores)',
      value: viaFetch.rate,
      unit: 'events/s',
      detail: detail(viaFetch),
    },
    {
      id: 'server.ingest.raw',
      label: 'Raw better-sqlite3 inserts, same rows and transactions (baseline)',
      value: raw,
      unit: 'events/s',
    },
    {
      id: 'server.ingest.ratio',
      label: 'Server ingest / raw inserts (tablets on node:http)',
      value: viaNodeHttp.rate / raw,
      unit: 'x',
    },
    {
      id: 'server.ingest.ratio.fetch',
      label: 'Server ingest / raw inserts (tablets on fetch)',
      value: viaFetch.rate / raw,
      unit: 'x',
    },
  ];
}
