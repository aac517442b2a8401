/** The order list: below par by supplier, quantities changed, downloaded, then received. */
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { checkScreen, keypad, setUpKitchen, startAlone, stockRows, toast } from './support/ui';

test.describe.configure({ timeout: 90_000 });

test('what to order by supplier, changed, downloaded, and received as one delivery', async ({
  page,
}) => {
  await startAlone(page, 'JT');
  await setUpKitchen(page, 'Rice, kg, Dry goods, 10\nBeans, can, Dry goods, 24');
  for (const [item, qty, supplier, cost] of [
    ['Rice (kg)', '3', 'Sysco', '1.10'],
    ['Beans (can)', '4', 'Bidfood', '0.80'],
  ] as const) {
    await page.getByRole('button', { name: 'Receive' }).click();
    const sheet = page.getByRole('dialog', { name: 'Receive a delivery' });
    await sheet.getByLabel('Supplier (optional)').fill(supplier);
    await sheet.getByLabel('Item, line 1').selectOption({ label: item });
    await keypad(page, qty);
    await sheet.getByLabel('Location, line 1').selectOption({ label: 'Dry storage' });
    await sheet.getByLabel('Price, line 1').fill(cost);
    await sheet.getByRole('button', { name: 'Save delivery (1 line)' }).click();
    await toast(page, 'Delivery saved: 1 line.');
  }

  await page.getByRole('link', { name: 'Order list' }).click();
  await expect(page.getByRole('heading', { name: 'Order list' })).toBeVisible();
  const bidfood = page.getByRole('region', { name: 'Bidfood' });
  const sysco = page.getByRole('region', { name: 'Sysco' });
  await expect(bidfood.getByLabel('Quantity of Beans to order')).toHaveValue('20');
  await expect(bidfood.getByTestId('order-total')).toHaveText('Order total: $16.00');
  await expect(sysco.getByLabel('Quantity of Rice to order')).toHaveValue('7');
  await sysco.getByLabel('Quantity of Rice to order').fill('8');
  await expect(sysco.getByTestId('order-total')).toHaveText('Order total: $8.80');
  await sysco.getByLabel('Quantity of Rice to order').fill('8,5');
  await expect(sysco).toContainText('Not a quantity');
  await sysco.getByLabel('Quantity of Rice to order').fill('8');
  await checkScreen(page, 'order-list');

  // Printed: the list alone, without the header, the tools or the buttons.
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: 'test-results/screens/order-list-print.png', fullPage: true });
  await expect(page.getByRole('banner')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Receive this order' }).first()).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Delivery saved' })).toBeHidden();
  await expect(sysco.getByRole('cell', { name: 'Rice' })).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download order (CSV)' }).click();
  const csv = readFileSync(await (await downloading).path(), 'utf8');
  const [headers, ...rows] = Papa.parse<string[]>(csv.slice(1).trim()).data;
  expect(headers).toEqual([
    'Supplier',
    'Item',
    'On hand',
    'Par',
    'To order',
    'Unit',
    'Last unit cost (USD)',
    'Value (USD)',
  ]);
  expect(rows).toEqual([
    ['Bidfood', 'Beans', '4', '24', '20', 'can', '0.8', '16'],
    ['Sysco', 'Rice', '3', '10', '8', 'kg', '1.1', '8.8'],
  ]);

  // The delivery comes: the sheet opens filled in with the order.
  await sysco.getByRole('button', { name: 'Receive this order' }).click();
  const sheet = page.getByRole('dialog', { name: 'Receive a delivery' });
  await expect(sheet.getByLabel('Supplier (optional)')).toHaveValue('Sysco');
  await expect(sheet.getByLabel('Quantity, line 1')).toHaveValue('8');
  await expect(sheet.getByLabel('Price, line 1')).toHaveValue('1.1');
  await sheet.getByRole('button', { name: 'Save delivery (1 line)' }).click();
  await toast(page, 'Delivery saved: 1 line.');
  await expect(sysco).toHaveCount(0);
  await expect(bidfood).toBeVisible();
  await page.goto('/');
  await expect.poll(() => stockRows(page)).toContain('Rice 11 kg');

  // The supplier set on the item is the one the order goes to.
  await page.getByRole('link', { name: /^Beans/ }).click();
  await page.getByRole('button', { name: 'Edit item' }).click();
  await page.getByRole('dialog').getByLabel('Supplier for orders').fill('US Foods');
  await page
    .getByRole('dialog')
    .getByLabel(/^Barcode/)
    .fill('0041331024242');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await toast(page, 'Item saved.');
  await expect(page.getByRole('list', { name: 'History' })).toContainText(
    'Changed supplier to US Foods',
  );
  await page.goto('/order');
  await expect(page.getByRole('region', { name: 'US Foods' })).toContainText('Beans');
  await expect(page.getByRole('region', { name: 'Bidfood' })).toHaveCount(0);

  // Its barcode, typed (or scanned into the field), finds it in a sheet.
  await page.goto('/');
  await page.getByRole('button', { name: 'Use', exact: true }).click();
  const use = page.getByRole('dialog', { name: 'Use stock' });
  await use.getByLabel('Find by name').fill('0041331024242');
  await expect(use.getByLabel('Item', { exact: true }).locator('option:checked')).toHaveText(
    'Beans (can)',
  );
});
