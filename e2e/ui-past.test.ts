/** The stock as it was at a past moment: marked, read only, one tap back to now. */
import { expect, test, type Page } from '@playwright/test';
import {
  checkScreen,
  keypad,
  setUpKitchen,
  startAlone,
  stockRows,
  toast,
  downloaded,
} from './support/ui';

test.describe.configure({ timeout: 90_000 });

async function receive(page: Page, qty: string) {
  await page.getByRole('button', { name: 'Receive', exact: true }).click();
  const sheet = page.getByRole('dialog', { name: 'Receive a delivery' });
  await sheet.getByLabel('Item, line 1').selectOption({ label: 'Rice (kg)' });
  await keypad(page, qty);
  await sheet.getByLabel('Location, line 1').selectOption({ label: 'Dry storage' });
  await sheet.getByLabel('Price, line 1').fill('2');
  await sheet.getByRole('button', { name: 'Save delivery (1 line)' }).click();
  await toast(page, 'Delivery saved: 1 line.');
}

test('the day before a delivery, the stock is shown without it', async ({ page }) => {
  await page.clock.install({ time: new Date('2027-03-01T10:00:00') });
  await startAlone(page, 'JT');
  await setUpKitchen(page, 'Rice, kg, Dry goods');
  await receive(page, '4');
  await page.clock.setSystemTime(new Date('2027-03-05T10:00:00'));
  await receive(page, '6');
  expect(await stockRows(page)).toEqual(['Rice 10 kg']);

  await page.getByRole('link', { name: 'Stock on a past date' }).click();
  const banner = page.getByRole('region', { name: 'The past: read only' });
  await expect(banner).toContainText('It is the past: nothing can be recorded here.');
  await banner.getByLabel('As of').fill('2027-03-04T10:00');
  await expect(page.getByTestId('past-as-of')).toContainText('stock worth $8.00');
  await expect(page.getByRole('region', { name: 'Dry goods' })).toContainText('Rice 4 kg');
  // The stock of then downloads with its value.
  const stock = await downloaded(page, 'Download the stock of then');
  expect(stock.name).toBe('larder-stock-2027-03-04T1000.csv');
  expect(stock.rows).toEqual([
    ['Item', 'Category', 'Storage area', 'Quantity', 'Unit', 'Value (USD)'],
    ['Rice', 'Dry goods', 'Dry storage', '4', 'kg', '8'],
  ]);
  // Nothing can be recorded in the past.
  await expect(page.getByRole('button', { name: 'Receive', exact: true })).toHaveCount(0);
  await checkScreen(page, 'past');
  // The item as it was then: its stock, value and history of then, nothing to record.
  await page.getByRole('link', { name: 'Rice' }).click();
  await expect(page.getByTestId('item-past')).toContainText('This is the past');
  await expect(page.getByTestId('item-total')).toContainText('4 kg');
  await expect(page.getByTestId('item-value')).toHaveText('Value on hand: $8.00');
  await expect(page.getByRole('list', { name: 'History' }).getByRole('listitem')).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Receive', exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Edit item' })).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'History' }).getByRole('button')).toHaveCount(0);
  await checkScreen(page, 'item-past');
  await page
    .getByRole('region', { name: 'The past: read only' })
    .getByRole('link', { name: 'Back to now' })
    .click();
  await expect(page.getByTestId('item-total')).toContainText('10 kg');
  await expect(page.getByRole('button', { name: 'Receive', exact: true })).toBeVisible();
  await page.goBack();
  await page.goBack();
  // Before anything was received: nothing in stock.
  await banner.getByLabel('As of').fill('2027-02-28T10:00');
  await expect(page.getByTestId('past-as-of')).toContainText('stock worth $0.00');
  await expect(page.getByText('Nothing was in stock then.')).toBeVisible();

  await banner.getByRole('link', { name: 'Back to now' }).click();
  await expect(page.getByRole('heading', { name: 'Stock', exact: true })).toBeVisible();
  expect(await stockRows(page)).toEqual(['Rice 10 kg']);
});
