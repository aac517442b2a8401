import type { BenchResult } from './harness';

/** A suite reports progress through `log` and returns its figures. */
export type Suite = { run: (log: (line: string) => void) => Promise<BenchResult[]> };

/** Every benchmark suite, by name: `npm run bench -- <name>` runs one. */
export const SUITES: Record<string, () => Promise<Suite>> = {
  fold: () => import('./fold'),
  'server-ingest': () => import('./server-ingest'),
  'server-pull': () => import('./server-pull'),
  'server-memory': () => import('./server-memory'),
  'server-district': () => import('./server-district'),
  'server-catchup': () => import('./server-catchup'),
  client: () => import('./client'),
  'client-reports': () => import('./client-reports'),
};
