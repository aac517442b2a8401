/**
 * Month-end benchmarks, in headless Chromium on a tablet holding 250k events spread over five
 * school years (a busy kitchen's history):
 * - the month report: a month picked on the reports screen (one deep in the log, about 236k
 *   events before it) until its figures are drawn;
 * - time travel: the stock screen's past one year back from today until its stock is drawn.
 * Each is timed in the page, from the input's change to the frame after the screen changed,
 * 5 runs (two moments taken in turn, so each run computes afresh), and checked against the
 * domain's figures in Node.
 */
import type { Page } from 'playwright-core';
import { fold } from '../src/lib/domain/fold';
import { microToCurrency } from '../src/lib/domain/money';
import { stateAsOf, valueBreakdown } from '../src/lib/domain/period-report';
import { sortLog } from '../src/lib/domain/fold';
import { monthReport } from '../src/lib/ui-model/month-report';
import {
  expectedRows,
  joinKitchen,
  percentile,
  seed,
  startAppAndBrowser,
  waitForStock,
} from './client';
import { generateKitchenLog } from './generate-log';
import type { BenchResult } from './harness';

const EVENTS = 250_000;
/** Two school months deep in the log, taken in turn. */
const MONTHS = ['2026-03', '2026-04'];
/** One year back from today, and the day before, taken in turn (local date and time). */
const YEAR_BACK = (() => {
  const day = new Date();
  day.setFullYear(day.getFullYear() - 1);
  const local = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}T12:00`;
  const before = new Date(day);
  before.setDate(before.getDate() - 1);
  return [local(day), local(before)];
})();
const RUNS = 5;

/** Digits only: "$1,234.56" and 1234.56 compare alike, whatever the format. */
const digits = (text: string) => text.replace(/\D/g, '');
const cents = (n: number) => n.toFixed(2);

/**
 * Sets `input` (a selector) to `value` as a person does, and times in the page until
 * `changed` (a selector) changes, and the frame after that is drawn.
 */
function timeChange(page: Page, input: string, value: string, changed: string): Promise<number> {
  return page.evaluate(
    ({ input, value, changed }) =>
      new Promise<number>((resolve, reject) => {
        const field = document.querySelector(input) as HTMLInputElement;
        const target = document.querySelector(changed) as Element;
        const timer = setTimeout(() => reject(new Error(`${changed} did not change`)), 30_000);
        const observer = new MutationObserver(() => {
          observer.disconnect();
          clearTimeout(timer);
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
        });
        observer.observe(target, { subtree: true, childList: true, characterData: true });
        const start = performance.now();
        field.value = value;
        field.dispatchEvent(new Event('input', { bubbles: true }));
        field.dispatchEvent(new Event('change', { bubbles: true }));
      }),
    { input, value, changed },
  );
}

export async function run(log: (line: string) => void): Promise<BenchResult[]> {
  const { server, browser } = await startAppAndBrowser(log);
  const context = await browser.newContext();
  try {
    const kitchen = await server.createKitchen('Bench High');
    log(`seeding ${EVENTS} events over five school years`);
    const generated = generateKitchenLog({ events: EVENTS, schoolYears: 5, start: '2021-08-23' });
    await seed(server, kitchen.kitchenId, generated);
    const expected = expectedRows(generated.events);
    const state = fold(generated.events);
    const sorted = sortLog(generated.events);

    const page = await context.newPage();
    await page.goto(server.url);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await joinKitchen(page, server.url, kitchen);
    await waitForStock(page, expected, 300_000);
    log('caught up');

    await page.getByRole('link', { name: 'Month-end reports' }).click();
    const figure = '[data-testid="report-cost-of-food"]';
    await page.locator(figure).waitFor();
    const report: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const month = MONTHS[i % MONTHS.length] as string;
      report.push(await timeChange(page, 'input[type="month"]', month, 'main'));
      const [y, mo] = month.split('-').map(Number) as [number, number];
      const last = `${month}-${new Date(y, mo, 0).getDate()}`;
      const want = monthReport(state, `${month}-01`, last).costOfFood;
      const shown = (await page.locator(figure).textContent()) ?? '';
      if (digits(shown) !== digits(cents(want))) {
        throw new Error(`cost of food of ${month}: shown ${shown}, computed ${cents(want)}`);
      }
    }
    log(`month report ${report.map((t) => t.toFixed(0)).join(', ')} ms`);

    await page.goBack();
    await page.getByRole('link', { name: 'Stock on a past date' }).click();
    const asOf = '[data-testid="past-as-of"]';
    await page.locator(asOf).waitFor();
    const past: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const at = YEAR_BACK[i % YEAR_BACK.length] as string;
      past.push(await timeChange(page, 'input[type="datetime-local"]', at, 'main'));
      const value = microToCurrency(
        valueBreakdown(stateAsOf(sorted, new Date(at).getTime())).total,
      );
      const shown = (await page.locator(asOf).textContent()) ?? '';
      const worth = shown.slice(shown.lastIndexOf(' '));
      if (digits(worth) !== digits(cents(value))) {
        throw new Error(`stock as of ${at}: shown ${shown}, computed ${cents(value)}`);
      }
    }
    log(`time travel ${past.map((t) => t.toFixed(0)).join(', ')} ms`);

    return [
      {
        id: 'client.month-report.250k',
        label: 'Month report drawn, a month deep in a 250k-event log (5 school years), p95 of 5',
        value: percentile(report, 0.95),
        unit: 'ms',
        target: { op: '<=', value: 500 },
      },
      {
        id: 'client.time-travel.250k',
        label: 'Time travel: stock one year back drawn, 250k-event log, p95 of 5',
        value: percentile(past, 0.95),
        unit: 'ms',
        target: { op: '<=', value: 300 },
      },
    ];
  } finally {
    await context.close().catch(() => undefined);
    await browser.close();
    await server.close();
  }
}
