/** Counting a storage area shelf by shelf: one tablet in detail, then two tablets offline. */
import { expect, test, type Page } from '@playwright/test';
import {
  checkScreen,
  createKitchen,
  goToStock,
  joinedTablet,
  keypad as sheetKeypad,
  screens,
  setUpKitchen,
  startAlone,
  stockRows,
  toast,
  downloaded,
} from './support/ui';

test.describe.configure({ timeout: 120_000 });

/** Receives `qty` of an item at a unit cost into an area, through the Receive sheet. */
async function receive(page: Page, item: string, qty: string, area: string, cost: string) {
  await page.getByRole('button', { name: 'Receive' }).click();
  const sheet = page.getByRole('dialog', { name: 'Receive a delivery' });
  await sheet.getByLabel('Item, line 1').selectOption({ label: item });
  await sheetKeypad(page, qty);
  await sheet.getByLabel('Location, line 1').selectOption({ label: area });
  await sheet.getByLabel('Price, line 1').fill(cost);
  await sheet.getByRole('button', { name: 'Save delivery (1 line)' }).click();
  await toast(page, 'Delivery saved: 1 line.');
}

const current = (page: Page) => page.getByRole('region', { name: 'Item to count' });
const walkList = (page: Page) =>
  page.getByRole('region', { name: 'Items of this area in shelf order' });

/** Types a count on the walk's keypad and saves it; the next item comes up. */
async function count(page: Page, item: string, qty: string) {
  const here = current(page);
  await expect(here.getByRole('heading', { name: item })).toBeVisible();
  for (const ch of qty) {
    const name = ch === '.' ? 'Decimal separator' : ch;
    await here.getByRole('button', { name, exact: true }).click();
  }
  await here.getByRole('button', { name: 'Save count' }).click();
  await expect(walkList(page).getByRole('button', { name: new RegExp(`^${item} `) })).toContainText(
    'counted',
  );
}

async function startCount(page: Page, area: string) {
  await page.goto('/');
  await page.getByRole('link', { name: 'Count an area, shelf by shelf' }).click();
  await expect(page.getByRole('heading', { name: 'Count an area' })).toBeVisible();
  await page.getByRole('button', { name: new RegExp(`^${area}`) }).click();
  await expect(page.getByRole('heading', { name: `Counting ${area}` })).toBeVisible();
}

test('an area counted in shelf order: record, same, skip, back, resumed, summed up', async ({
  page,
}) => {
  await startAlone(page, 'JT');
  await setUpKitchen(page, 'Rice, kg, Dry goods\nBeans, can, Dry goods\nFlour, kg, Dry goods');
  await receive(page, 'Rice (kg)', '4', 'Dry storage', '1.10');
  await receive(page, 'Beans (can)', '10', 'Dry storage', '0.80');

  await startCount(page, 'Dry storage');
  // Flour was never put anywhere: it may be on any shelf, so it is in the walk.
  const names = () => walkList(page).locator('.name').allTextContents();
  expect(await names()).toEqual(['Beans', 'Flour', 'Rice']);

  // The shelves run Rice, Beans, Flour: moved up and saved for every tablet.
  await page.getByRole('button', { name: 'Change shelf order' }).click();
  await page.getByRole('button', { name: 'Move Rice up' }).click();
  await page.getByRole('button', { name: 'Move Rice up' }).click();
  await page.getByRole('button', { name: 'Save shelf order' }).click();
  await toast(page, 'Shelf order of Dry storage saved.');
  expect(await names()).toEqual(['Rice', 'Beans', 'Flour']);

  // Rice: 4 kg on record, 3 counted; the variance shows as it is typed.
  await expect(current(page)).toContainText('On record: 4 kg');
  await current(page).getByRole('button', { name: '3', exact: true }).click();
  await expect(current(page)).toContainText('1 kg less than on record');
  await current(page).getByRole('button', { name: 'Save count' }).click();
  await expect(walkList(page)).toContainText('3 kg counted · -1 kg · -$1.10');

  // A closed tab loses nothing: the walk resumes on Beans.
  await page.reload();
  await expect(current(page).getByRole('heading', { name: 'Beans' })).toBeVisible();
  await checkScreen(page, 'count-walk');
  await current(page).getByRole('button', { name: 'Same as on record (10 can)' }).click();
  await expect(current(page).getByRole('heading', { name: 'Flour' })).toBeVisible();
  await current(page).getByRole('button', { name: 'Skip' }).click();
  await expect(page.getByText('3 of 3 done')).toBeVisible();
  await expect(current(page)).toContainText('Every item has been counted or skipped.');
  // Back from Flour to Beans to correct it: the earlier entry is replaced, not added to.
  await walkList(page)
    .getByRole('button', { name: /^Flour/ })
    .click();
  await current(page).getByRole('button', { name: 'Back' }).click();
  await expect(current(page).getByRole('heading', { name: 'Beans' })).toBeVisible();
  await expect(current(page).getByRole('textbox')).toHaveValue('10');
  await current(page).getByRole('button', { name: 'Delete' }).click();
  await current(page).getByRole('button', { name: 'Delete' }).click();
  await count(page, 'Beans', '12');
  await expect(walkList(page)).toContainText('12 can counted · +2 can · +$1.60');

  await current(page).getByRole('button', { name: 'Finish count' }).click();
  await expect(page.getByRole('heading', { name: 'Count of Dry storage' })).toBeVisible();
  const totals = page.locator('.totals');
  await expect(totals).toContainText('Items counted 2');
  await expect(totals).toContainText('Skipped 1');
  await expect(totals).toContainText('Difference in value +$0.50');
  await expect(page.locator('ol.biggest li')).toHaveText([
    'Beans +2 can · +$1.60',
    'Rice -1 kg · -$1.10',
  ]);
  await expect(page.getByText('1 item skipped')).toBeVisible();
  await checkScreen(page, 'count-summary');

  // The stock screen shows the counts; the list of counts has this one.
  await page.getByRole('link', { name: 'All counts' }).click();
  await expect(page.getByRole('link', { name: /Dry storage.*JT.*2 items counted/ })).toBeVisible();
  await checkScreen(page, 'count-list');

  // The new screens in the dark theme too (screenshots in test-results/screens).
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await checkScreen(page, 'count-list-dark');
  await page.getByRole('link', { name: /Dry storage.*JT/ }).click();
  await expect(page.getByRole('heading', { name: 'Count of Dry storage' })).toBeVisible();
  await checkScreen(page, 'count-summary-dark');
  await startCount(page, 'Dry storage');
  await checkScreen(page, 'count-walk-dark');
  for (const [path, heading, name] of [
    ['/order', 'Order list', 'order-list-dark'],
    ['/expiring', 'Use first', 'use-first-dark'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
    await checkScreen(page, name);
  }
});

test('a count entered on the 3rd for the 31st: stock, history and month-end take it at the 31st', async ({
  page,
}) => {
  await page.clock.install({ time: new Date('2027-01-31T09:00:00') });
  await startAlone(page, 'JT');
  await setUpKitchen(page, 'Rice, kg, Dry goods');
  await receive(page, 'Rice (kg)', '20', 'Dry storage', '1');
  // The 1st: 3 kg used. The 3rd: the count taken on the 31st is typed in.
  await page.clock.setSystemTime(new Date('2027-02-01T09:00:00'));
  await page.getByRole('button', { name: 'Use', exact: true }).click();
  const use = page.getByRole('dialog', { name: 'Use stock' });
  await use.getByLabel('Item', { exact: true }).selectOption({ label: 'Rice (kg)' });
  await sheetKeypad(page, '3');
  await use.getByRole('button', { name: 'Record use' }).click();
  await toast(page, 'Used 3 kg Rice from Dry storage.');
  await page.clock.setSystemTime(new Date('2027-02-03T09:00:00'));
  await page.getByRole('link', { name: 'Count an area, shelf by shelf' }).click();
  await page.getByLabel('Counted on').fill('2027-01-31');
  await page.getByRole('button', { name: /^Dry storage/ }).click();
  await expect(page.getByTestId('count-dated')).toHaveText(
    'Dated the end of Jan 31, 2027: on record then, and counted then.',
  );
  // On record at the end of the 31st: the 20 kg received, not the 17 kg of now.
  await expect(current(page)).toContainText('On record: 20 kg');
  await count(page, 'Rice', '12');
  await expect(walkList(page)).toContainText('12 kg counted · -8 kg · -$8.00');
  await current(page).getByRole('button', { name: 'Finish count' }).click();
  await expect(page.getByRole('heading', { name: 'Count of Dry storage' })).toBeVisible();
  // The count downloads with its variances, dated the 31st.
  const counted = await downloaded(page, 'Download this count');
  expect(counted.name).toBe('larder-count-2027-01-31T2359.csv');
  expect(counted.rows).toEqual([
    [
      'When',
      'Storage area',
      'Item',
      'Unit',
      'On record',
      'Counted',
      'Difference',
      'Value (USD)',
      'Who',
    ],
    ['2027-01-31T23:59', 'Dry storage', 'Rice', 'kg', '20', '12', '-8', '-8', 'JT'],
  ]);

  // Now: 12 counted on the 31st, less the 3 kg used on the 1st.
  await goToStock(page);
  await expect(page.locator('section.group')).toContainText('Rice');
  expect(await stockRows(page)).toEqual(['Rice 9 kg']);
  await page.getByRole('link', { name: 'Rice' }).click();
  await expect(page.getByRole('list', { name: 'History' })).toContainText(
    /Counted 12 kg in Dry storage \(entered .*Feb.* 3/,
  );
  // January closes on the count: 12.00 on hand, 8.00 cost of food; February opens there.
  await page.goto('/reports');
  await page.getByLabel('Month', { exact: true }).fill('2027-01');
  await expect(page.getByTestId('report-closing')).toHaveText('$12.00');
  await expect(page.getByTestId('report-cost-of-food')).toHaveText('$8.00');
  const counts = page.getByRole('region', { name: 'Counts of the period' });
  await expect(counts.getByRole('row').nth(1)).toContainText('-8 kg-$8.00');
  await page.getByLabel('Month', { exact: true }).fill('2027-02');
  await expect(page.getByTestId('report-opening')).toHaveText('$12.00');
  await expect(page.getByTestId('report-closing')).toHaveText('$9.00');
});

test('two tablets count two areas offline; after sync both show the same summaries', async ({
  browser,
  baseURL,
}) => {
  const kitchen = await createKitchen(baseURL!, 'Count Elementary');
  const a = await joinedTablet(browser, kitchen, 'JT', 'Walk-in tablet');
  const b = await joinedTablet(browser, kitchen, 'RS', 'Line tablet');
  await setUpKitchen(a.page, 'Peas, kg, Frozen\nRice, kg, Dry goods');
  await receive(a.page, 'Peas (kg)', '6', 'Walk-in freezer', '2.00');
  await receive(a.page, 'Rice (kg)', '5', 'Dry storage', '1.00');
  await expect(b.page.getByRole('link', { name: /^Rice/ })).toBeVisible({ timeout: 30_000 });

  await a.context.setOffline(true);
  await b.context.setOffline(true);
  await startCount(a.page, 'Walk-in freezer');
  await count(a.page, 'Peas', '5');
  await current(a.page).getByRole('button', { name: 'Finish count' }).click();
  await startCount(b.page, 'Dry storage');
  await count(b.page, 'Rice', '5.5');
  await current(b.page).getByRole('button', { name: 'Finish count' }).click();
  await expect(b.page.getByRole('heading', { name: 'Count of Dry storage' })).toBeVisible();
  await a.context.setOffline(false);
  await b.context.setOffline(false);

  const summaries = async (page: Page) => {
    await screens(page).getByRole('link', { name: 'Stock' }).click();
    await page.getByRole('link', { name: 'Count an area, shelf by shelf' }).click();
    const list = page.locator('ul.past a');
    await expect(list).toHaveCount(2, { timeout: 30_000 });
    return list.allInnerTexts();
  };
  const onA = await summaries(a.page);
  const onB = await summaries(b.page);
  expect(onA).toEqual(onB);
  expect(onA.join('\n')).toContain('Walk-in freezer');
  expect(onA.join('\n')).toContain('difference -$2.00');
  expect(onA.join('\n')).toContain('difference +$0.50');
  await a.context.close();
  await b.context.close();
});

test('a count of 200 items: taps and time per item, as a cook enters them', async ({ page }) => {
  await startAlone(page, 'JT');
  const names = Array.from({ length: 200 }, (_, i) => `Item ${String(i + 1).padStart(3, '0')}`);
  await setUpKitchen(page, names.map((name) => `${name}, kg, Dry goods`).join('\n'));
  await startCount(page, 'Dry storage');
  await expect(page.getByText('0 of 200 done')).toBeVisible();

  // Half the shelves hold what is on record (one tap), half are typed: "2" and Save.
  let taps = 0;
  const started = Date.now();
  for (const [i, name] of names.entries()) {
    const here = current(page);
    await expect(here.getByRole('heading', { name })).toBeVisible();
    if (i % 2 === 0) {
      await here.getByRole('button', { name: /^Same as on record/ }).click();
      taps += 1;
    } else {
      await here.getByRole('button', { name: '2', exact: true }).click();
      await here.getByRole('button', { name: 'Save count' }).click();
      taps += 2;
    }
  }
  const seconds = (Date.now() - started) / 1000;
  await expect(page.getByText('200 of 200 done')).toBeVisible();
  await current(page).getByRole('button', { name: 'Finish count' }).click();
  await expect(page.locator('.totals')).toContainText('Items counted 200');
  await expect(page.locator('.totals')).toContainText('Skipped 0');
  const figure = `200 items: ${(taps / 200).toFixed(2)} taps and ${(seconds / 200).toFixed(3)} s per item`;
  test.info().annotations.push({ type: 'count of 200 items', description: figure });
  console.log(figure);
  expect(taps).toBe(300);
});
