/**
 * The messages between `WorkerSqliteStore` (main thread) and its projector thread
 * (`projector-worker.ts`, the read models). Every request carries an id; the thread answers
 * each one once, in the order it received them.
 */
import type { StockRow } from '../read-models/read-models';

export type ProjectorRequest =
  | { id: number; op: 'notify'; kitchenId: string }
  | { id: number; op: 'catchUp'; kitchenId: string }
  | { id: number; op: 'stock'; kitchenId: string }
  | { id: number; op: 'rebuild'; kitchenId?: string }
  | { id: number; op: 'ready' }
  | { id: number; op: 'close' };

export type ProjectorAnswer =
  | { id: number; ok: true; value?: StockRow[] }
  | { id: number; ok: false; message: string; code?: string };

/** What a thread sends: answers, and lines for the server's log. */
export type ProjectorMessage = ProjectorAnswer | { log: string };

export interface ProjectorOptions {
  file: string;
}

/** How much lower than the rest of the server the projector thread runs (`nice`, 0 to 19). */
export const PROJECTOR_NICE = 10;
