// The writer thread's entry when the server runs from its TypeScript sources (tests, `npm run
// dev` tooling): workers do not inherit the `--import tsx` of the main thread, so register tsx
// here, then run `writer-worker.ts`. The built server (`dist/`) has its own compiled
// `writer-thread.js` in this one's place (scripts/build-server.js).
import { register } from 'tsx/esm/api';

register();
await import('./writer-worker.ts');
