/**
 * Pull (issue 3): a freshly paired device pages through a kitchen's 100k stored events over
 * real HTTP, as the sync engine does (limit 5000); also with the default page of 1000.
 * Target: >= 100k events/s.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseFile } from '../server/config';
import { SqliteStore } from '../server/storage/sqlite-store';
import { generateKitchenLog } from './generate-log';
import type { BenchResult } from './harness';
import { benchServer, createKitchen, pairDevice } from './server-support';

const TOTAL = 100_000;

async function pullAll(url: string, kitchenId: string, token: string, limit: number) {
  let after = 0;
  let count = 0;
  const start = performance.now();
  for (;;) {
    const res = await fetch(
      `${url}/api/v1/kitchens/${kitchenId}/events?after=${after}&limit=${limit}`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    );
    const page = (await res.json()) as { events: { seq: number }[]; more: boolean };
    count += page.events.length;
    after = page.events.at(-1)?.seq ?? after;
    if (!page.more) break;
  }
  return { count, rate: count / ((performance.now() - start) / 1000) };
}

export async function run(log: (line: string) => void): Promise<BenchResult[]> {
  log(`storing ${TOTAL.toLocaleString('en-US')} events`);
  const dir = mkdtempSync(join(tmpdir(), 'larder-bench-'));
  const { events } = generateKitchenLog({ events: TOTAL });
  // The kitchen is created over HTTP below; its log is written straight to the file first.
  const seedStore = new SqliteStore(databaseFile(dir));
  for (let i = 0; i < events.length; i += 1000)
    await seedStore.append('pull-school', events.slice(i, i + 1000));
  await seedStore.close();

  const { server, stop } = await benchServer(dir);
  try {
    const { joinCode } = await createKitchen(server.url, 'Pull School', 'pull-school');
    const token = await pairDevice(
      server.url,
      'pull-school',
      joinCode,
      '0190aaaa-0000-4000-8000-000000000001',
    );
    // A warm-up page, as a real first sync would follow pairing.
    await pullAll(server.url, 'pull-school', token, 5000);
    const big = await pullAll(server.url, 'pull-school', token, 5000);
    if (big.count !== TOTAL) throw new Error(`pulled ${big.count} of ${TOTAL}`);
    log(`limit 5000: ${Math.round(big.rate)} events/s`);
    const small = await pullAll(server.url, 'pull-school', token, 1000);
    log(`limit 1000: ${Math.round(small.rate)} events/s`);
    return [
      {
        id: 'server.pull.100k',
        label: 'Server pull, fresh device paging 100k events (limit 5000)',
        value: big.rate,
        unit: 'events/s',
        detail: { limit1000: Math.round(small.rate) },
      },
    ];
  } finally {
    await stop();
  }
}
