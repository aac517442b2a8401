/**
 * `npm run test:served`: the production start, tested. Copies the build (`dist/`, `build/`)
 * with package.json, the lockfile and node_modules into a temporary folder, prunes the dev
 * dependencies there (`npm prune --omit=dev`: no download, and the project's own
 * node_modules keeps its dev tools), checks that `npm run serve` and `npm run larder` start
 * there, then runs the protocol and server-process tests against `dist/main.js` in it.
 * Builds nothing: run `npm run build` first (`npm test` has, for the browser tests).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

for (const built of ['dist/main.js', 'dist/cli.js', 'dist/writer-thread.js', 'build/index.html']) {
  if (!existsSync(join(root, built))) {
    console.error(`test:served: ${built} is missing: run \`npm run build\` first`);
    process.exit(2);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'larder-served-'));
let status = 1;
try {
  console.log(`test:served: installing the build with runtime dependencies only in ${dir}`);
  for (const part of ['package.json', 'package-lock.json', 'dist', 'build', 'node_modules']) {
    cpSync(join(root, part), join(dir, part), { recursive: true, verbatimSymlinks: true });
  }
  execFileSync(npm, ['prune', '--omit=dev', '--no-audit', '--no-fund'], {
    cwd: dir,
    stdio: 'inherit',
  });
  const devOnly = ['tsx', 'vite', '@sveltejs/kit', 'svelte', 'esbuild', 'vitest'].filter((name) =>
    existsSync(join(dir, 'node_modules', name)),
  );
  if (devOnly.length > 0) throw new Error(`still installed after pruning: ${devOnly.join(', ')}`);

  const data = join(dir, 'data');
  const larder = spawnSync(npm, ['run', '--silent', 'larder', '--', 'kitchen', 'list'], {
    cwd: dir,
    env: { ...process.env, LARDER_DATA_DIR: data },
    encoding: 'utf8',
  });
  if (larder.status !== 0) throw new Error(`npm run larder failed:\n${larder.stderr}`);
  console.log(`test:served: npm run larder -- kitchen list: ${larder.stdout.trim()}`);
  await serveOnce(dir, data);

  const tests = spawnSync(
    'npx',
    [
      'vitest',
      'run',
      '--project',
      'server',
      'server/served-protocol.test.ts',
      'server/server-process.test.ts',
    ],
    { cwd: root, env: { ...process.env, LARDER_TEST_SERVE_DIR: dir }, stdio: 'inherit' },
  );
  status = tests.status ?? 1;
} catch (error) {
  console.error(`test:served: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);

/**
 * `npm run serve` starts, answers health, and stops cleanly on SIGTERM. The signal goes to
 * the process group, as a terminal's Ctrl-C or systemd's stop would: npm alone does not wait
 * for the server it started.
 */
async function serveOnce(cwd, data) {
  const child = spawn(npm, ['run', '--silent', 'serve'], {
    cwd,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LARDER_DATA_DIR: data,
      LARDER_ADMIN_TOKEN: 'served-smoke-admin-token',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  // 'close', not 'exit': it comes once the process has ended and its output is closed. Waiting
  // for 'exit' and then for stdout's 'close' left the await unsettled (Node's exit 13) when
  // stdout had closed first.
  const exited = new Promise((resolve) =>
    child.on('close', (code, signal) => resolve(code ?? signal)),
  );
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm run serve did not start:\n${output}`)),
      30_000,
    );
    const onData = (chunk) => {
      output += chunk.toString();
      const match = /listening on (https?):\/\/(\S+) /.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`${match[1]}://${match[2]}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`npm run serve exited (${code}):\n${output}`)));
  });
  const health = await fetch(`${url}/api/v1/health`);
  if (health.status !== 200) throw new Error(`health answered ${health.status}`);
  process.kill(-child.pid, 'SIGTERM');
  await exited;
  if (!output.includes('stopped')) {
    throw new Error(`npm run serve did not stop cleanly on SIGTERM:\n${output}`);
  }
  console.log(`test:served: npm run serve started at ${url}, answered health, stopped`);
}
