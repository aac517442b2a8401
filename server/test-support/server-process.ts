/**
 * The real server as a child process on a free port, for tests and benchmarks that need a
 * crash, a signal or real HTTP. From the sources (`node --import tsx server/main.ts`), or,
 * when `LARDER_TEST_SERVE_DIR` names an installed build (as `npm run test:served` makes:
 * the built files and runtime dependencies only) or the caller names a build (the
 * benchmarks), the production start there (`node dist/main.js`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
}

export interface StartOptions {
  nodeArgs?: string[];
  /** Where a build is (`dist/main.js` under it) to start instead of the sources. */
  built?: string | undefined;
  /**
   * A file for the server's output instead of a pipe to this process. For benchmarks: a
   * busy load generator reads a pipe late, and a server writing to a full pipe waits (Node
   * writes pipes synchronously), which a journal or a file never makes it do.
   */
  logFile?: string;
}

export function startServer(
  env: Record<string, string>,
  { nodeArgs = [], built = process.env['LARDER_TEST_SERVE_DIR'], logFile }: StartOptions = {},
): Promise<ServerProcess> {
  const entry = built ? ['dist/main.js'] : ['--import', 'tsx', 'server/main.ts'];
  const fd = logFile === undefined ? undefined : openSync(logFile, 'a');
  const child = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: built ?? root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', fd ?? 'pipe', fd ?? 'pipe'],
  });
  if (fd !== undefined) closeSync(fd);
  let piped = '';
  const output = () => (logFile === undefined ? piped : readFileSync(logFile, 'utf8'));
  const exited = new Promise<number | string>((resolveExit) => {
    child.on('exit', (code, signal) => resolveExit(code ?? signal ?? -1));
  });
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output()}`)), 30_000);
    const check = () => {
      const match = /listening on (https?):\/\/([^\s]+) /.exec(output());
      if (!match) return false;
      clearTimeout(timer);
      resolveStart({ child, url: `${match[1]}://${match[2]}`, output, exited });
      return true;
    };
    if (logFile === undefined) {
      const onData = (chunk: Buffer) => {
        piped += chunk.toString();
        check();
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
    } else {
      const poll = setInterval(() => {
        if (check()) clearInterval(poll);
      }, 50);
      void exited.then(() => clearInterval(poll));
    }
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${output()}`));
    });
  });
}
