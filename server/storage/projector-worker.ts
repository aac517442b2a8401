/**
 * The projector thread of `WorkerSqliteStore`, with its own connection to the SQLite file:
 * it keeps the read models. Catching up folds the new events of a kitchen, and reloads a
 * whole log when the kitchen's was let go: tens to hundreds of milliseconds that, on the
 * main thread, every push and stream of every other kitchen would wait for (measured with
 * 20 busy kitchens: push p99 2.2 s on the main thread, 7-10 ms with this thread; the
 * figure is the district's push p99 < 100 ms).
 *
 * Requests are handled one at a time in arrival order, each answered when done.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteReadModels } from '../read-models/sqlite-read-models';
import { SqliteStore } from './sqlite-store';
import {
  PROJECTOR_NICE,
  type ProjectorAnswer,
  type ProjectorMessage,
  type ProjectorOptions,
  type ProjectorRequest,
} from './projector-protocol';

const port = parentPort;
if (!port) throw new Error('projector-worker.ts runs as a worker thread');
const options = workerData as ProjectorOptions;
const send = (message: ProjectorMessage) => port.postMessage(message);

/**
 * Lowers this thread's CPU priority: the read models can wait, pushes cannot. A catch-up
 * that starts during a burst of pushes (the burst paused longer than the quiet time, say
 * on a slow fsync) would otherwise take a core from the request thread on a small server
 * for as long as it folds. Linux keeps a nice value per thread, and a
 * thread finds its own id in /proc/thread-self; where either is missing the projector
 * keeps the process's priority.
 */
function yieldToPushes(): void {
  try {
    const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(threadId)) setPriority(threadId, PROJECTOR_NICE);
  } catch {
    // Not Linux, or not allowed: same priority as the rest, which is only slower.
  }
}

const store = new SqliteStore(options.file);
// The read models are a cache of the log, rebuilt from it after a crash, and their
// checkpoint is committed with their rows: they need atomic commits, not an fsync each.
store.db.pragma('synchronous = NORMAL');
const models = new SqliteReadModels(store, { log: (line) => send({ log: line }) });
yieldToPushes();

type Value = Extract<ProjectorAnswer, { ok: true }>['value'];

async function handle(request: ProjectorRequest): Promise<Value> {
  switch (request.op) {
    case 'notify':
      models.notify(request.kitchenId);
      return undefined;
    case 'catchUp':
      await models.catchUp(request.kitchenId);
      return undefined;
    case 'stock':
      return models.stock(request.kitchenId);
    case 'rebuild':
      await models.rebuild(request.kitchenId);
      return undefined;
    case 'ready':
      // Answered once the thread has loaded its code and opened its connection.
      return undefined;
    case 'close':
      models?.close();
      await store.close();
      return undefined;
    default: {
      const _exhaustive: never = request;
      throw new Error(`unknown request ${JSON.stringify(_exhaustive)}`);
    }
  }
}

port.on('message', (request: ProjectorRequest) => {
  // The work is synchronous: `handle` returns settled promises, so answers keep request order.
  handle(request).then(
    (value) => {
      send({ id: request.id, ok: true, ...(value === undefined ? {} : { value }) });
      // Nothing comes after a close: the thread ends once the answer is sent.
      if (request.op === 'close') port.close();
    },
    (error: unknown) => {
      const { message, code } = error as { message?: string; code?: unknown };
      send({
        id: request.id,
        ok: false,
        message: message ?? String(error),
        ...(typeof code === 'string' ? { code } : {}),
      });
    },
  );
});
