import { expect, test } from '@playwright/test';
import { goToStock, LANDSCAPE, screens, startAlone, stockRows, toast } from './support/ui';

test.use({ viewport: LANDSCAPE });

test.describe('a big catalog', () => {
  test('500 items pasted at once; the stock list filters them as you type', async ({ page }) => {
    test.setTimeout(120_000);
    await startAlone(page, 'BG');
    const lines = Array.from(
      { length: 500 },
      (_, i) => `Item ${String(i + 1).padStart(3, '0')}, kg, Group ${i % 12}, 5`,
    );
    await screens(page).getByRole('link', { name: 'Items and storage' }).click();
    await page.getByRole('button', { name: 'Add Dry storage' }).click();
    await toast(page, 'Added Dry storage.');
    await page.getByText('Add many items at once').click();
    await page.getByLabel('Items to add').fill(lines.join('\n'));
    await page.getByRole('button', { name: 'Add 500 items' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Added 500 items.' })).toBeVisible({
      timeout: 90_000,
    });
    await goToStock(page);
    await expect(page.getByText('500 of 500 items')).toBeVisible();

    const search = page.getByLabel('Search items');
    await search.pressSequentially('item 42', { delay: 0 });
    const expected = [
      '042',
      '142',
      '242',
      '342',
      '442',
      ...Array.from({ length: 10 }, (_, d) => `42${d}`),
    ]
      .map((n) => `Item ${n} 0 kg`)
      .sort();
    await expect.poll(async () => (await stockRows(page)).sort()).toEqual(expected);
  });
});
