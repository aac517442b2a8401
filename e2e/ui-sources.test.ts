/** Where food came from: purchased, USDA Foods or a donation, per delivery line. */
import { expect, test, type Page } from '@playwright/test';
import { checkScreen, keypad, setUpKitchen, startAlone, toast } from './support/ui';

test.describe.configure({ timeout: 90_000 });

async function receive(page: Page, qty: string, cost: string, source?: string) {
  await page.getByRole('button', { name: 'Receive' }).click();
  const sheet = page.getByRole('dialog', { name: 'Receive a delivery' });
  await sheet.getByLabel('Item, line 1').selectOption({ label: 'Cheese (lb)' });
  await keypad(page, qty);
  await sheet.getByLabel('Location, line 1').selectOption({ label: 'Walk-in freezer' });
  await sheet.getByLabel('Price, line 1').fill(cost);
  if (source) await sheet.getByLabel('Source, line 1').selectOption({ label: source });
  await sheet.getByRole('button', { name: 'Save delivery (1 line)' }).click();
  await toast(page, 'Delivery saved: 1 line.');
}

test('a delivery line names its source; lots keep it; values are shown per source', async ({
  page,
}) => {
  await startAlone(page, 'JT');
  await setUpKitchen(page, 'Cheese, lb, Dairy, 20');
  await receive(page, '4', '3.00');
  await receive(page, '10', '2.50', 'USDA Foods');

  // The next delivery of cheese starts from the source of its last one.
  await page.getByRole('button', { name: 'Receive' }).click();
  const sheet = page.getByRole('dialog', { name: 'Receive a delivery' });
  await sheet.getByLabel('Item, line 1').selectOption({ label: 'Cheese (lb)' });
  await expect(sheet.getByLabel('Source, line 1')).toHaveValue('usda');
  await checkScreen(page, 'receive-source');
  await sheet.getByRole('button', { name: 'Close' }).click();
  await expect(sheet).toHaveCount(0);

  await page.getByRole('link', { name: /^Cheese/ }).click();
  const lots = page.getByRole('table', { name: 'Lots', exact: true });
  await expect(lots).toContainText('USDA Foods');
  await expect(lots).toContainText('Purchased');
  // Purchased 4 lb at 3.00 = $12.00; USDA Foods 10 lb at 2.50 = $25.00.
  await expect(page.locator('.by-source')).toHaveText(
    'Value by source: Purchased $12.00 · USDA Foods $25.00',
  );
  await expect(page.getByRole('list', { name: 'History' })).toContainText('USDA Foods');
  await checkScreen(page, 'item-sources');

  // Par 20, 14 on hand: 6 lb to order at the last cost, 2.50, all of it as USDA Foods.
  await page.goto('/order');
  await expect(page.getByText('last came as USDA Foods', { exact: true })).toBeVisible();
  await expect(page.getByTestId('order-total')).toHaveText('Order total: $15.00');
  await expect(page.getByText('of which last came as USDA Foods: $15.00')).toBeVisible();
});
