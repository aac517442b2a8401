// The projector thread's entry when the server runs from its TypeScript sources (tests):
// workers do not inherit the `--import tsx` of the main thread, so register tsx here, then
// run `projector-worker.ts`. The built server (`dist/`) has its own compiled
// `projector-thread.js` in this one's place (scripts/build-server.js).
import { register } from 'tsx/esm/api';

register();
await import('./projector-worker.ts');
