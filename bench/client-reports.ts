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
import { fold, sortLog } from '../src/lib/domain/fold';
import { microToCurrency } from '../src/lib/domain/money';
import { stateAsOf, valueBreakdown } from '../src/lib/domain/period-report';
import { localDateTime } from '../src/lib/ui-model/local-today';
import { monthOf, monthReport } from '../src/lib/ui-model/month-report';
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
/** One year back from today at noon, and the day before, taken in turn (local). */
const YEAR_BACK = [0, 1].map((back) => {
  const day = new Date();
  day.setFullYear(day.getFullYear() - 1, day.getMonth(), day.getDate() - back);
  day.setHours(12, 0, 0, 0);
  return localDateTime(day.getTime());
});
const RUNS = 5;

/** Digits only: "$1,234.56" and 1234.56 compare alike, whatever the format. */
const digits = (text: string) => text.replace(/\D/g, '');

/**
 * Sets `input` (a selector) to `value` as a person does, and times in the page until
 * the screen (`main`) changes, and the frame after that is drawn.
 */
function timeChange(page: Page, input: string, value: string): Promise<number> {
  return page.evaluate(
    ({ input, value }) =>
      new Promise<number>((resolve, reject) => {
        const field = document.querySelector(input) as HTMLInputElement;
        const target = document.querySelector('main') as Element;
        const timer = setTimeout(() => reject(new Error('the screen did not change')), 30_000);
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
    { input, value },
  );
}

/**
 * Each of `RUNS` runs sets `input` to the next of `values` and times it; then the figure in
 * `shown` must hold the digits of `expected(value)` (its text cut by `read`).
 */
async function timedRuns(
  page: Page,
  input: string,
  values: readonly string[],
  shown: string,
  expected: (value: string) => number,
  read: (text: string) => string = (text) => text,
): Promise<number[]> {
  await page.locator(shown).waitFor();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const value = values[i % values.length] as string;
    times.push(await timeChange(page, input, value));
    const text = (await page.locator(shown).textContent()) ?? '';
    const want = expected(value).toFixed(2);
    if (digits(read(text)) !== digits(want)) {
      throw new Error(`${value}: shown ${text}, computed ${want}`);
    }
  }
  return times;
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
    const report = await timedRuns(
      page,
      'input[type="month"]',
      MONTHS,
      '[data-testid="report-cost-of-food"]',
      (month) => {
        const { first, last } = monthOf(month);
        return monthReport(state, first, last).costOfFood;
      },
    );
    log(`month report ${report.map((t) => t.toFixed(0)).join(', ')} ms`);

    await page.goBack();
    await page.getByRole('link', { name: 'Stock on a past date' }).click();
    const past = await timedRuns(
      page,
      'input[type="datetime-local"]',
      YEAR_BACK,
      '[data-testid="past-as-of"]',
      (at) => microToCurrency(valueBreakdown(stateAsOf(sorted, new Date(at).getTime())).total),
      // "As of ...: stock worth $1,234.56": the value is the last word.
      (text) => text.slice(text.lastIndexOf(' ')),
    );
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
