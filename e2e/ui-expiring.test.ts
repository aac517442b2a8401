/** Use first: dated lots in the order to use them, a lot past its date wasted in one tap. */
import { expect, test } from '@playwright/test';
import { checkScreen, keypad, setUpKitchen, startAlone, stockRows, toast } from './support/ui';

test.describe.configure({ timeout: 90_000 });

/** A local calendar date `days` from today, as the date field takes it. */
function day(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

test('lots by best-before, the lot a use draws from, and an expired lot wasted in one tap', async ({
  page,
}) => {
  await startAlone(page, 'JT');
  await setUpKitchen(page, 'Milk, l, Dairy\nRice, kg, Dry goods');

  await page.getByRole('button', { name: 'Receive' }).click();
  const sheet = page.getByRole('dialog', { name: 'Receive a delivery' });
  await sheet.getByLabel('Item, line 1').selectOption({ label: 'Milk (l)' });
  await keypad(page, '2');
  await sheet.getByLabel('Location, line 1').selectOption({ label: 'Walk-in freezer' });
  await sheet.getByLabel('Best before, line 1').fill(day(-1));
  await sheet.getByRole('button', { name: 'Add another line' }).click();
  await sheet.getByLabel('Item, line 2').selectOption({ label: 'Milk (l)' });
  await keypad(page, '4');
  await sheet.getByLabel('Location, line 2').selectOption({ label: 'Walk-in freezer' });
  await sheet.getByLabel('Best before, line 2').fill(day(3));
  await sheet.getByRole('button', { name: 'Save delivery (2 lines)' }).click();
  await toast(page, 'Delivery saved: 2 lines.');
  await expect.poll(() => stockRows(page)).toContain('Milk 6 l');

  // The Use sheet says which lot comes out first: the one past its date.
  await page.getByRole('button', { name: 'Use', exact: true }).click();
  const use = page.getByRole('dialog', { name: 'Use stock' });
  await use.getByLabel('Find by name').fill('milk');
  await expect(use.getByTestId('draws-from')).toHaveText(
    /^This draws first from the lot best before .+ \(2 l left\)\.$/,
  );
  await use.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('link', { name: 'Use first: lots by best-before' }).click();
  await expect(page.getByRole('heading', { name: 'Use first' })).toBeVisible();
  const past = page.getByRole('region', { name: 'Past best-before' });
  await expect(past).toContainText('Milk');
  await expect(past).toContainText('2 l in Walk-in freezer');
  await expect(past).toContainText('yesterday');
  const week = page.getByRole('region', { name: 'This week' });
  await expect(week).toContainText('4 l in Walk-in freezer');
  await expect(week).toContainText('in 3 days');
  await expect(week.getByRole('button')).toHaveCount(0);
  await checkScreen(page, 'use-first');

  await past.getByRole('button', { name: 'Waste 2 l Milk in Walk-in freezer as expired' }).click();
  await toast(page, 'Wasted 2 l Milk (expired).');
  await expect(past).toHaveCount(0);
  await expect(week).toContainText('4 l in Walk-in freezer');
});
