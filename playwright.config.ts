import { defineConfig, devices } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath, noChromiumHelp } from './scripts/chromium';

const executablePath = chromiumPath();
if (!executablePath && !existsSync(chromium.executablePath())) {
  console.error(noChromiumHelp);
  process.exit(1);
}

const port = Number(process.env['E2E_PORT'] ?? 4173);
// The real server (the event store serving the built app) over a fresh data folder, with an
// admin token the tests know. Set here so the test workers inherit them.
process.env['E2E_ADMIN_TOKEN'] ??= 'e2e-admin-token-not-secret';
process.env['E2E_DATA_DIR'] ??= mkdtempSync(join(tmpdir(), 'larder-e2e-'));

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.test.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env['CI'],
  reporter: process.env['CI'] ? 'line' : 'list',
  outputDir: 'test-results',
  use: {
    baseURL: `http://localhost:${port}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          ...(executablePath ? { executablePath } : {}),
          args: chromiumArgs,
        },
      },
    },
  ],
  // The built server, as production starts it (`npm run serve`); `npm run test:e2e` builds.
  webServer: {
    command: 'node dist/main.js',
    env: {
      PORT: String(port),
      LARDER_DATA_DIR: process.env['E2E_DATA_DIR'],
      LARDER_ADMIN_TOKEN: process.env['E2E_ADMIN_TOKEN'],
    },
    port,
    reuseExistingServer: !process.env['CI'],
    timeout: 60_000,
  },
});
