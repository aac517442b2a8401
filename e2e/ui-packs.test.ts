/** Packs of an item, set from its screen: "1 case = 6 can". */
import { expect, test, type Locator } from '@playwright/test';
import {
  checkScreen,
  createKitchen,
  joinedTablet,
  goToStock,
  keypad,
  setUpKitchen,
  startAlone,
  stockRows,
  toast,
} from './support/ui';

test.describe.configure({ timeout: 90_000 });

test('packs are added, refused when they make no sense, and removed, with history', async ({
  page,
}) => {
  await startAlone(page, 'JT');
  await setUpKitchen(page, 'Peaches #10, can, Canned, 40');
  await page.getByRole('link', { name: /^Peaches/ }).click();
  const packs = page.getByRole('region', { name: 'Packs' });
  await expect(packs).toContainText('No packs yet: everything is counted in can.');

  const save = async (name: string, factor: string) => {
    await packs.getByLabel('Pack (case, sleeve…)').fill(name);
    await packs.getByLabel('holds (can)').fill(factor);
    await packs.getByRole('button', { name: 'Save pack' }).click();
  };
  await save('case', '6');
  await toast(page, 'Pack case saved.');
  await expect(packs.getByRole('listitem')).toHaveText(['1 case = 6 can Remove']);

  // Stock is shown as people count it.
  await page.getByRole('button', { name: 'Receive', exact: true }).click();
  await keypad(page, '26');
  await page.getByRole('dialog').getByRole('button', { name: 'Save delivery (1 line)' }).click();
  await toast(page, 'Delivery saved: 1 line.');
  await expect(page.getByTestId('item-total')).toContainText('4 case + 2 can (26 can) on hand');
  await goToStock(page);
  expect(await stockRows(page)).toEqual(['Peaches #10 4 case + 2 can (26 can)']);
  // The printed count sheet has a box per pack and one for loose cans.
  await page.goto('/print/count');
  const sheet = page.getByRole('region', { name: 'Count sheet: Dry storage' });
  await expect(sheet.getByRole('row', { name: /^Peaches/ })).toHaveText(
    'Peaches #10can · 1 case = 6 can____ case + ____ can',
  );
  await page.goBack();
  await page.getByRole('link', { name: /^Peaches/ }).click();

  // The order list asks for whole cases: 40 - 26 = 14 cans, so 3 cases (18 cans).
  await page.goto('/order');
  await expect(page.getByLabel('Quantity of Peaches #10 to order')).toHaveValue('3');
  await expect(page.getByRole('cell', { name: /case\s*= 18 can/ })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Peaches #10', level: 1 })).toBeVisible();

  // A fraction of a can, or a pack named like the unit, is refused and nothing changes.
  await save('sleeve', '2.5');
  await expect(page.getByRole('alert')).toContainText(
    "Not saved: A pack holds a whole number of the item's unit",
  );
  await save('Can', '6');
  await expect(page.getByRole('alert')).toContainText('A pack cannot be named “Can”');
  await expect(packs.getByRole('listitem')).toHaveCount(1);

  await save('case', '12');
  await toast(page, 'Pack case saved.');
  await expect(packs.getByRole('listitem')).toHaveText(['1 case = 12 can Remove']);
  await checkScreen(page, 'item-packs');
  await packs.getByRole('button', { name: 'Remove the pack case' }).click();
  await toast(page, 'Pack case removed.');
  await expect(packs).toContainText('No packs yet');
  const history = page.getByRole('list', { name: 'History' });
  await expect(history).toContainText('Removed pack case');
  await expect(history).toContainText('Pack case holds 12 can');
});

test('two tablets offline: cases in at a case price, cans out, a count in cases and cans; both agree and order whole cases', async ({
  browser,
  baseURL,
}) => {
  const kitchen = await createKitchen(baseURL!, 'Packs Elementary');
  const a = await joinedTablet(browser, kitchen, 'JT', 'Walk-in tablet');
  const b = await joinedTablet(browser, kitchen, 'RS', 'Line tablet');
  await setUpKitchen(a.page, 'Peaches #10, can, Canned, 40');
  for (const tab of [a, b]) {
    await tab.page.getByRole('link', { name: /^Peaches/ }).click({ timeout: 20_000 });
  }
  const packs = a.page.getByRole('region', { name: 'Packs' });
  await packs.getByLabel('Pack (case, sleeve…)').fill('case');
  await packs.getByLabel('holds (can)').fill('6');
  await packs.getByRole('button', { name: 'Save pack' }).click();
  await toast(a.page, 'Pack case saved.');
  await expect(b.page.getByRole('region', { name: 'Packs' }).getByRole('listitem')).toHaveText(
    ['1 case = 6 can Remove'],
    { timeout: 20_000 },
  );

  await a.context.setOffline(true);
  await b.context.setOffline(true);
  // Walk-in tablet: 2 cases at 10.00 a case, typed "2", case.
  await a.page.getByRole('button', { name: 'Receive', exact: true }).click();
  const sheet = a.page.getByRole('dialog', { name: 'Receive a delivery' });
  await keypad(a.page, '2');
  await sheet
    .getByRole('group', { name: /^Packs and units/ })
    .getByRole('button', { name: 'case' })
    .click();
  await expect(sheet.getByTestId('keypad-total')).toHaveText('2 case (12 can)');
  await sheet.getByLabel('Location, line 1').selectOption({ label: 'Dry storage' });
  await sheet.getByLabel('Price, line 1').fill('10');
  await sheet.getByLabel('Price per, line 1').selectOption('case');
  await sheet.getByRole('button', { name: 'Save delivery (1 line)' }).click();
  await toast(a.page, 'Delivery saved: 1 line.');
  await expect(a.page.getByTestId('item-value')).toHaveText('Value on hand: $20.00');
  // Line tablet: 3 cans used from the dry store, before it has heard of the delivery.
  await b.page.getByRole('button', { name: 'Use', exact: true }).click();
  const use = b.page.getByRole('dialog', { name: 'Use stock' });
  await use.getByLabel('Location').selectOption({ label: 'Dry storage' });
  await keypad(b.page, '3');
  await use.getByRole('button', { name: 'Record use' }).click();
  await toast(b.page, /Used 3 can Peaches #10/);

  await a.context.setOffline(false);
  await b.context.setOffline(false);
  // 12 - 3 = 9 can: 1 case + 3 can, worth 9 × 10.00 / 6 = 15.00 on both tablets.
  for (const tab of [a, b]) {
    await expect(tab.page.getByTestId('item-total')).toContainText('1 case + 3 can (9 can)', {
      timeout: 20_000,
    });
    await expect(tab.page.getByTestId('item-value')).toHaveText('Value on hand: $15.00');
  }

  // The shelf holds 1 case and 5 loose cans: 11 can, 2 more than on record.
  await b.page.getByRole('button', { name: 'Count', exact: true }).click();
  const count = b.page.getByRole('dialog', { name: 'Count stock' });
  await count.getByLabel('Location').selectOption({ label: 'Dry storage (9 can)' });
  await keypad(b.page, '1');
  await count.getByRole('button', { name: 'case', exact: true }).click();
  await keypad(b.page, '5');
  await expect(count.getByTestId('keypad-total')).toHaveText('1 case + 5 can (11 can)');
  await expect(count.getByTestId('variance')).toContainText('2 can more than on record');
  await count.getByRole('button', { name: 'Record count' }).click();
  await toast(b.page, /Counted 1 case \+ 5 can \(11 can\) Peaches #10/);
  // 11 can at 10.00 a case of 6: 18.333… → 18.33 on both tablets.
  for (const tab of [a, b]) {
    await expect(tab.page.getByTestId('item-total')).toContainText('1 case + 5 can (11 can)', {
      timeout: 20_000,
    });
    await expect(tab.page.getByTestId('item-value')).toHaveText('Value on hand: $18.33');
    await expect(tab.page.getByRole('list', { name: 'History' })).toContainText(
      'Received 2 case (12 can) into Dry storage ($10.00 per case of 6 can)',
    );
  }

  // Par 40 - 11 = 29 can: 5 whole cases (30 can), at 10.00 a case.
  await a.page.goto('/order');
  await expect(a.page.getByLabel('Quantity of Peaches #10 to order')).toHaveValue('5');
  await expect(a.page.getByRole('cell', { name: '$10.00 per case' })).toBeVisible();
  await expect(a.page.getByTestId('order-total')).toHaveText('Order total: $50.00');
  await a.context.close();
  await b.context.close();
});

test('par set in packs, and the unit an item is ordered in', async ({ page }) => {
  await startAlone(page, 'JT');
  await setUpKitchen(page, 'Peaches #10, can, Canned, 40');
  await page.getByRole('link', { name: /^Peaches/ }).click();
  const packs = page.getByRole('region', { name: 'Packs' });
  await packs.getByLabel('Pack (case, sleeve…)').fill('case');
  await packs.getByLabel('holds (can)').fill('6');
  await packs.getByRole('button', { name: 'Save pack' }).click();
  await toast(page, 'Pack case saved.');

  const edit = async (fill: (sheet: Locator) => Promise<unknown>) => {
    await page.getByRole('button', { name: 'Edit item' }).click();
    const sheet = page.getByRole('dialog', { name: 'Edit Peaches #10' });
    await fill(sheet);
    await sheet.getByRole('button', { name: 'Save changes' }).click();
  };
  await edit((sheet) => sheet.getByLabel('Par level (in can, or in packs: 4 case)').fill('7 box'));
  await expect(page.getByRole('alert')).toHaveText(
    '“box” is not a unit of Peaches #10: use can or one of its packs.',
  );
  await page.getByRole('dialog').getByLabel('Par level').fill('7 case');
  await page.getByRole('dialog').getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('item-total')).toContainText('par 42');

  await page.goto('/order');
  await expect(page.getByLabel('Quantity of Peaches #10 to order')).toHaveValue('7');
  await page.goBack();
  await edit((sheet) => sheet.getByLabel('Ordered in').selectOption('can'));
  await expect(page.getByRole('list', { name: 'History' })).toContainText(
    'Changed order unit to can',
  );
  await page.goto('/order');
  await expect(page.getByLabel('Quantity of Peaches #10 to order')).toHaveValue('42');
});
