import { expect, test } from '@playwright/test';
import {
  expectAccessible,
  keypad,
  PORTRAIT,
  setUpKitchen,
  shoot,
  startAlone,
  stockRows,
  toast,
} from './support/ui';
import { waitForServiceWorker } from './support/tablet';

test.use({ viewport: PORTRAIT });
// Long walks through a screen with axe scans and screenshots: room for a busy CI machine.
test.describe.configure({ timeout: 90_000 });

const CATALOG = 'Chicken thighs, kg, Meat, 20\nRice, kg, Dry goods, 5\nMilk, l, Dairy';

test.describe('stock screen and kitchen actions', () => {
  test('first run, set-up, receive a delivery, use, waste, move and count with undo', async ({
    page,
  }) => {
    await startAlone(page, 'JT');
    await shoot(page, 'stock-empty');
    await expectAccessible(page);
    await setUpKitchen(page, CATALOG);

    // Receive: two lines, one of them a new item added inline.
    await page.getByRole('button', { name: 'Receive' }).click();
    const sheet = page.getByRole('dialog', { name: 'Receive a delivery' });
    await sheet.getByLabel('Supplier (optional)').fill('Sysco');
    await sheet.getByLabel('Item, line 1').selectOption({ label: 'Chicken thighs (kg)' });
    await keypad(page, '12.5');
    await expect(sheet.getByLabel('Quantity, line 1')).toHaveValue('12.5');
    await sheet.getByLabel('Location, line 1').selectOption({ label: 'Walk-in freezer' });
    await sheet.getByLabel('Best before, line 1').fill('2099-01-31');
    await sheet.getByLabel('Price, line 1').fill('3.2');
    await sheet.getByRole('button', { name: 'Add another line' }).click();
    await sheet.getByLabel('Item, line 2').selectOption({ label: '+ New item…' });
    await sheet.getByLabel('New item name, line 2').fill('Penne');
    await sheet.getByLabel('New item unit, line 2').fill('kg');
    await keypad(page, '8');
    await sheet.getByLabel('Location, line 2').selectOption({ label: 'Dry storage' });
    await shoot(page, 'receive-sheet');
    await expectAccessible(page);
    await sheet.getByRole('button', { name: 'Save delivery (2 lines)' }).click();
    await toast(page, 'Delivery saved: 2 lines.');
    await expect.poll(() => stockRows(page)).toContain('Chicken thighs 12.5 kg');
    expect(await stockRows(page)).toContain('Penne 8 kg');

    // Use 2.5 kg, then take it back from the confirmation.
    await page.getByRole('button', { name: 'Use' }).click();
    const use = page.getByRole('dialog', { name: 'Use stock' });
    await use.getByLabel('Item').selectOption({ label: 'Chicken thighs (kg)' });
    await expect(use.getByLabel('Location')).toHaveValue(/.+/);
    await keypad(page, '2.5');
    await use.getByRole('button', { name: 'Record use' }).click();
    const used = await toast(page, 'Used 2.5 kg Chicken thighs from Walk-in freezer.');
    await expect.poll(() => stockRows(page)).toContain('Chicken thighs 10 kg');
    await shoot(page, 'stock-toast');
    await used.getByRole('button', { name: 'Undo' }).click();
    await toast(page, 'Undone.');
    await expect.poll(() => stockRows(page)).toContain('Chicken thighs 12.5 kg');

    // Waste: the reason is required; a failure keeps what was typed.
    await page.getByRole('button', { name: 'Waste' }).click();
    const waste = page.getByRole('dialog', { name: 'Log waste' });
    await waste.getByLabel('Item').selectOption({ label: 'Penne (kg)' });
    await keypad(page, '0.75');
    await waste.getByRole('button', { name: 'Record waste' }).click();
    await expect(waste.getByRole('alert')).toHaveText('Choose why it was wasted.');
    await expect(waste.getByLabel('Quantity (kg)')).toHaveValue('0.75');
    await waste.getByLabel('Damaged').check();
    await expect(waste.getByRole('alert')).toHaveCount(0);
    await waste.getByLabel('Note (optional)').fill('bag split');
    await shoot(page, 'waste-sheet');
    await expectAccessible(page);
    await waste.getByRole('button', { name: 'Record waste' }).click();
    await toast(page, 'Wasted 0.75 kg Penne (damaged).');
    await expect.poll(() => stockRows(page)).toContain('Penne 7.25 kg');

    // Move 2 kg of chicken from the freezer to dry storage (defaults: from where it is).
    await page.getByRole('button', { name: 'Move' }).click();
    const move = page.getByRole('dialog', { name: 'Move stock' });
    await move.getByLabel('Item').selectOption({ label: 'Chicken thighs (kg)' });
    await expect(move.getByLabel('From', { exact: true })).toHaveValue(/.+/);
    await move.getByLabel('To', { exact: true }).selectOption({ label: 'Dry storage' });
    await keypad(page, '2');
    await shoot(page, 'move-sheet');
    await expectAccessible(page);
    await move.getByRole('button', { name: 'Move stock' }).click();
    await toast(page, 'Moved 2 kg Chicken thighs to Dry storage.');

    // By location: one row per place.
    await page.getByRole('button', { name: 'By location' }).click();
    const dry = page.getByRole('region', { name: 'Dry storage' });
    await expect(dry.getByRole('link', { name: /Chicken thighs/ })).toContainText('2 kg');
    const freezer = page.getByRole('region', { name: 'Walk-in freezer' });
    await expect(freezer.getByRole('link', { name: /Chicken thighs/ })).toContainText('10.5 kg');
    await shoot(page, 'stock-by-location');

    // Count the freezer shelf: the variance shows before confirming; Undo takes it back.
    await page.getByRole('button', { name: 'Count', exact: true }).click();
    const count = page.getByRole('dialog', { name: 'Count stock' });
    await count.getByLabel('Item').selectOption({ label: 'Chicken thighs (kg)' });
    await count.getByLabel('Location').selectOption({ label: 'Walk-in freezer (10.5 kg)' });
    const variance = count.getByTestId('variance');
    await expect(variance).toHaveText('On record: 10.5 kg. Type what is on the shelf now.');
    await keypad(page, '10');
    await expect(count.getByLabel('Counted on the shelf (kg)')).toHaveValue('10');
    await expect(variance).toHaveText(
      'On record: 10.5 kg. 0.5 kg less than on record: the difference is written off.',
    );
    await shoot(page, 'count-sheet');
    await expectAccessible(page);
    await count.getByRole('button', { name: 'Record count' }).click();
    const counted = await toast(
      page,
      'Counted 10 kg Chicken thighs in Walk-in freezer. 0.5 kg less than on record',
    );
    await expect(freezer.getByRole('link', { name: /Chicken thighs/ })).toContainText('10 kg');
    await counted.getByRole('button', { name: 'Undo' }).click();
    await toast(page, 'Undone.');
    await expect(freezer.getByRole('link', { name: /Chicken thighs/ })).toContainText('10.5 kg');
    await page.getByRole('button', { name: 'By category' }).click();

    // Badges: rice (none) and chicken (12.5 of 20) are below par; milk has no par.
    await expect(page.getByRole('link', { name: /^Rice/ })).toContainText('Below par');
    await expect(page.getByRole('link', { name: /^Milk/ })).not.toContainText('Below par');
    await page.getByRole('button', { name: /Below par/ }).click();
    expect(await stockRows(page)).toEqual(['Rice 0 kg', 'Chicken thighs 12.5 kg']);
    await page.getByRole('button', { name: /Below par/ }).click();

    // Search filters as you type.
    await page.getByLabel('Search items').fill('chi');
    expect(await stockRows(page)).toEqual(['Chicken thighs 12.5 kg']);
    await page.getByLabel('Search items').fill('dairy');
    expect(await stockRows(page)).toEqual(['Milk 0 l']);
    await page.getByLabel('Search items').fill('');
    await shoot(page, 'stock');
    await expectAccessible(page);
  });

  test('a use recorded offline with no stock shows below zero, and nothing is lost', async ({
    page,
    context,
  }) => {
    await startAlone(page, 'RS');
    await setUpKitchen(page, 'Yoghurt, each, Dairy');
    await waitForServiceWorker(page);
    await context.setOffline(true);
    await page.getByRole('button', { name: 'Use' }).click();
    const use = page.getByRole('dialog', { name: 'Use stock' });
    await use.getByLabel('Item').selectOption({ label: 'Yoghurt (each)' });
    await keypad(page, '3');
    await use.getByRole('button', { name: 'Record use' }).click();
    await toast(page, 'Used 3 each Yoghurt');
    const row = page.getByRole('link', { name: /^Yoghurt/ });
    await expect(row).toContainText('Below zero');
    await expect(row).toContainText('-3 each');
    await page.reload();
    await expect(page.getByRole('link', { name: /^Yoghurt/ })).toContainText('-3 each');

    // A delivery half typed survives closing the sheet and a reload.
    await page.getByRole('button', { name: 'Receive' }).click();
    const sheet = page.getByRole('dialog', { name: 'Receive a delivery' });
    await sheet.getByLabel('Item, line 1').selectOption({ label: 'Yoghurt (each)' });
    await keypad(page, '24');
    await sheet.getByRole('button', { name: 'Close' }).click();
    await page.reload();
    await page.getByRole('button', { name: 'Receive' }).click();
    await expect(sheet.getByLabel('Quantity, line 1')).toHaveValue('24');
    await sheet.getByRole('button', { name: 'Save delivery (1 line)' }).click();
    await toast(page, 'Delivery saved: 1 line.');
    await expect(page.getByRole('link', { name: /^Yoghurt/ })).toContainText('21 each');
    await context.setOffline(false);
  });
});
