/**
 * A throwaway PostgreSQL cluster for tests: `initdb` and `pg_ctl` from the machine's
 * PostgreSQL (Debian's `postgresql` package: `.ci/run` installs it) in a temp folder, on a
 * free loopback port, run as a non-root user (PostgreSQL refuses to run as root), removed
 * after. No mock of the database anywhere.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Cluster {
  /** postgres://... of the cluster's `postgres` database, as its superuser. */
  url: string;
  stop(): void;
}

/** The folder of `initdb` and `pg_ctl`: on the PATH, or Debian's newest version. */
export function postgresBinDir(): string {
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join(root, versions[0], 'bin');
  throw new Error(
    'PostgreSQL server programs (initdb, pg_ctl) not found: install PostgreSQL ' +
      "(Debian: apt-get install postgresql; .ci/run does) to run the store's tests",
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Root runs the cluster as `nobody`; anyone else as themselves. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/**
 * `durable`: commits are fsynced, as on a real server (for benchmarks); tests leave it off,
 * since the Larder process is what they kill, not the cluster.
 */
export async function startCluster({ durable = false } = {}): Promise<Cluster> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'larder-pg-'));
  const data = join(dir, 'data');
  const user = runAs();
  if (user) {
    chownSync(dir, user.uid, user.gid);
    chmodSync(dir, 0o700);
  }
  const run = (program: string, args: string[]) => {
    const result = spawnSync(join(bin, program), args, {
      ...(user ?? {}),
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: 'C.UTF-8', TZ: 'UTC' },
    });
    if (result.status !== 0) {
      throw new Error(`${program} failed: ${result.stderr || result.stdout || result.error}`);
    }
  };
  run('initdb', ['-D', data, '-U', 'larder', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = [
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`,
    ...(durable ? [] : ['-c fsync=off']),
  ].join(' ');
  run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  return {
    url: `postgres://larder@127.0.0.1:${port}/postgres`,
    stop: () => {
      spawnSync(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], {
        ...(user ?? {}),
        cwd: dir,
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
