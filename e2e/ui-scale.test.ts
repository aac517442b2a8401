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

    // Landscape: the list starts in the top half of the screen, and any group is one pick away.
    const first = await page.locator('section.group li').first().boundingBox();
    expect(first!.y).toBeLessThan(LANDSCAPE.height / 2);
    await page.getByRole('combobox', { name: 'Go to' }).selectOption({ label: 'Group 9' });
    await expect(page.getByRole('heading', { name: 'Group 9' })).toBeInViewport();
    await expect(page.getByRole('heading', { name: 'Group 0' })).not.toBeInViewport();
    await page.evaluate(() => window.scrollTo(0, 0));

    // The item picker of a sheet, narrowed by typing, timed as the test sees it.
    await page.getByRole('button', { name: 'Use', exact: true }).click();
    const sheet = page.getByRole('dialog');
    const picker = sheet.getByRole('searchbox');
    const started = Date.now();
    await picker.fill('item 421');
    await expect(sheet.getByLabel('Item', { exact: true }).locator('option:checked')).toHaveText(
      'Item 421 (kg)',
    );
    const ms = Date.now() - started;
    test.info().annotations.push({ type: 'picker filter at 500 items', description: `${ms} ms` });
    console.log(`picker filter at 500 items: ${ms} ms`);
    await sheet.getByRole('button', { name: 'Close' }).click();

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
