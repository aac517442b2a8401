/** Defects found while trying the tablet as a cook: each fails without its fix. */
import { expect, test } from '@playwright/test';
import { LANDSCAPE, PORTRAIT, screens, setUpKitchen, startAlone, toast } from './support/ui';

test.describe.configure({ timeout: 90_000 });

const LONG = 'Organic whole grain brown rice parboiled long grain food service pack 25 lb';

test('an item name of 75 characters keeps every sheet inside the screen', async ({ page }) => {
  await startAlone(page, 'JT');
  await setUpKitchen(page, `${LONG}, kg, Dry goods`);
  await page.getByRole('button', { name: 'Receive' }).click();
  let sheet = page.getByRole('dialog');
  await sheet.getByLabel('Item, line 1').selectOption({ label: `${LONG} (kg)` });
  await sheet.getByRole('button', { name: '5', exact: true }).click();
  await sheet.getByRole('button', { name: /^Save delivery/ }).click();
  await toast(page, 'Delivery saved: 1 line.');

  for (const size of [PORTRAIT, LANDSCAPE]) {
    await page.setViewportSize(size);
    for (const action of ['Receive', 'Use', 'Waste', 'Move', 'Count']) {
      await page.getByRole('button', { name: action, exact: true }).click();
      sheet = page.getByRole('dialog');
      await expect(sheet).toBeVisible();
      const picker = sheet.getByLabel(action === 'Receive' ? 'Item, line 1' : 'Item', {
        exact: true,
      });
      await picker.selectOption({ label: `${LONG} (kg)` });
      const box = (await sheet.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(size.width);
      // The keypad's right column and the save button are on screen and inside the sheet.
      const keys = await sheet.getByRole('button', { name: '9', exact: true }).boundingBox();
      expect(keys!.x + keys!.width).toBeLessThanOrEqual(box.x + box.width);
      if (action === 'Receive') {
        // The keypad sits beside the delivery lines (landscape) or under them, never on them.
        const line = (await sheet
          .getByRole('group', { name: 'Line 1', exact: true })
          .boundingBox())!;
        const pad = (await sheet.getByRole('group', { name: /^Number keys/ }).boundingBox())!;
        const apart =
          pad.x >= line.x + line.width ||
          pad.x + pad.width <= line.x ||
          pad.y >= line.y + line.height ||
          pad.y + pad.height <= line.y;
        expect(apart, `keypad on the delivery line at ${size.width}px`).toBe(true);
      }
      const wide = await sheet.evaluate((d) => d.scrollWidth > d.clientWidth + 1);
      expect(wide, `${action} sheet at ${size.width}px is wider than itself`).toBe(false);
      await sheet.getByRole('button', { name: 'Close' }).click();
      await expect(sheet).toHaveCount(0);
    }
  }
});

test('the add of an item in use is not offered for undo; archive is', async ({ page }) => {
  await startAlone(page, 'JT');
  await setUpKitchen(page, 'Butter, kg, Dairy');
  await page.getByRole('button', { name: 'Receive' }).click();
  const sheet = page.getByRole('dialog');
  await sheet.getByLabel('Item, line 1').selectOption({ label: 'Butter (kg)' });
  await sheet.getByRole('button', { name: '2', exact: true }).click();
  await sheet.getByRole('button', { name: /^Save delivery/ }).click();
  await toast(page, 'Delivery saved: 1 line.');
  await page.getByRole('link', { name: /^Butter/ }).click();
  const added = page.getByRole('list', { name: 'History' }).getByRole('listitem').last();
  await expect(added).toContainText('Added Butter (kg)');
  await expect(added.getByRole('button')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Archive item' })).toBeVisible();
});

test('the single Add item form refuses a name already in the catalog', async ({ page }) => {
  await startAlone(page, 'JT');
  await setUpKitchen(page, 'Butter, kg, Dairy');
  await screens(page).getByRole('link', { name: 'Items and storage' }).click();
  await page.getByLabel('New item name').fill(' butter ');
  await page.getByRole('button', { name: 'Add item' }).click();
  await expect(page.getByRole('alert')).toContainText('“Butter” is already in the catalog.');
  await expect(page.getByRole('list', { name: 'Items' }).getByRole('listitem')).toHaveCount(1);
});

test('the header shows no initials before a name is typed, and only letters after', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Welcome to Larder' })).toBeVisible();
  const who = page.getByRole('link', { name: /^Who is using this tablet/ });
  await expect(who).toHaveText('');
  await page.getByLabel('Your name or initials').fill('<b>Ann</b> Lee');
  await page.getByRole('button', { name: 'Use on this tablet only' }).click();
  await expect(page.getByRole('heading', { name: 'Stock', exact: true })).toBeVisible();
  await expect(who).toHaveText('AL');
});
