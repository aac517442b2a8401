/** Runs the `larder` command in process, as a terminal would: its exit code and its output. */
import { Readable } from 'node:stream';
import { runCli } from '../cli/run';

export async function larder(
  args: string[],
  stdin = '',
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, env, {
    out: (t) => (out += t),
    err: (t) => (err += t),
    stdin: Readable.from([stdin]),
  });
  return { code, out, err };
}
