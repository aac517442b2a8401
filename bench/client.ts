/**
 * Client benchmarks (issue 4), in headless Chromium against the real server with the built
 * app (`npm run build` first; it is built here when missing):
 * - catch-up: a freshly joined tablet downloads a 100k-event kitchen log and shows the
 *   correct stock (checked against the domain's fold in Node);
 * - cold start offline with those 100k events until the stock list is visible;
 * - record latency with 100k events: tap to the event durable in IndexedDB and on screen;
 * - tablet to tablet, both online: recorded on one until shown on the other;
 * - app shell: JS + CSS of the first load, gzipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { fold } from '../src/lib/domain/fold';
import { stockOnHand } from '../src/lib/domain/stock-on-hand';
import { LarderServer } from '../e2e/support/server';
import { databaseFile } from '../server/config';
import { SqliteStore } from '../server/storage/sqlite-store';
import { chromiumArgs, chromiumPath } from '../scripts/chromium';
import { generateKitchenLog } from './generate-log';
import type { BenchResult } from './harness';

const EVENTS = Number(process.env['BENCH_CLIENT_EVENTS'] ?? 100_000);
const root = join(import.meta.dirname, '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number;
}

/**
 * Puts the generated log into the kitchen straight through the server's store (with the
 * server stopped): pushing 100k events over HTTP is the server's benchmark, not this one.
 */
async function seed(server: LarderServer, kitchenId: string) {
  const log = generateKitchenLog({ events: EVENTS });
  await server.kill();
  const store = new SqliteStore(databaseFile(server.dir));
  for (let i = 0; i < log.events.length; i += 5000) {
    const result = await store.append(kitchenId, log.events.slice(i, i + 5000));
    if (!result.ok) throw new Error('seeding the kitchen log failed');
  }
  await store.close();
  await server.start();
  return log;
}

const stockTable = (page: Page) => page.getByRole('table', { name: 'Stock on hand' });

async function stockText(page: Page): Promise<string[]> {
  return stockTable(page)
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim()).join('|')),
    );
}

async function joinKitchen(
  page: Page,
  url: string,
  kitchen: { kitchenId: string; joinCode: string },
) {
  await page.goto(`${url}/settings`);
  await page.getByLabel('Kitchen id').fill(kitchen.kitchenId);
  await page.getByLabel('Join code').fill(kitchen.joinCode);
  const start = Date.now();
  await page.getByRole('button', { name: 'Join kitchen' }).click();
  return start;
}

async function waitForStock(page: Page, expected: string[], timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const live = await stockTable(page)
      .getAttribute('data-live', { timeout: 100 })
      .catch(() => null);
    if (live === 'true') {
      const shown = await stockText(page);
      if (shown.length === expected.length && shown.every((row, i) => row === expected[i])) return;
    }
    if (Date.now() > end) throw new Error('the stock shown never matched the fold');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function appShell(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const bodies: Promise<Buffer>[] = [];
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if ((type === 'script' || type === 'stylesheet') && !response.request().serviceWorker()) {
      bodies.push(response.body());
    }
  });
  await page.goto(url);
  await page.getByRole('heading', { name: 'Stock on hand' }).waitFor();
  await page.waitForLoadState('networkidle');
  const sizes = (await Promise.all(bodies)).map((b) => gzipSync(b).length);
  await context.close();
  return sizes.reduce((a, b) => a + b, 0) / 1024;
}

async function recordLatency(page: Page, samples: number): Promise<number[]> {
  const form = page.getByRole('form', { name: 'Record stock' });
  await form.getByLabel('What happened').selectOption({ label: 'Used' });
  return page.evaluate(async (n) => {
    const times: number[] = [];
    let changedAt: number | undefined;
    // The first change inside the stock table after each tap: the entry is on screen.
    const observer = new MutationObserver((records) => {
      const table = document.querySelector('table[aria-label="Stock on hand"]');
      if (changedAt === undefined && records.some((r) => table?.contains(r.target))) {
        changedAt = performance.now();
      }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    for (let i = 0; i < n; i++) {
      const form = document.querySelector('form[aria-label="Record stock"]')!;
      const qty = form.querySelector('input')!;
      qty.value = '0.001';
      qty.dispatchEvent(new Event('input', { bubbles: true }));
      await new Promise((r) => setTimeout(r, 30));
      changedAt = undefined;
      const start = performance.now();
      (form.querySelector('button[type="submit"]') as HTMLButtonElement).click();
      while (changedAt === undefined && performance.now() - start < 2000) {
        await new Promise((r) => setTimeout(r, 1));
      }
      times.push((changedAt ?? performance.now()) - start);
    }
    observer.disconnect();
    return times;
  }, samples);
}

async function tabletToTablet(a: Page, b: Page, samples: number): Promise<number[]> {
  const form = a.getByRole('form', { name: 'Record stock' });
  await form.getByLabel('What happened').selectOption({ label: 'Used' });
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const seen = b.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const tbody = document.querySelector('table[aria-label="Stock on hand"] tbody')!;
          const observer = new MutationObserver(() => {
            observer.disconnect();
            resolve(performance.timeOrigin + performance.now());
          });
          observer.observe(tbody, { subtree: true, childList: true, characterData: true });
        }),
    );
    await form.getByLabel('Quantity').fill('0.001');
    const start = await a.evaluate(() => {
      const t = performance.timeOrigin + performance.now();
      (document.querySelector('form[aria-label="Record stock"] button') as HTMLElement).click();
      return t;
    });
    times.push((await seen) - start);
    await new Promise((r) => setTimeout(r, 100));
  }
  return times;
}

export async function run(log: (line: string) => void): Promise<BenchResult[]> {
  if (!existsSync(join(root, 'build', 'index.html'))) {
    log('building the app');
    execFileSync('npx', ['vite', 'build'], { cwd: root, stdio: 'ignore' });
  }
  const server = new LarderServer(await freePort());
  await server.start();
  const executablePath = chromiumPath();
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: chromiumArgs,
  });
  const contexts: BrowserContext[] = [];
  try {
    const kitchen = await server.createKitchen('Bench Elementary');
    log(`seeding ${EVENTS} events`);
    const generated = await seed(server, kitchen.kitchenId);
    const expected = stockOnHand(fold(generated.events)).map(
      (r) =>
        `${r.itemName}|${r.locationName}|${r.qty} ${r.unit}${r.negative ? ' (below zero)' : ''}`,
    );

    const shellKiB = await appShell(browser, server.url);
    log(`app shell ${shellKiB.toFixed(1)} KiB gzipped`);

    const a = await browser.newContext();
    contexts.push(a);
    const pageA = await a.newPage();
    await pageA.goto(server.url);
    await pageA.evaluate(() => navigator.serviceWorker.ready);
    const joinedAt = await joinKitchen(pageA, server.url, kitchen);
    await pageA.getByRole('link', { name: 'Stock' }).click();
    await waitForStock(pageA, expected, 120_000);
    const catchUpMs = Date.now() - joinedAt;
    log(`catch-up ${catchUpMs} ms`);

    // Let the persisted view settle, then start cold and offline.
    await pageA.waitForTimeout(1500);
    await a.setOffline(true);
    const coldStart: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = Date.now();
      await pageA.reload();
      await stockTable(pageA).locator('tbody tr').first().waitFor();
      coldStart.push(Date.now() - start);
      await waitForStock(pageA, expected, 30_000);
    }
    log(`cold start ${coldStart.join(', ')} ms`);

    const record = await recordLatency(pageA, 60);
    log(
      `form says: ${await pageA
        .getByRole('form', { name: 'Record stock' })
        .locator('p')
        .textContent()
        .catch(() => '(nothing)')}`,
    );
    const recordWarm = record.slice(10);
    log(
      `record p50 ${percentile(recordWarm, 0.5).toFixed(1)} ms p95 ${percentile(recordWarm, 0.95).toFixed(1)} ms`,
    );

    await a.setOffline(false);
    const b = await browser.newContext();
    contexts.push(b);
    const pageB = await b.newPage();
    await pageB.goto(server.url);
    await joinKitchen(pageB, server.url, kitchen);
    await pageB.getByRole('link', { name: 'Stock' }).click();
    await pageB.getByTestId('pending').waitFor();
    await pageA
      .getByTestId('pending')
      .and(pageA.locator('[data-count="0"]'))
      .waitFor({ timeout: 60_000 });
    // B is caught up once it shows what A shows.
    const end = Date.now() + 120_000;
    while (JSON.stringify(await stockText(pageB)) !== JSON.stringify(await stockText(pageA))) {
      if (Date.now() > end) throw new Error('tablet B never caught up');
      await new Promise((r) => setTimeout(r, 100));
    }
    await pageB.waitForTimeout(1000);
    const t2t = await tabletToTablet(pageA, pageB, 20);
    log(`tablet to tablet p50 ${percentile(t2t, 0.5).toFixed(0)} ms`);

    return [
      {
        id: 'client.catch-up.100k',
        label: `Catch-up: fresh tablet downloads ${EVENTS / 1000}k events, correct stock shown`,
        value: catchUpMs / 1000,
        unit: 's',
        target: { op: '<=', value: 5 },
      },
      {
        id: 'client.cold-start.100k',
        label: `Cold start offline with ${EVENTS / 1000}k events, stock list visible (median of 3)`,
        value: percentile(coldStart, 0.5) / 1000,
        unit: 's',
        target: { op: '<=', value: 1 },
      },
      {
        id: 'client.record.p50',
        label: `Record latency p50, tap to durable and on screen, ${EVENTS / 1000}k events`,
        value: percentile(recordWarm, 0.5),
        unit: 'ms',
      },
      {
        id: 'client.record.p95',
        label: `Record latency p95, tap to durable and on screen, ${EVENTS / 1000}k events`,
        value: percentile(recordWarm, 0.95),
        unit: 'ms',
        target: { op: '<=', value: 16 },
      },
      {
        id: 'client.tablet-to-tablet.p50',
        label: 'Tablet to tablet, both online, recorded until shown, p50',
        value: percentile(t2t, 0.5),
        unit: 'ms',
        target: { op: '<=', value: 250 },
      },
      {
        id: 'client.app-shell',
        label: 'App shell: JS + CSS of the first load, gzipped',
        value: shellKiB,
        unit: 'KiB',
        target: { op: '<=', value: 100 },
      },
    ];
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser.close();
    await server.close();
  }
}
