/** Month-end on the tablet: the month's figures from its own entries, checked by hand. */
import { expect, test, type Page } from '@playwright/test';
import { checkScreen, downloaded, keypad, setUpKitchen, startAlone, toast } from './support/ui';

test.describe.configure({ timeout: 90_000 });

async function receive(
  page: Page,
  item: string,
  qty: string,
  area: string,
  cost: string,
  source?: string,
) {
  await page.getByRole('button', { name: 'Receive', exact: true }).click();
  const sheet = page.getByRole('dialog', { name: 'Receive a delivery' });
  await sheet.getByLabel('Item, line 1').selectOption({ label: item });
  await keypad(page, qty);
  await sheet.getByLabel('Location, line 1').selectOption({ label: area });
  await sheet.getByLabel('Price, line 1').fill(cost);
  if (source) await sheet.getByLabel('Source, line 1').selectOption({ label: source });
  await sheet.getByRole('button', { name: 'Save delivery (1 line)' }).click();
  await toast(page, 'Delivery saved: 1 line.');
}

/** Use, waste or count from the item's screen, in the storage area it is in. */
async function onItem(page: Page, item: string, action: 'Use' | 'Waste' | 'Count', qty: string) {
  await page.getByRole('link', { name: new RegExp(`^${item}`) }).click();
  await page.getByRole('button', { name: action, exact: true }).click();
  const sheet = page.getByRole('dialog');
  await keypad(page, qty);
  if (action === 'Waste') await sheet.getByText('Spoiled', { exact: true }).click();
  await sheet
    .getByRole('button', {
      name: { Use: 'Record use', Waste: 'Record waste', Count: 'Record count' }[action],
    })
    .click();
  await expect(sheet).toHaveCount(0);
  await page.goBack();
}

test('this month: value, purchases, cost of food per source, waste, usage and counts', async ({
  page,
}) => {
  await startAlone(page, 'JT');
  await setUpKitchen(page, 'Peaches #10, can, Canned, 40\nCheese, lb, Dairy, 10');
  // Purchased: 12 cans at 1.50 = 18.00. USDA Foods: 20 lb at 2.50 = 50.00.
  await receive(page, 'Peaches #10 (can)', '12', 'Dry storage', '1.50');
  await receive(page, 'Cheese (lb)', '20', 'Walk-in freezer', '2.50', 'USDA Foods');
  // 10 cans used: 15.00. 2 lb of cheese spoiled: 5.00. Counted 1 can of the 2 left: -1.50.
  await onItem(page, 'Peaches', 'Use', '10');
  await onItem(page, 'Cheese', 'Waste', '2');
  await onItem(page, 'Peaches', 'Count', '1');

  await page.getByRole('link', { name: 'Month-end reports' }).click();
  await expect(page.getByRole('heading', { name: 'Month-end', level: 1 })).toBeVisible();
  // Nothing before this month; at its end 1 can at 1.50 and 18 lb at 2.50 = 46.50.
  await expect(page.getByTestId('report-opening')).toHaveText('$0.00');
  await expect(page.getByTestId('report-purchases')).toHaveText('$68.00');
  await expect(page.getByTestId('report-closing')).toHaveText('$46.50');
  // 0 + 68.00 - 46.50 = 21.50: 15.00 used + 5.00 wasted + 1.50 missing.
  await expect(page.getByTestId('report-cost-of-food')).toHaveText('$21.50');
  const bySource = page.getByRole('region', { name: 'Cost of food by source' });
  await expect(bySource.getByRole('row')).toHaveText([
    'SourceStartPurchasesEndCost of food',
    'Purchased$0.00$18.00$1.50$16.50',
    'USDA Foods$0.00$50.00$45.00$5.00',
  ]);
  // USDA Foods turn 5.00 ÷ (0 + 45.00) / 2 = 0.22 times; 45.00 at about 5.00 a month is
  // nine months on hand: more than six, flagged.
  const turns = page.getByRole('region', { name: 'Turnover and months on hand' });
  await expect(turns.getByRole('row', { name: /^USDA Foods/ })).toContainText('0.22');
  await expect(turns.getByRole('row', { name: /^USDA Foods/ })).toContainText(
    'More than 6 months of USDA Foods on hand',
  );
  await expect(turns.getByRole('row', { name: /^Purchased/ })).not.toContainText('More than');
  await expect(page.getByTestId('report-waste')).toHaveText('Wasted: $5.00');
  await expect(page.getByRole('region', { name: 'Waste' }).getByRole('row')).toContainText([
    'Spoiled$5.00',
    'Cheese2 lb$5.00',
  ]);
  await expect(page.getByTestId('report-usage')).toHaveText('Used: $15.00');
  // The charts are drawn: bars of the accent colour on their canvas.
  for (const name of [
    'Chart: value wasted by reason',
    'Chart: value used on each day of the period',
  ]) {
    const canvas = page.getByRole('img', { name }).locator('canvas');
    await expect(canvas).toBeVisible();
    const painted = await canvas.evaluate((c: HTMLCanvasElement) => {
      const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
      return n;
    });
    expect(painted).toBeGreaterThan(500);
  }
  // Drawn again in the dark theme's colours when it is picked, and in the light ones on paper.
  const chart = page.getByRole('img', { name: 'Chart: value wasted by reason' });
  await expect(chart).toHaveAttribute('data-drawn-in', 'rgb(20, 20, 20)');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(chart).toHaveAttribute('data-drawn-in', 'rgb(242, 242, 242)');
  await page.emulateMedia({ media: 'print' });
  await expect(chart).toHaveAttribute('data-drawn-in', 'rgb(20, 20, 20)');
  await page.emulateMedia({ media: 'screen' });
  await expect(chart).toHaveAttribute('data-drawn-in', 'rgb(242, 242, 242)');
  await page.getByRole('button', { name: 'Dark theme', pressed: true }).click();
  await expect(chart).toHaveAttribute('data-drawn-in', 'rgb(20, 20, 20)');
  await expect(
    page.getByRole('region', { name: 'Usage, by value used' }).getByRole('row').nth(1),
  ).toHaveText('Peaches #1010 can$15.00');
  const counts = page.getByRole('region', { name: 'Counts of the period' });
  await expect(counts.getByRole('row').nth(1)).toContainText('Peaches #10Dry storageJT');
  await expect(counts.getByRole('row').nth(1)).toContainText('-1 can-$1.50');
  await checkScreen(page, 'reports');

  // Each download parses back to the same figures.
  const download = (button: string) => downloaded(page, button);
  const cost = await download('Download cost of food');
  expect(cost.name).toMatch(/^larder-cost-of-food-\d{4}-\d{2}-01-to-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(cost.rows).toEqual([
    [
      'Source',
      'Value at the start (USD)',
      'Purchases (USD)',
      'Transfers in (USD)',
      'Transfers out (USD)',
      'Value at the end (USD)',
      'Cost of food (USD)',
    ],
    ['Purchased', '0', '18', '0', '0', '1.5', '16.5'],
    ['USDA Foods', '0', '50', '0', '0', '45', '5'],
    ['Total', '0', '68', '0', '0', '46.5', '21.5'],
  ]);
  const waste = await download('Download waste');
  expect(waste.rows[0]).toEqual([
    'When',
    'Item',
    'Storage area',
    'Quantity',
    'Unit',
    'Reason',
    'Note',
    'Value (USD)',
    'Who',
    'Tablet',
  ]);
  expect(waste.rows.slice(1).map((row) => row.slice(1))).toEqual([
    ['Cheese', 'Walk-in freezer', '2', 'lb', 'Spoiled', '', '5', 'JT', 'this tablet'],
  ]);
  expect(waste.rows[1]![0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
  const entries = await download('Download all entries');
  // Two storage areas, two items, two deliveries, a use, a waste and a count.
  expect(entries.rows.slice(1).map((row) => row[1])).toEqual(
    expect.arrayContaining([
      'Received 12 can into Dry storage ($1.50 each)',
      'Used 10 can from Dry storage',
      'Wasted 2 lb from Walk-in freezer: spoiled',
      'Counted 1 can in Dry storage',
    ]),
  );
  expect(entries.rows.every((row) => row.length === 7)).toBe(true);

  // Printed: the figures, not the controls.
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: 'test-results/screens/reports-print.png', fullPage: true });
  await expect(page.getByRole('button', { name: 'Download waste' })).toBeHidden();
  await expect(page.getByLabel('Month', { exact: true })).toBeHidden();
  await expect(page.getByTestId('report-cost-of-food')).toBeVisible();
  await expect(page.getByTestId('report-period')).toBeVisible();
  await expect(page.getByTestId('report-period')).toContainText(/\d{4} to /);
  await page.emulateMedia({ media: 'screen' });
  await expect(page.getByTestId('report-period')).toBeHidden();

  // Last month had none of it.
  const now = new Date();
  const last = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  const month = `${last.getFullYear()}-${String(last.getMonth() + 1).padStart(2, '0')}`;
  await page.getByLabel('Month', { exact: true }).fill(month);
  await page.getByLabel('Month', { exact: true }).dispatchEvent('change');
  await expect(page.getByTestId('report-purchases')).toHaveText('$0.00');
  await expect(page.getByTestId('report-cost-of-food')).toHaveText('$0.00');
  // A range that ends before it starts is explained.
  await page.getByLabel('From').fill('2027-03-10');
  await page.getByLabel('To (included)').fill('2027-03-01');
  await expect(page.getByRole('alert')).toHaveText('The first day must be on or before the last.');
});
