/**
 * A thread of `WorkerSqliteStore` with its own connection to the SQLite file, in one of two
 * roles. The writer appends batches: better-sqlite3 blocks its thread while a commit waits
 * on fsync, and here that blocks only this thread while the main thread goes on reading
 * and validating the next pushes. The projector keeps the read models: catching up folds
 * the new events (costly), which is kept off both the main thread and the writer.
 *
 * Requests are handled one at a time in arrival order, each answered when done: an append
 * is answered after its transaction committed (durable), so the route acknowledges only
 * stored events.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteReadModels } from '../read-models/sqlite-read-models';
import { SqliteStore } from './sqlite-store';
import {
  PROJECTOR_NICE,
  type WriterAnswer,
  type WriterMessage,
  type WriterOptions,
  type WriterRequest,
} from './writer-protocol';

const port = parentPort;
if (!port) throw new Error('writer-worker.ts runs as a worker thread');
const options = workerData as WriterOptions;
const send = (message: WriterMessage) => port.postMessage(message);

/**
 * Lowers this thread's CPU priority: the read models can wait, pushes cannot. A catch-up
 * that starts during a burst of pushes (the burst paused longer than the quiet time, say
 * on a slow fsync) would otherwise take a core from the writer and the request thread on
 * a small server for as long as it folds. Linux keeps a nice value per thread, and a
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
if (options.maxPageCount !== undefined) {
  store.db.pragma(`max_page_count = ${options.maxPageCount}`);
}
let models: SqliteReadModels | undefined;
if (options.role === 'projector') {
  // The read models are a cache of the log, rebuilt from it after a crash, and their
  // checkpoint is committed with their rows: they need atomic commits, not an fsync each.
  store.db.pragma('synchronous = NORMAL');
  models = new SqliteReadModels(store, { log: (line) => send({ log: line }) });
  yieldToPushes();
}

function readModels(): SqliteReadModels {
  if (!models) throw new Error('the writer thread keeps no read models');
  return models;
}

type Value = Extract<WriterAnswer, { ok: true }>['value'];

async function handle(request: WriterRequest): Promise<Value> {
  switch (request.op) {
    case 'append':
      return store.appendColumns(request.kitchenId, request.batch);
    case 'notify':
      readModels().notify(request.kitchenId);
      return undefined;
    case 'catchUp':
      await readModels().catchUp(request.kitchenId);
      return undefined;
    case 'stock':
      return readModels().stock(request.kitchenId);
    case 'district':
      return readModels().district(request.month, request.dayStart);
    case 'rebuild':
      await readModels().rebuild(request.kitchenId);
      return undefined;
    case 'ready':
      // Answered once the thread has loaded its code and opened its connection.
      return undefined;
    case 'close':
      await models?.close();
      await store.close();
      return undefined;
    default: {
      const _exhaustive: never = request;
      throw new Error(`unknown request ${JSON.stringify(_exhaustive)}`);
    }
  }
}

port.on('message', (request: WriterRequest) => {
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
