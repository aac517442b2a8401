/**
 * `npm run bench [suite...]`: runs each benchmark suite in its own Node process (so that one
 * suite's memory does not weigh on the next one's figures), prints its results, writes them
 * to bench/results/, and refreshes the table in the README.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { publishTable } from './harness';
import { SUITES } from './suites';

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((name) => !(name in SUITES));
if (unknown.length) {
  console.error(
    `Unknown benchmark suite: ${unknown.join(', ')}. Known: ${Object.keys(SUITES).join(', ')}`,
  );
  process.exit(2);
}

// The figures are of the production build: built now, so that they are of this code.
console.log('building the app and the server (npm run build)');
const build = spawnSync('npm', ['run', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) {
  console.error('The build failed: no benchmark was run.');
  process.exit(1);
}

let failed = false;
for (const suite of wanted.length ? wanted : Object.keys(SUITES)) {
  console.log(`\n== ${suite}`);
  const child = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--expose-gc',
      '--max-old-space-size=8192',
      join(import.meta.dirname, 'run-suite.ts'),
      suite,
    ],
    { stdio: 'inherit' },
  );
  if (child.status !== 0) {
    console.error(`Suite ${suite} failed (exit ${child.status ?? child.signal}).`);
    failed = true;
  }
}
console.log(`\n${await publishTable(join(import.meta.dirname, '..', 'README.md'))}`);
process.exit(failed ? 1 : 0);
