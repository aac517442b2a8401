/**
 * The read models' catch-up of a kitchen whose state is not in memory (issue 14): the
 * server keeps the states of a few kitchens (`DEFAULT_MAX_LIVE`); any other one is folded
 * from the base of its fold stored with its rows (`KitchenFold.takeBase`, at most some 2k
 * events back) when next needed. Measured as a user sees it: the stock route (which
 * catches up first) answered for kitchens of a school year's log each (20k events), read
 * in turn so that none is in memory, against the same read of a kitchen that is. On
 * SQLite and on PostgreSQL (a throwaway cluster), one process each.
 *
 * What it shows: what a kitchen's catch-up costs when it is not in memory, as a district
 * of hundreds of kitchens catches up nearly every one that way. Before bases were stored
 * it was a fold of the whole log: 150-200 ms on SQLite, 300-450 ms on PostgreSQL here.
 */
import pg from 'pg';
import { startCluster } from '../server/test-support/postgres-cluster';
import type { BenchResult } from './harness';
import { benchServer, schoolWithLog } from './server-support';

/** More kitchens than the server keeps in memory (4), read in turn: every read misses. */
const KITCHENS = 6;
const PER_KITCHEN = 20_000;
const ROUNDS = 3;

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export async function run(log: (line: string) => void): Promise<BenchResult[]> {
  const results = await measure('', 'SQLite', {}, log);
  const cluster = await startCluster({ durable: true });
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE larder_bench_catchup');
    await admin.end();
    const url = new URL(cluster.url);
    url.pathname = '/larder_bench_catchup';
    const env = { LARDER_DATABASE_URL: url.toString() };
    results.push(...(await measure('pg.', 'PostgreSQL', env, log)));
  } finally {
    cluster.stop();
  }
  return results;
}

async function measure(
  key: string,
  store: string,
  env: Record<string, string>,
  log: (line: string) => void,
): Promise<BenchResult[]> {
  log(`== ${store}: ${KITCHENS} kitchens of ${PER_KITCHEN} events`);
  const { server, stop } = await benchServer(undefined, env);
  try {
    const kitchens: { kitchenId: string; token: string }[] = [];
    for (let k = 0; k < KITCHENS; k++) {
      kitchens.push(await schoolWithLog(server.url, k + 1, PER_KITCHEN));
    }
    const stock = async ({ kitchenId, token }: { kitchenId: string; token: string }) => {
      const started = performance.now();
      const res = await fetch(`${server.url}/api/v1/kitchens/${kitchenId}/stock`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (res.status !== 200) throw new Error(`stock: ${res.status}`);
      await res.arrayBuffer();
      return performance.now() - started;
    };
    for (const kitchen of kitchens) await stock(kitchen); // caught up after the pushes
    const cold: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const kitchen of kitchens) cold.push(await stock(kitchen));
    }
    const warm: number[] = [];
    for (let i = 0; i < 2 * KITCHENS; i++) warm.push(await stock(kitchens[0]!));
    log(
      `stock answered: not in memory median ${median(cold).toFixed(1)} ms, ` +
        `in memory median ${median(warm).toFixed(1)} ms`,
    );
    const what = `${PER_KITCHEN / 1000}k-event log, ${store}`;
    return [
      {
        id: `catchup.${key}cold`,
        label: `Stock answered for a kitchen whose state is not in memory (folded from its stored base, ${what}), median`,
        value: median(cold),
        unit: 'ms',
        detail: { reads: cold.length },
      },
      {
        id: `catchup.${key}warm`,
        label: `Stock answered for a kitchen whose state is in memory (${what}), median`,
        value: median(warm),
        unit: 'ms',
        detail: { reads: warm.length },
      },
    ];
  } finally {
    await stop();
  }
}
