/**
 * The messages between `WorkerSqliteStore` (main thread) and its two threads, both running
 * `writer-worker.ts`: the writer (appends) and the projector (read models). Every request
 * carries an id; a thread answers each one once, in the order it received them.
 */
import type { KitchenFigures, StockRow } from '../read-models/read-models';
import type { AppendOutcome, EventColumns } from './store';

export type WriterRequest =
  | { id: number; op: 'append'; kitchenId: string; batch: EventColumns }
  | { id: number; op: 'notify'; kitchenId: string }
  | { id: number; op: 'catchUp'; kitchenId: string }
  | { id: number; op: 'stock'; kitchenId: string }
  | { id: number; op: 'district'; month: string; dayStart: string }
  | { id: number; op: 'rebuild'; kitchenId?: string }
  | { id: number; op: 'ready' }
  | { id: number; op: 'close' };

export type WriterAnswer =
  | { id: number; ok: true; value?: AppendOutcome | StockRow[] | KitchenFigures[] }
  | { id: number; ok: false; message: string; code?: string };

/** What a thread sends: answers, and lines for the server's log. */
export type WriterMessage = WriterAnswer | { log: string };

export interface WriterOptions {
  file: string;
  /** `writer` appends to the logs; `projector` keeps the read models. */
  role: 'writer' | 'projector';
  /** Largest database size in pages (`PRAGMA max_page_count`): tests use it to fill the disk. */
  maxPageCount?: number;
}

/** How much lower than the rest of the server the projector thread runs (`nice`, 0 to 19). */
export const PROJECTOR_NICE = 10;
