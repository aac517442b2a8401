/**
 * Builds the event-store server, its worker thread and the `larder` command to JavaScript in
 * `dist/`, so production runs plain Node with runtime dependencies only (`npm run serve`).
 *
 * esbuild, because the sources import each other without file extensions (and the server
 * imports `src/lib/domain`), which Node cannot run as they are: a bundle per entry resolves
 * them once, at build time. It is already what Vite and tsx run on. Packages stay imports
 * (`packages: 'external'`), loaded from node_modules at run time: better-sqlite3 is native.
 *
 * `dist/` sits at the same depth as `server/`, so paths the code finds from its own file
 * (`../package.json`, `../build`, `./writer-thread.js`) mean the same in both.
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist');

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    main: 'server/main.ts',
    cli: 'server/cli.ts',
    // `WorkerSqliteStore` starts `./writer-thread.js` next to itself: in the sources a
    // loader that runs the TypeScript, here the thread's own code.
    'writer-thread': 'server/storage/writer-worker.ts',
  },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
console.log('server built to dist/');
