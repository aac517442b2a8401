/**
 * Fold benchmark: a generated school year of one kitchen at 100k and 1M events.
 * - full fold throughput (reported, no target): `fold(events)` over the log in arrival
 *   order (sorting included),
 *   the median of 5 timed folds after two untimed ones, each on a settled heap (`timeFold`);
 * - incremental append at 1M: `KitchenLog.add` of events that sort last, µs each;
 * - late-event refold at 1M: `KitchenLog.add` of an event that sorts in the middle;
 * - memory: heap held by a 1M-event KitchenLog, and the process's peak RSS.
 */
import { fold, KitchenLog, encodeHlc, decodeHlc, type EventEnvelope } from '../src/lib/domain';
import { generateKitchenLog, prng, uuidV7 } from './generate-log';
import type { BenchResult } from './harness';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const heapMiB = () => process.memoryUsage().heapUsed / 2 ** 20;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

/**
 * How long to leave the heap after the forced collection before a timed run. V8 sweeps the
 * collected heap on another thread afterwards, and a fold started at once shares the
 * machine's two cores and its memory bandwidth with that sweep: measured, the fold of 1M
 * took 700-950 ms right after `gc()` and 450-540 ms a second and a half later. Neither the
 * tablet nor the server folds right after a forced collection.
 */
const SETTLE_MS = 1_500;
const WARM_UP = 2;

/**
 * Median time of `runs` folds, after untimed ones that compile the code for this log and
 * flatten the generator's strings. Measured: the first timed fold after one warm-up still
 * took ~15 % longer than the next ones (functions called once per fold run in code compiled
 * mid-loop until V8 compiles them whole), so there are two.
 */
async function timeFold(events: EventEnvelope[], runs: number): Promise<number> {
  for (let i = 0; i < WARM_UP; i++) fold(events);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    await settle();
    const start = performance.now();
    const state = fold(events);
    times.push(performance.now() - start);
    if (state.items.size === 0) throw new Error('the fold lost the catalog');
  }
  return median(times);
}

/** `count` `stock.used` events stamped `offsetMs` after `at`, one ms apart. */
function usesAfter(
  at: string,
  count: number,
  template: EventEnvelope,
  seed: number,
): EventEnvelope[] {
  const random = prng(seed);
  const { wall } = decodeHlc(at);
  return Array.from({ length: count }, (_, i) => ({
    ...template,
    id: uuidV7(wall + 1 + i, random),
    type: 'stock.used',
    v: 1,
    hlc: encodeHlc({ wall: wall + 1 + i, counter: 0 }),
    actor: 'BENCH',
  }));
}

export async function run(log: (line: string) => void): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const size of [100_000, 1_000_000]) {
    log(`generating ${size.toLocaleString('en-US')} events`);
    const { events } = generateKitchenLog({ events: size });
    const ms = await timeFold(events, 5);
    log(`full fold of ${size}: ${ms.toFixed(0)} ms`);
    const label = size >= 1_000_000 ? '1M' : '100k';
    results.push({
      id: `fold.full.${label}`,
      label: `Full fold, ${label} events`,
      value: events.length / (ms / 1000),
      unit: 'events/s',
      detail: { ms },
    });
    if (size < 1_000_000) continue;

    gc();
    const heapBefore = heapMiB();
    const kitchen = new KitchenLog(events);
    gc();
    const heldMiB = heapMiB() - heapBefore;
    const last = kitchen.events.at(-1);
    const template = events.find((e) => e.type === 'stock.used');
    if (!last || !template) throw new Error('generated log has no uses');

    const appends = usesAfter(last.hlc, 20_000, template, 7);
    const perAppend: number[] = [];
    for (const event of appends) {
      const start = performance.now();
      kitchen.add(event);
      perAppend.push((performance.now() - start) * 1000);
    }
    const meanUs = perAppend.reduce((a, b) => a + b, 0) / perAppend.length;
    log(`append: mean ${meanUs.toFixed(2)} µs, p99 ${percentile(perAppend, 0.99).toFixed(2)} µs`);
    results.push({
      id: 'fold.append.1m',
      label: 'Incremental append at 1M events (mean)',
      value: meanUs,
      unit: 'µs/event',
      target: { op: '<=', value: 50 },
      detail: {
        p50: percentile(perAppend, 0.5),
        p99: percentile(perAppend, 0.99),
        appends: appends.length,
      },
    });

    // A tablet back from the freezer: one event stamped in the middle, and one near the end.
    for (const [where, share] of [
      ['middle', 0.5],
      ['last 1 %', 0.99],
    ] as const) {
      const anchor = kitchen.events[Math.floor(kitchen.size * share)];
      if (!anchor) throw new Error('empty log');
      const samples = usesAfter(anchor.hlc, 5, template, 11).map((e, i) => ({
        ...e,
        hlc: encodeHlc({
          wall: decodeHlc(anchor.hlc).wall,
          counter: decodeHlc(anchor.hlc).counter + 1 + i,
        }),
      }));
      const times = samples.map((event) => {
        const start = performance.now();
        kitchen.add(event);
        return performance.now() - start;
      });
      log(`late event (${where}): median ${median(times).toFixed(1)} ms`);
      results.push({
        id: `fold.late.${share}`,
        label: `Late event refold at 1M, sorts in the ${where}`,
        value: median(times),
        unit: 'ms',
        detail: { samples: times.length },
      });
    }
    results.push({
      id: 'fold.heap.1m',
      label: 'Heap a 1M-event KitchenLog adds to the events it holds',
      value: heldMiB,
      unit: 'MiB',
    });
  }
  results.push({
    id: 'fold.rss.peak',
    label: 'Peak RSS of the fold benchmark process',
    value: process.resourceUsage().maxRSS / 1024,
    unit: 'MiB',
  });
  return results;
}
