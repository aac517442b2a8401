/**
 * Ingest (issue 3): 4 simulated tablets push their own events of a generated school-year log
 * (200k events) in 500-event batches, concurrently, over real HTTP, to the server process
 * and its SQLite store; every batch is durable (WAL, synchronous=FULL) before its 200.
 * Baseline, same run: the same rows inserted directly with better-sqlite3, same statement,
 * same PRAGMAs, same 500-row transactions. Target: HTTP rate >= 0.5 x the raw rate.
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

export async function run(log: (line: string) => void): Promise<BenchResult[]> {
  log(`generating ${TOTAL.toLocaleString('en-US')} events of ${TABLETS} tablets`);
  const { events } = generateKitchenLog({ events: TOTAL, devices: TABLETS });
  const tablets = [...byDevice(events).entries()];

  const { server, stop } = await benchServer();
  let http: number;
  let seconds: number;
  try {
    const { kitchenId, joinCode } = await createKitchen(server.url, 'Ingest School');
    const tokens = await Promise.all(
      tablets.map(([device]) => pairDevice(server.url, kitchenId, joinCode, device)),
    );
    log(
      `pushing: ${tablets.map(([, list]) => list.length).join(' + ')} events, ${BATCH} per batch`,
    );
    const bodies = tablets.map(([, list]) => batchBodies(list, BATCH));
    const start = performance.now();
    const accepted = await Promise.all(
      bodies.map((batches, i) => pushAll(server.url, kitchenId, tokens[i]!, batches)),
    );
    seconds = (performance.now() - start) / 1000;
    const stored = accepted.reduce((a, b) => a + b, 0);
    if (stored !== TOTAL) throw new Error(`stored ${stored} of ${TOTAL} events`);
    http = TOTAL / seconds;
    log(`HTTP ingest: ${Math.round(http)} events/s (${seconds.toFixed(1)} s)`);
  } finally {
    // Stopped before the baseline runs: nothing the server does after the pushes (catching
    // up its read models, say) may slow the baseline down.
    await stop();
  }

  log('raw better-sqlite3 baseline');
  const raw = rawInsertRate(events);
  log(`raw inserts: ${Math.round(raw)} events/s`);
  return [
    {
      id: 'server.ingest.http',
      label: `Server ingest over HTTP (${TABLETS} tablets, ${BATCH}-event batches, 200k events)`,
      value: http,
      unit: 'events/s',
      detail: { seconds, events: TOTAL },
    },
    {
      id: 'server.ingest.raw',
      label: 'Raw better-sqlite3 inserts, same rows and transactions (baseline)',
      value: raw,
      unit: 'events/s',
    },
    {
      id: 'server.ingest.ratio',
      label: 'Server ingest / raw inserts',
      value: http / raw,
      unit: 'x',
      target: { op: '>=', value: 0.5 },
    },
  ];
}
