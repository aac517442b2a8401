/**
 * Memory (issues 3 and 14): the resident memory of the server process (`npm start`'s
 * command) once it stores 1M events, and again at 2M, pushed over HTTP: kitchens (a
 * district) of 100k events each, one tablet per kitchen pushing 500-event batches, 4 at a
 * time. Measured after the read models have caught up (a stock read of every kitchen), so
 * what they hold is counted too. Flat means the second million costs no more memory.
 */
import type { BenchResult } from './harness';
import { benchServer, processMemory, schoolWithLog } from './server-support';

/** Kitchens per million events. */
const KITCHENS = 10;
const PER_KITCHEN = 100_000;
const CONCURRENCY = 4;
const QUIET_MS = 40_000;

export async function run(log: (line: string) => void): Promise<BenchResult[]> {
  const { server, stop } = await benchServer();
  try {
    const pid = server.child.pid!;
    const idle = processMemory(pid);
    log(`server started: ${idle.rssMiB.toFixed(0)} MiB resident`);
    /** Stores kitchens `from` to `to` - 1, 4 at a time, and returns the memory once quiet. */
    const store = async (from: number, to: number) => {
      const queue = Array.from({ length: to - from }, (_, k) => from + k);
      const worker = async () => {
        for (let k = queue.shift(); k !== undefined; k = queue.shift()) {
          const { kitchenId, token } = await schoolWithLog(server.url, k + 1, PER_KITCHEN);
          const res = await fetch(`${server.url}/api/v1/kitchens/${kitchenId}/stock`, {
            headers: { Authorization: `Bearer ${token}` },
          });
          if (res.status !== 200) throw new Error(`stock: ${res.status}`);
          log(`kitchen ${k + 1} stored, ${processMemory(pid).rssMiB.toFixed(0)} MiB resident`);
        }
      };
      const started = performance.now();
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      const seconds = (performance.now() - started) / 1000;
      // Right after the pushes, the heaps are as large as the ingest made them; V8 gives
      // that back once the process has been quiet for a while (its memory reducer: 20-25 s
      // here). The figure is of a quiet server holding the events: after 40 s.
      await new Promise((r) => setTimeout(r, 3000));
      const busy = processMemory(pid);
      await new Promise((r) => setTimeout(r, QUIET_MS - 3000));
      return { ...processMemory(pid), busyMiB: busy.rssMiB, seconds };
    };
    const one = await store(0, KITCHENS);
    log(
      `1M events stored in ${one.seconds.toFixed(0)} s; ${one.rssMiB.toFixed(0)} MiB resident once quiet, ${one.busyMiB.toFixed(0)} MiB 3 s after the pushes, peak ${one.peakMiB.toFixed(0)} MiB`,
    );
    const two = await store(KITCHENS, 2 * KITCHENS);
    log(
      `2M events stored; ${two.rssMiB.toFixed(0)} MiB resident once quiet, ${two.busyMiB.toFixed(0)} MiB 3 s after the pushes, peak ${two.peakMiB.toFixed(0)} MiB`,
    );
    return [
      {
        id: 'server.memory.1m',
        label:
          'Server resident memory with 1M stored events (10 kitchens of 100k, read models caught up, quiet 40 s)',
        value: one.rssMiB,
        unit: 'MiB',
        target: { op: '<=', value: 300 },
        detail: {
          afterPushesMiB: Math.round(one.busyMiB),
          peakMiB: Math.round(one.peakMiB),
          idleMiB: Math.round(idle.rssMiB),
          ingestSeconds: Math.round(one.seconds),
        },
      },
      {
        id: 'server.memory.2m',
        label:
          'Server resident memory with 2M stored events (20 kitchens of 100k, read models caught up, quiet 40 s)',
        value: two.rssMiB,
        unit: 'MiB',
        target: { op: '<=', value: 300 },
        detail: { afterPushesMiB: Math.round(two.busyMiB), peakMiB: Math.round(two.peakMiB) },
      },
    ];
  } catch (error) {
    log(`failed; the server said:\n${server.output().slice(-4000)}`);
    throw error;
  } finally {
    await stop();
  }
}
