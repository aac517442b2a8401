#!/usr/bin/env node
// `npx larder <command>`: runs the built command (`dist/cli.js`, made by `npm run build`).
import { existsSync } from 'node:fs';

const cli = new URL('../../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('larder: the command is not built yet: run `npm run build` first\n');
  process.exit(2);
}
await import(cli.href);
