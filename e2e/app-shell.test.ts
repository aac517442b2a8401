import { expect, test } from '@playwright/test';

test.describe('app shell', () => {
  test('the home page loads and names the product', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto('/');
    // The home page is the stock list now; the product's name is in the title and header.
    await expect(page).toHaveTitle(/Larder/);
    await expect(page.getByRole('banner').getByRole('link', { name: 'Larder' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(errors).toEqual([]);
  });
});
