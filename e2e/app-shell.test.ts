import { expect, test } from '@playwright/test';

test.describe('app shell', () => {
  test('the home page loads and names the product', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Larder');
    expect(errors).toEqual([]);
  });
});
