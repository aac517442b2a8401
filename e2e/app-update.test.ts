import { expect, test } from '@playwright/test';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LarderServer } from './support/server';
import { openApp, waitForServiceWorker } from './support/tablet';

const PORT = Number(process.env['E2E_SYNC_PORT'] ?? 4460) + 3;

test.describe('app update', () => {
  test('a new version waits for the person to agree, then reloads into it', async ({ page }) => {
    const site = mkdtempSync(join(tmpdir(), 'larder-site-'));
    cpSync('build', site, { recursive: true });
    const server = new LarderServer(PORT, site);
    await server.start();
    try {
      await openApp(page, server.url);
      await waitForServiceWorker(page);
      // Someone is in the middle of an entry.
      await page.getByLabel('Search items').fill('Half-typed');

      // A new deployment: a different service worker script.
      appendFileSync(join(site, 'service-worker.js'), '\n// next version\n');
      await server.kill();
      await server.start();
      await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        await registration?.update();
      });

      const banner = page
        .getByRole('alert')
        .filter({ hasText: 'A new version of Larder is ready' });
      await expect(banner).toBeVisible({ timeout: 15_000 });
      await page.waitForTimeout(500);
      await expect(page.getByLabel('Search items')).toHaveValue('Half-typed');

      const reloaded = page.waitForEvent('load');
      await banner.getByRole('button', { name: 'Reload now' }).click();
      await reloaded;
      await expect(page.getByLabel('Search items')).toHaveValue('');
      await expect(banner).toBeHidden();
    } finally {
      await server.close();
      rmSync(site, { recursive: true, force: true });
    }
  });
});
