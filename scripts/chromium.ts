import { existsSync } from 'node:fs';

/**
 * Finds a Chromium for the browser tests and benchmarks: `CHROMIUM_PATH`, then Debian's
 * `/usr/bin/chromium`, then Playwright's own download (returned as `undefined`).
 * Throws with the fix spelled out when none is there, instead of a cryptic launch error.
 */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const override = env['CHROMIUM_PATH'];
  if (override) {
    if (!existsSync(override)) {
      throw new Error(`CHROMIUM_PATH is set to ${override}, but no file is there.`);
    }
    return override;
  }
  for (const candidate of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Flags that keep a headless Chromium quiet on a machine with a closed network. */
export const chromiumArgs = [
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-gpu',
  '--disable-quic',
  '--no-sandbox',
];

export const noChromiumHelp = [
  'No Chromium found for the browser tests.',
  'Install one of:',
  '  - Debian/Ubuntu: apt-get install -y chromium   (gives /usr/bin/chromium)',
  '  - any OS:        npx playwright install chromium',
  'or point CHROMIUM_PATH at a Chromium or Chrome binary.',
].join('\n');
