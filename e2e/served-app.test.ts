import { expect, test } from '@playwright/test';

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
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self' 'sha256-");
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.waitForFunction(async () => !!(await navigator.serviceWorker?.getRegistration()));
    expect(problems).toEqual([]);
    const health = await page.request.get('/api/v1/health');
    expect(await health.json()).toMatchObject({ ok: true });
  });
});
