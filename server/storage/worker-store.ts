/**
 * The SQLite store of the running server: appends, reads and the registry on this thread's
 * connection (as `SqliteStore`), and the read models kept by a projector thread with its
 * own connection (WAL: it reads every commit without holding up a writer). Catching up the
 * read models is the server's one long piece of work; in the projector thread it holds up
 * no push or stream (see `projector-worker.ts` for the figures). If the thread dies, what it
 * had not answered fails with `StorageUnavailableError`, and the next request starts a new
 * one.
 *
 * Appends used to go to a writer thread too. Measured with 20 busy kitchens in one run,
 * appending on this thread gave push p99 6.9-7.2 ms against 7.1-9.8 ms through a writer
 * thread: no figure needs it.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { ReadModels, StockRow } from '../read-models/read-models';
import type { ProjectorMessage, ProjectorOptions, ProjectorRequest } from './projector-protocol';
import { SqliteStore } from './sqlite-store';
import { StorageUnavailableError } from './store';

/** How long closing the store waits for the projector to finish what it is doing. */
const PROJECTOR_GRACE_MS = 2000;

type Request = ProjectorRequest extends infer R
  ? R extends unknown
    ? Omit<R, 'id'>
    : never
  : never;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** The worker thread running `projector-worker.ts`, restarted on the next request if it died. */
class StoreThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly options: ProjectorOptions,
    private readonly log: (line: string) => void,
  ) {}

  /** The thread now, if one runs (tests end it to see a crash handled). */
  get current(): Worker | undefined {
    return this.worker;
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./projector-thread.js', import.meta.url), {
      workerData: this.options,
    });
    worker.on('message', (message: ProjectorMessage) => {
      if ('log' in message) {
        this.log(message.log);
        return;
      }
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.ok) pending?.resolve(message.value);
      else pending?.reject(threadError(message.message, message.code));
    });
    worker.on('error', (error) => {
      this.log(`projector thread failed: ${error.stack ?? String(error)}`);
      this.lost(worker);
    });
    worker.on('exit', () => this.lost(worker));
    return worker;
  }

  /** The thread is gone: what it had not answered will not be answered. */
  private lost(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const error = new StorageUnavailableError(
      'stopped',
      'The read models stopped before answering',
    );
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }

  ask<T>(request: Request): Promise<T> {
    if (this.stopping) return Promise.reject(new Error('The store is closed'));
    const worker = (this.worker ??= this.spawn());
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...request, id });
    });
  }

  /**
   * Lets the thread answer what it was asked, close its connection and end; after
   * `graceMs` (if given) it is ended where it is, which only a thread whose transactions
   * may be lost (the projector's) can afford.
   */
  stop(graceMs?: number): Promise<void> {
    this.stopping ??= (async () => {
      const worker = this.worker;
      if (!worker) return;
      const exited = once(worker, 'exit');
      worker.postMessage({ op: 'close', id: 0 } satisfies ProjectorRequest);
      const timer =
        graceMs === undefined ? undefined : setTimeout(() => void worker.terminate(), graceMs);
      await exited;
      clearTimeout(timer);
    })();
    return this.stopping;
  }
}

function threadError(message: string, code: string | undefined): Error {
  return Object.assign(new Error(message), code ? { code } : {});
}

export class WorkerSqliteStore extends SqliteStore {
  /** The read models, kept by the projector thread; a stock read catches them up first. */
  readonly readModels: ReadModels;
  private readonly projector: StoreThread;
  private readonly projectorGraceMs: number;

  constructor(
    file: string,
    options: {
      log?: (line: string) => void;
      /** How long `close` waits for the projector to finish what it is doing. */
      projectorGraceMs?: number;
    } = {},
  ) {
    // This thread's connection creates and migrates the file before the projector opens it.
    super(file);
    this.projector = new StoreThread({ file }, options.log ?? (() => {}));
    this.readModels = new ProjectorReadModels((request) => this.projector.ask(request));
    this.projectorGraceMs = options.projectorGraceMs ?? PROJECTOR_GRACE_MS;
  }

  /**
   * Starts the projector thread and resolves once it has loaded its code and opened the
   * file: the server calls it before it listens (a thread takes seconds to start on a busy
   * machine).
   */
  async ready(): Promise<void> {
    await this.projector.ask({ op: 'ready' });
  }

  /** The projector thread now, if one runs (tests end it to see a crash handled). */
  get projectorThread(): Worker | undefined {
    return this.projector.current;
  }

  /** Stops the projector (after `projectorGraceMs` at most), then closes this connection. */
  override async close(): Promise<void> {
    // A catch-up of a big log may be under way: the read models can catch up next time.
    await this.projector.stop(this.projectorGraceMs);
    await super.close();
  }
}

/** The read models of the projector thread, seen from this one. */
class ProjectorReadModels implements ReadModels {
  constructor(private readonly ask: <T>(request: Request) => Promise<T>) {}

  catchUp(kitchenId: string): Promise<void> {
    return this.ask({ op: 'catchUp', kitchenId });
  }

  /** The projector reads what the log gained itself: the events need not cross threads. */
  notify(kitchenId: string): void {
    this.ask({ op: 'notify', kitchenId }).catch(() => {});
  }

  stock(kitchenId: string): Promise<StockRow[]> {
    return this.ask({ op: 'stock', kitchenId });
  }

  rebuild(kitchenId?: string): Promise<void> {
    return this.ask({ op: 'rebuild', ...(kitchenId === undefined ? {} : { kitchenId }) });
  }

  /** The projector stops its read models when the store closes. */
  close(): void {}
}
