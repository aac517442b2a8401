import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { appVersion } from '../scripts/app-version.js';

test.describe('served by the event-store server', () => {
  test('the app runs under the server’s CSP, registers its service worker, no errors', async ({
    page,
  }) => {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    const response = await page.goto('/');
    expect(response?.headers()['content-security-policy']).toContain(
      "script-src 'self' 'wasm-unsafe-eval' 'sha256-",
    );
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForFunction(async () => !!(await navigator.serviceWorker?.getRegistration()));
    expect(problems).toEqual([]);
    const health = await page.request.get('/api/v1/health');
    expect(await health.json()).toMatchObject({ ok: true });
  });

  test('serves the version made from the code (a hash of its inputs, not the build time)', async ({
    page,
  }) => {
    const version = appVersion('.');
    const built = JSON.parse(readFileSync('build/_app/version.json', 'utf8')) as unknown;
    expect(built).toEqual({ version });
    const served = await page.request.get('/_app/version.json');
    expect(await served.json()).toEqual({ version });
  });
});
