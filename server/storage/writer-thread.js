// The writer thread's entry: workers do not inherit the `--import tsx` of the main thread,
// so register tsx here, then run the TypeScript worker (`writer-worker.ts`).
import { register } from 'tsx/esm/api';

register();
await import('./writer-worker.ts');
