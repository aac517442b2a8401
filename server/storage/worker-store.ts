/**
 * The SQLite store of the running server. Appends go to a writer thread that owns the
 * write connection; the read models are kept by a projector thread with its own
 * connection; reads and the registry use this thread's connection (WAL: readers never
 * wait for the writer, and see every commit it has answered). While the writer waits on a
 * batch's fsync, this thread reads and validates the next pushes; folding new events into
 * the read models costs neither of them.
 *
 * Same contract as `SqliteStore` (one immediate transaction per batch, durable before the
 * promise resolves, idempotent, gap-free seq: the writer runs the very same code). If a
 * thread dies, what it had not answered fails with `StorageUnavailableError` (a batch in
 * flight was committed whole or not at all, and only commits are acknowledged) and the
 * next request starts a new thread.
 *
 * Both threads are there for the district's push p99 (< 100 ms target), measured A/B with
 * the district benchmark (500 kitchens x 6 tablets, 3,000 streams, 500 pushes/s): with the
 * writer thread push p50 18 ms, p99 381-487 ms; with appends and their fsync on this thread
 * p50 302-1,012 ms, p99 2.3-3.2 s. And with 20 busy kitchens, read models caught up on this
 * thread instead of the projector: push p99 2.2 s against 7-10 ms.
 */
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { EventEnvelope } from '../../src/lib/domain/events';
import type { KitchenFigures, ReadModels, StockRow } from '../read-models/read-models';
import { toColumns, withEvents } from './sql-rows';
import { SqliteStore } from './sqlite-store';
import { StorageUnavailableError, type AppendOutcome, type AppendResult } from './store';
import type { WriterMessage, WriterOptions, WriterRequest } from './writer-protocol';

/** How long closing the store waits for the projector to finish what it is doing. */
const PROJECTOR_GRACE_MS = 2000;

type Request = WriterRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** One worker thread running `writer-worker.ts`, restarted on the next request if it died. */
class StoreThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly options: WriterOptions,
    private readonly log: (line: string) => void,
  ) {}

  /** The thread now, if one runs (tests end it to see a crash handled). */
  get current(): Worker | undefined {
    return this.worker;
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./writer-thread.js', import.meta.url), {
      workerData: this.options,
    });
    worker.on('message', (message: WriterMessage) => {
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
      this.log(`${this.options.role} thread failed: ${error.stack ?? String(error)}`);
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
      `The event store's ${this.options.role} stopped before answering`,
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
      worker.postMessage({ op: 'close', id: 0 } satisfies WriterRequest);
      const timer =
        graceMs === undefined ? undefined : setTimeout(() => void worker.terminate(), graceMs);
      await exited;
      clearTimeout(timer);
    })();
    return this.stopping;
  }
}

function threadError(message: string, code: string | undefined): Error {
  if (code === 'SQLITE_FULL') {
    return new StorageUnavailableError('full', 'The disk of the event store is full');
  }
  return Object.assign(new Error(message), code ? { code } : {});
}

export class WorkerSqliteStore extends SqliteStore {
  /** The read models, kept by the projector thread; a stock read catches them up first. */
  readonly readModels: ReadModels;
  private readonly writer: StoreThread;
  private readonly projector: StoreThread;
  private readonly projectorGraceMs: number;

  constructor(
    file: string,
    options: {
      maxPageCount?: number;
      log?: (line: string) => void;
      /** How long `close` waits for the projector to finish what it is doing. */
      projectorGraceMs?: number;
    } = {},
  ) {
    // This thread's connection creates and migrates the file before the threads open it.
    super(file);
    const log = options.log ?? (() => {});
    const shared = {
      file,
      ...(options.maxPageCount === undefined ? {} : { maxPageCount: options.maxPageCount }),
    };
    this.writer = new StoreThread({ ...shared, role: 'writer' }, log);
    this.projector = new StoreThread({ file, role: 'projector' }, log);
    this.readModels = new ProjectorReadModels((request) => this.projector.ask(request));
    this.projectorGraceMs = options.projectorGraceMs ?? PROJECTOR_GRACE_MS;
  }

  /**
   * Starts both threads and resolves once they have loaded their code and opened the file:
   * the server calls it before it listens, so no push pays for a thread starting (seconds
   * on a busy machine).
   */
  async ready(): Promise<void> {
    await Promise.all([this.writer.ask({ op: 'ready' }), this.projector.ask({ op: 'ready' })]);
  }

  /** The writer thread now, if one runs (tests end it to see a crash handled). */
  get writerThread(): Worker | undefined {
    return this.writer.current;
  }

  override async append(
    kitchenId: string,
    events: readonly EventEnvelope[],
  ): Promise<AppendResult> {
    const batch = toColumns(events);
    const outcome = await this.writer.ask<AppendOutcome>({ op: 'append', kitchenId, batch });
    return withEvents(events, outcome);
  }

  /** Answers what was asked before, stops both threads, then closes this connection. */
  override async close(): Promise<void> {
    // A catch-up of a big log may be under way: the read models can catch up next time.
    await Promise.all([this.writer.stop(), this.projector.stop(this.projectorGraceMs)]);
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

  district(month: string, dayStart: string): Promise<KitchenFigures[]> {
    return this.ask({ op: 'district', month, dayStart });
  }

  rebuild(kitchenId?: string): Promise<void> {
    return this.ask({ op: 'rebuild', ...(kitchenId === undefined ? {} : { kitchenId }) });
  }

  /** The projector stops its read models when the store closes. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
