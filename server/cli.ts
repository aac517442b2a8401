/**
 * Entry point of the `larder` command (`npx larder ...`, `npm run larder -- ...`). Like
 * `main.ts`, an edge: it reads argv and the environment and hands them to `runCli`.
 */
import { runCli } from './cli/run';

process.exitCode = await runCli(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  stdin: process.stdin,
});
