/**
 * Client benchmarks, in headless Chromium against the built server serving the built app
 * (`npm run build` first; both are built here when missing):
 * - catch-up: a freshly joined tablet downloads a 100k-event kitchen log and shows the
 *   correct stock (checked against the domain's fold in Node);
 * - cold start offline with those 100k events until the stock list is visible;
 * - record latency with 100k events: one tap on the Use sheet's Record use (quantity typed)
 *   until the stock screen's list changes (the event is durable in IndexedDB before that);
 * - tablet to tablet, both online: recorded on one until shown on the other;
 * - app shell: JS + CSS of the first load of the stock screen (the home route), gzipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { fold } from '../src/lib/domain/fold';
import { stockByItem, stockOnHand } from '../src/lib/domain/stock-on-hand';
import { LarderServer } from '../e2e/support/server';
import { databaseFile } from '../server/config';
import { SqliteStore } from '../server/storage/sqlite-store';
import { chromiumArgs, chromiumPath } from '../scripts/chromium';
import { generateKitchenLog } from './generate-log';
import type { BenchResult } from './harness';

/** How the stock screen writes a quantity in the benchmark's browser (English). */
const ENGLISH = new Intl.NumberFormat('en', { maximumFractionDigits: 3 });

const EVENTS = Number(process.env['BENCH_CLIENT_EVENTS'] ?? 100_000);
const root = join(import.meta.dirname, '..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number;
}

/**
 * Puts the generated log into the kitchen straight through the server's store (with the
 * server stopped): pushing 100k events over HTTP is the server's benchmark, not this one.
 */
export async function seed(
  server: LarderServer,
  kitchenId: string,
  log = generateKitchenLog({ events: EVENTS }),
) {
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

/** The stock screen's list (grouped by location), once it shows the whole log. */
const stockList = (page: Page) => page.locator('[data-live]');

/**
 * Every row of the stock screen grouped by location as "item|location|qty unit", sorted.
 * The screen renders every row (it is not virtualised), so this is the whole list.
 */
async function stockText(page: Page): Promise<string[]> {
  const rows = await stockList(page)
    .locator('section')
    .evaluateAll((sections) =>
      sections.flatMap((section) =>
        [...section.querySelectorAll('li a')].map((a) =>
          [
            a.querySelector('.name')?.textContent?.trim(),
            section.getAttribute('aria-label'),
            a.querySelector('.qty')?.textContent?.trim(),
          ].join('|'),
        ),
      ),
    );
  return rows.sort();
}

/** The same rows from the domain: stockOnHand's rows, and items in stock nowhere. */
export function expectedRows(events: Parameters<typeof fold>[0]): string[] {
  const state = fold(events);
  const stocked = stockOnHand(state).map(
    (r) => `${r.itemName}|${r.locationName}|${ENGLISH.format(r.qty)} ${r.unit}`,
  );
  const nowhere = stockByItem(state)
    .filter((i) => !i.locations.length)
    .map((i) => `${i.name}|Not in stock|0 ${i.unit}`);
  return [...stocked, ...nowhere].sort();
}

/**
 * A fresh tablet: the welcome (on this tablet only), the stock list grouped by location,
 * then Settings to join the kitchen. Returns when Join was tapped, back on the stock screen.
 */
export async function joinKitchen(
  page: Page,
  url: string,
  kitchen: { kitchenId: string; joinCode: string },
) {
  await page.goto(url);
  await page.getByLabel('Your name or initials').fill('BN');
  await page.getByRole('button', { name: 'Use on this tablet only' }).click();
  await page.getByRole('button', { name: 'By location' }).click();
  await page.getByRole('button', { name: 'By location', pressed: true }).waitFor();
  const main = page.getByRole('navigation', { name: 'Screens' });
  await main.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Kitchen id').fill(kitchen.kitchenId);
  await page.getByLabel('Join code').fill(kitchen.joinCode);
  const start = Date.now();
  await page.getByRole('button', { name: 'Join kitchen' }).click();
  await main.getByRole('link', { name: 'Stock' }).click();
  return start;
}

export async function waitForStock(
  page: Page,
  expected: string[],
  timeoutMs: number,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const live = await stockList(page)
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
  // A tablet past its welcome: the first load is the stock screen itself.
  await context.addInitScript(() => localStorage.setItem('larder.ui.welcomed', 'true'));
  const page = await context.newPage();
  const bodies: Promise<Buffer>[] = [];
  page.on('response', (response) => {
    const type = response.request().resourceType();
    if ((type === 'script' || type === 'stylesheet') && !response.request().serviceWorker()) {
      bodies.push(response.body());
    }
  });
  await page.goto(url);
  await page.getByRole('heading', { name: 'Stock', exact: true }).waitFor();
  await page.waitForLoadState('networkidle');
  const sizes = (await Promise.all(bodies)).map((b) => gzipSync(b).length);
  await context.close();
  return sizes.reduce((a, b) => a + b, 0) / 1024;
}

/**
 * Opens the Use sheet from the stock screen as a cook does (an item chosen, where it is
 * kept by default) and types 0.001 on the keypad: all that comes before the measured tap.
 */
async function prepareUse(page: Page): Promise<void> {
  await page
    .getByRole('region', { name: 'Record' })
    .getByRole('button', { name: 'Use', exact: true })
    .click();
  const sheet = page.getByRole('dialog', { name: 'Use stock' });
  const item = sheet.getByLabel('Item', { exact: true });
  if (!(await item.inputValue())) await item.selectOption({ index: 1 });
  for (const key of ['0', 'Decimal separator', '0', '0', '1']) {
    await sheet.getByRole('button', { name: key, exact: true }).click();
  }
  const qty = sheet.getByRole('textbox', { name: /^Quantity/ });
  for (let tries = 0; (await qty.inputValue()) !== '0.001'; tries++) {
    if (tries > 100) throw new Error('the keypad did not type 0.001');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Taps Record use; resolves with the page clock at the tap (ms since the epoch). */
function tapRecordUse(page: Page): Promise<number> {
  return page.evaluate(() => {
    const save = [...document.querySelectorAll('dialog[open] button[type="submit"]')].find(
      (b) => b.textContent?.trim() === 'Record use',
    ) as HTMLButtonElement;
    const t = performance.timeOrigin + performance.now();
    save.click();
    return t;
  });
}

type Watched = Window & { listChange?: Promise<number> };

/** Starts watching the stock list: the page clock (ms since the epoch) of its next change. */
async function watchList(page: Page): Promise<void> {
  await page.evaluate(() => {
    const list = document.querySelector('[data-live]')!;
    (window as Watched).listChange = new Promise<number>((resolve, reject) => {
      const observer = new MutationObserver(() => {
        observer.disconnect();
        clearTimeout(timer);
        resolve(performance.timeOrigin + performance.now());
      });
      const timer = setTimeout(() => {
        observer.disconnect();
        reject(new Error('the stock list did not change within 10 s'));
      }, 10_000);
      observer.observe(list, { subtree: true, childList: true, characterData: true });
    });
  });
}

/**
 * Per sample: a Use typed on `recorder`, then one tap on Record use until the stock list of
 * `watcher` changes (the same page for the record latency, another tablet for sync).
 */
async function useUntilShown(
  recorder: Page,
  watcher: Page,
  samples: number,
  pauseMs = 0,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    await prepareUse(recorder);
    await watchList(watcher);
    const start = await tapRecordUse(recorder);
    const seen = await watcher.evaluate(() => (window as Watched).listChange!);
    times.push(seen - start);
    await recorder.getByRole('dialog').waitFor({ state: 'detached' });
    await new Promise((r) => setTimeout(r, pauseMs));
  }
  return times;
}

/** The built app and server (built when missing), started, and a headless Chromium. */
export async function startAppAndBrowser(log: (line: string) => void) {
  if (
    !existsSync(join(root, 'build', 'index.html')) ||
    !existsSync(join(root, 'dist', 'main.js'))
  ) {
    log('building the app and the server');
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  }
  const server = new LarderServer(await freePort());
  await server.start();
  const executablePath = chromiumPath();
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: chromiumArgs,
  });
  return { server, browser };
}

export async function run(log: (line: string) => void): Promise<BenchResult[]> {
  const { server, browser } = await startAppAndBrowser(log);
  const contexts: BrowserContext[] = [];
  try {
    const kitchen = await server.createKitchen('Bench Elementary');
    log(`seeding ${EVENTS} events`);
    const generated = await seed(server, kitchen.kitchenId);
    const expected = expectedRows(generated.events);

    const shellKiB = await appShell(browser, server.url);
    log(`app shell ${shellKiB.toFixed(1)} KiB gzipped`);

    const a = await browser.newContext();
    contexts.push(a);
    const pageA = await a.newPage();
    await pageA.goto(server.url);
    await pageA.evaluate(() => navigator.serviceWorker.ready);
    const joinedAt = await joinKitchen(pageA, server.url, kitchen);
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
      await stockList(pageA).locator('li').first().waitFor();
      coldStart.push(Date.now() - start);
      await waitForStock(pageA, expected, 30_000);
    }
    log(`cold start ${coldStart.join(', ')} ms`);

    const record = await useUntilShown(pageA, pageA, 60);
    log(`last confirmation: ${await pageA.getByRole('status').last().textContent()}`);
    const recordWarm = record.slice(10);
    log(
      `record p50 ${percentile(recordWarm, 0.5).toFixed(1)} ms p95 ${percentile(recordWarm, 0.95).toFixed(1)} ms`,
    );

    await a.setOffline(false);
    const b = await browser.newContext();
    contexts.push(b);
    const pageB = await b.newPage();
    await joinKitchen(pageB, server.url, kitchen);
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
    const t2t = await useUntilShown(pageA, pageB, 20, 100);
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
        label: `Record latency p50: tap on Use's Record use to durable and on the stock screen, ${EVENTS / 1000}k events`,
        value: percentile(recordWarm, 0.5),
        unit: 'ms',
      },
      {
        id: 'client.record.p95',
        label: `Record latency p95: tap on Use's Record use to durable and on the stock screen, ${EVENTS / 1000}k events`,
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
        label: 'App shell: JS + CSS of the first load (stock screen), gzipped',
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
