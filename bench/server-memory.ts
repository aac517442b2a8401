/**
 * Memory (issue 3): the resident memory of the server process (`npm start`'s command) once
 * it stores 1M events, pushed over HTTP: 10 kitchens (a district) of 100k events each, one
 * tablet per kitchen pushing 500-event batches, 4 at a time. Measured after the read models
 * have caught up (a stock read of every kitchen), so their in-memory logs are counted too.
 */
import { generateEvents, uuid4 } from '../server/test-support/events';
import type { BenchResult } from './harness';
import {
  batchBodies,
  benchServer,
  createKitchen,
  pairDevice,
  processMemory,
  pushAll,
} from './server-support';

const KITCHENS = 10;
const PER_KITCHEN = 100_000;
const CONCURRENCY = 4;

export async function run(log: (line: string) => void): Promise<BenchResult[]> {
  const { server, stop } = await benchServer();
  try {
    const pid = server.child.pid!;
    const idle = processMemory(pid);
    log(`server started: ${idle.rssMiB.toFixed(0)} MiB resident`);
    const queue = Array.from({ length: KITCHENS }, (_, k) => k);
    const start = performance.now();
    const worker = async () => {
      for (let k = queue.shift(); k !== undefined; k = queue.shift()) {
        const device = uuid4(k + 1, 0xbe);
        // The cheap generator: a whole year per kitchen would take longer to make than to push.
        const events = generateEvents(PER_KITCHEN, {
          device,
          salt: k + 1,
          seed: k + 1,
          items: 200,
          locations: 6,
        });
        const { kitchenId, joinCode } = await createKitchen(server.url, `School ${k + 1}`);
        const token = await pairDevice(server.url, kitchenId, joinCode, device);
        await pushAll(server.url, kitchenId, token, batchBodies(events, 500));
        const res = await fetch(`${server.url}/api/v1/kitchens/${kitchenId}/stock`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        if (res.status !== 200) throw new Error(`stock: ${res.status}`);
        log(
          `kitchen ${k + 1}/${KITCHENS} stored, ${processMemory(pid).rssMiB.toFixed(0)} MiB resident`,
        );
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - start) / 1000;
    // Let the collector settle, as it would on a quiet server.
    await new Promise((r) => setTimeout(r, 3000));
    const after = processMemory(pid);
    log(
      `1M events stored in ${seconds.toFixed(0)} s; ${after.rssMiB.toFixed(0)} MiB resident, peak ${after.peakMiB.toFixed(0)} MiB`,
    );
    return [
      {
        id: 'server.memory.1m',
        label:
          'Server resident memory with 1M stored events (10 kitchens of 100k, read models caught up)',
        value: after.rssMiB,
        unit: 'MiB',
        detail: {
          peakMiB: Math.round(after.peakMiB),
          idleMiB: Math.round(idle.rssMiB),
          ingestSeconds: Math.round(seconds),
        },
      },
    ];
  } catch (error) {
    log(`failed; the server said:\n${server.output().slice(-4000)}`);
    throw error;
  } finally {
    await stop();
  }
}
