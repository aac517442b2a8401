import { expect, test } from '@playwright/test';
import {
  expectAccessible,
  goToStock,
  keypad,
  LANDSCAPE,
  PORTRAIT,
  setUpKitchen,
  shoot,
  startAlone,
  stockRows,
  toast,
} from './support/ui';

test.use({ viewport: PORTRAIT });
// Long walks through a screen with axe scans and screenshots: room for a busy CI machine.
test.describe.configure({ timeout: 90_000 });

test.describe('item screen', () => {
  test('places, lots, history with undo and redo, edit, archive and restore', async ({ page }) => {
    await startAlone(page, 'AM');
    await setUpKitchen(page, 'Cheddar, kg, Dairy, 3');

    await page.getByRole('button', { name: 'Receive' }).click();
    const sheet = page.getByRole('dialog', { name: 'Receive a delivery' });
    await sheet.getByLabel('Item, line 1').selectOption({ label: 'Cheddar (kg)' });
    await keypad(page, '4');
    await sheet.getByLabel('Location, line 1').selectOption({ label: 'Walk-in freezer' });
    await sheet.getByLabel('Best before, line 1').fill('2099-05-01');
    await sheet.getByLabel('Price, line 1').fill('6.5');
    await sheet.getByRole('button', { name: 'Save delivery (1 line)' }).click();
    await toast(page, 'Delivery saved: 1 line.');

    // Far from its best-before: no badge. A lot dated tomorrow is flagged on the stock screen.
    await expect(page.getByRole('link', { name: /^Cheddar/ })).not.toContainText('Expiring soon');
    await page.getByRole('button', { name: 'Receive' }).click();
    await sheet.getByLabel('Item, line 1').selectOption({ label: 'Cheddar (kg)' });
    await keypad(page, '1');
    const tomorrow = await page.evaluate(() => {
      const d = new Date(Date.now() + 86_400_000);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    await sheet.getByLabel('Best before, line 1').fill(tomorrow);
    await sheet.getByRole('button', { name: 'Save delivery (1 line)' }).click();
    const saved = await toast(page, 'Delivery saved: 1 line.');
    await expect(page.getByRole('link', { name: /^Cheddar/ })).toContainText('Expiring soon');
    await expect(page.getByRole('link', { name: /^Cheddar/ })).toContainText('5 kg');
    await saved.getByRole('button', { name: 'Undo' }).click();
    await toast(page, 'Undone.');
    await expect(page.getByRole('link', { name: /^Cheddar/ })).not.toContainText('Expiring soon');

    await page.getByRole('link', { name: /^Cheddar/ }).click();
    await expect(page.getByRole('heading', { name: 'Cheddar', level: 1 })).toBeVisible();
    await expect(page.getByTestId('item-total')).toContainText('4 kg');
    const lots = page.getByRole('table', { name: 'Lots' });
    await expect(lots).toContainText('May 1, 2099');
    await expect(lots).toContainText('$6.50');

    // Use from the item screen: the item is chosen already.
    await page.getByRole('button', { name: 'Use', exact: true }).click();
    const use = page.getByRole('dialog', { name: 'Use stock' });
    await expect(use.getByLabel('Item')).toHaveValue(/.+/);
    await keypad(page, '1.5');
    await use.getByRole('button', { name: 'Record use' }).click();
    await toast(page, 'Used 1.5 kg Cheddar from Walk-in freezer.');
    await expect(page.getByTestId('item-total')).toContainText('2.5 kg');

    // Undo from the history, with a confirmation; the entry stays, struck through.
    const history = page.getByRole('list', { name: 'History' });
    await history.getByRole('button', { name: 'Undo: Used 1.5 kg from Walk-in freezer' }).click();
    const confirm = page.getByRole('dialog', { name: 'Undo this entry?' });
    await expect(confirm).toContainText('by AM');
    await shoot(page, 'undo-confirm');
    await expectAccessible(page);
    await confirm.getByRole('button', { name: 'Yes, undo it' }).click();
    await expect(page.getByTestId('item-total')).toContainText('4 kg');
    await expect(
      history.locator('s', { hasText: 'Used 1.5 kg from Walk-in freezer' }),
    ).toBeVisible();
    await expect(history).toContainText('Undid: used 1.5 kg from Walk-in freezer');
    await expect(history).toContainText('AM · this tablet');

    // Redo puts it back.
    await history.getByRole('button', { name: 'Redo: Used 1.5 kg from Walk-in freezer' }).click();
    await page
      .getByRole('dialog', { name: 'Redo this entry?' })
      .getByRole('button', { name: 'Yes, redo it' })
      .click();
    await expect(page.getByTestId('item-total')).toContainText('2.5 kg');
    await shoot(page, 'item');
    await expectAccessible(page);

    // Edit name, unit, category and par.
    await page.getByRole('button', { name: 'Edit item' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Cheddar' });
    await edit.getByLabel('Name').fill('Mature cheddar');
    await edit.getByLabel('Category').fill('Cheese');
    await edit.getByLabel('Par level').fill('2');
    await shoot(page, 'edit-item');
    await expectAccessible(page);
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByRole('heading', { name: 'Mature cheddar', level: 1 })).toBeVisible();
    await expect(page.getByTestId('item-total')).toContainText('par 2 · Cheese');
    await expect(history).toContainText(
      'Changed name to Mature cheddar, category to Cheese, par level to 2',
    );

    // Archive hides it from the stock screen; restore brings it back.
    await page.getByRole('button', { name: 'Archive item' }).click();
    const archived = await toast(page, 'Mature cheddar archived.');
    // The toast never covers the last control: the page leaves room below while it shows.
    await page.setViewportSize(LANDSCAPE);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const restore = await page.getByRole('button', { name: 'Restore item' }).boundingBox();
    const covering = await archived.boundingBox();
    expect((restore?.y ?? 0) + (restore?.height ?? 0)).toBeLessThanOrEqual(covering?.y ?? 0);
    await page.setViewportSize(PORTRAIT);
    await goToStock(page);
    expect(await stockRows(page)).toEqual([]);
    await page.goBack();
    await page.getByRole('button', { name: 'Restore item' }).click();
    await toast(page, 'Mature cheddar restored.');
    await goToStock(page);
    expect(await stockRows(page)).toEqual(['Mature cheddar 2.5 kg']);
  });

  test('the manage screen and welcome pass the accessibility scan, and a bad paste is explained', async ({
    page,
  }) => {
    await page.goto('/welcome');
    await expect(page.getByRole('heading', { name: 'Welcome to Larder' })).toBeVisible();
    await page.getByRole('button', { name: 'Use on this tablet only' }).click();
    await expect(page.getByRole('alert')).toContainText('Type your name or initials first');
    await page.getByRole('button', { name: 'Join a kitchen' }).click();
    await shoot(page, 'welcome-join');
    await expectAccessible(page);
    await page.getByLabel('Your name or initials').fill('KB');
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'Use on this tablet only' }).click();
    await expect(page.getByRole('heading', { name: 'Stock', exact: true })).toBeVisible();

    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('link', { name: 'Items and storage' })
      .click();
    await page.getByLabel('Storage area name').fill('North site store');
    await page.getByLabel('Kind').selectOption({ label: 'Other (site, room…)' });
    await page.getByRole('button', { name: 'Add storage area' }).click();
    await toast(page, 'Added North site store.');
    await page.getByText('Add many items at once').click();
    await page
      .getByLabel('Items to add')
      .fill('Oats, kg, Dry, 4\nOats, kg\nBeans, can, Tins, many');
    await expect(
      page.getByRole('status').filter({ hasText: '1 new item ready to add' }),
    ).toBeVisible();
    await expect(page.getByText('Line 3: the par level “many” is not a number.')).toBeVisible();
    await page.getByLabel('Import a CSV file').setInputFiles({
      name: 'items.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('name,unit,category,par\nFlour,kg,Dry,10\nSugar,kg,Dry,\n'),
    });
    await expect(page.getByLabel('Items to add')).toHaveValue(/Flour/);
    await page.getByRole('button', { name: 'Add 2 items' }).click();
    await toast(page, 'Added 2 items.');
    await expect(page.getByRole('list', { name: 'Items' })).toContainText('Flour');
    await page.getByRole('button', { name: 'Rename North site store' }).click();
    await page.getByLabel('New name for North site store').fill('North school store');
    await page.getByRole('button', { name: 'Save name' }).click();
    await toast(page, 'Renamed to North school store.');
    await page.getByRole('button', { name: 'Archive North school store' }).click();
    await expect(page.getByRole('list', { name: 'Storage areas' })).toContainText(
      'North school store · Other (site, room…) · archived',
    );
    await shoot(page, 'manage');
    await expectAccessible(page);
  });
});
