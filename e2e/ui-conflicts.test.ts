import { expect, test, type Page } from '@playwright/test';
import { recordStock } from './support/tablet';
import {
  createKitchen,
  expectAccessible,
  joinedTablet as tablet,
  PORTRAIT,
  screens,
  shoot,
  toast,
} from './support/ui';

test.use({ viewport: PORTRAIT });
// Long walks through a screen with axe scans and screenshots: room for a busy CI machine.
test.describe.configure({ timeout: 90_000 });

/** On the items and storage screen: a walk-in cooler and an item Butter (par if given). */
async function addCoolerAndButter(page: Page, par?: string): Promise<void> {
  await screens(page).getByRole('link', { name: 'Items and storage' }).click();
  await page.getByRole('button', { name: 'Add Walk-in cooler' }).click();
  await toast(page, 'Added Walk-in cooler.');
  await page.getByLabel('New item name').fill('Butter');
  if (par) await page.getByLabel('Par level').fill(par);
  await page.getByRole('button', { name: 'Add item' }).click();
  await toast(page, 'Added Butter.');
}

test.describe('conflicts between tablets', () => {
  test('a wrong join code is explained and what was typed stays', async ({ page }) => {
    await page.goto('/welcome');
    await page.getByLabel('Your name or initials').fill('JT');
    await page.getByRole('button', { name: 'Join a kitchen' }).click();
    await page.getByLabel('Kitchen id').fill('no-such-kitchen');
    await page.getByLabel('Join code').fill('WRONG');
    await page.getByRole('button', { name: 'Join kitchen' }).click();
    await expect(page.getByRole('alert')).toContainText('Could not join the kitchen');
    await expect(page.getByRole('alert')).toContainText('try again');
    await expect(page.getByLabel('Join code')).toHaveValue('WRONG');
    await expect(page.getByLabel('Your name or initials')).toHaveValue('JT');
  });

  test('two tablets change the par level offline; the item shows both and one tap settles it', async ({
    browser,
    baseURL,
  }) => {
    const kitchen = await createKitchen(baseURL!);
    const a = await tablet(browser, kitchen, 'JT', 'Walk-in tablet');
    const b = await tablet(browser, kitchen, 'RS', 'Line tablet');

    await addCoolerAndButter(a.page, '2');
    await screens(a.page).getByRole('link', { name: 'Stock' }).click();
    await expect(b.page.getByRole('link', { name: /^Butter/ })).toBeVisible({ timeout: 20_000 });

    // Both offline, both change the par level of the same item.
    await a.context.setOffline(true);
    await b.context.setOffline(true);
    for (const [tab, par] of [
      [a, '5'],
      [b, '8'],
    ] as const) {
      await tab.page.getByRole('link', { name: /^Butter/ }).click();
      await tab.page.getByRole('button', { name: 'Edit item' }).click();
      await tab.page.getByRole('dialog').getByLabel('Par level').fill(par);
      await tab.page.getByRole('button', { name: 'Save changes' }).click();
      await expect(tab.page.getByTestId('item-total')).toContainText(`par ${par}`);
    }
    await a.context.setOffline(false);
    await b.context.setOffline(false);

    // Both tablets see the conflict on the item, with each value, who, which tablet and when.
    for (const [tab, self, other] of [
      [a, '5 by JT', '8 by RS, Line tablet'],
      [b, '8 by RS', '5 by JT, Walk-in tablet'],
    ] as const) {
      const notice = tab.page.getByRole('region', { name: 'Needs a decision' });
      await expect(notice).toBeVisible({ timeout: 30_000 });
      await expect(notice).toContainText('The par level was changed on two tablets');
      await expect(notice).toContainText(`${self}, this tablet`);
      // The other tablet's name comes from the server once back online.
      await expect(notice).toContainText(other, { timeout: 15_000 });
    }
    await expect(b.page.getByRole('list', { name: 'History' })).toContainText(
      'JT · Walk-in tablet',
    );
    await shoot(b.page, 'conflict');
    await expectAccessible(b.page);

    // Visible from the stock screen too.
    await screens(b.page).getByRole('link', { name: 'Stock' }).click();
    await expect(b.page.getByRole('note')).toContainText('1 item needs a decision');
    await expect(b.page.getByRole('link', { name: /^Butter/ })).toContainText('Needs a decision');
    await b.page.getByRole('button', { name: 'Show them' }).click();
    await b.page.getByRole('link', { name: /^Butter/ }).click();

    // One tap keeps 5: a new event, and both tablets settle on it.
    await b.page.getByRole('button', { name: 'Keep 5' }).click();
    await toast(b.page, 'Kept 5.');
    for (const tab of [a, b]) {
      await expect(tab.page.getByRole('region', { name: 'Needs a decision' })).toHaveCount(0, {
        timeout: 30_000,
      });
      await expect(tab.page.getByTestId('item-total')).toContainText('par 5');
    }
    await a.context.close();
    await b.context.close();
  });

  test('two counts of one shelf made offline are shown with who and when, and one is kept', async ({
    browser,
    baseURL,
  }) => {
    const kitchen = await createKitchen(baseURL!);
    const a = await tablet(browser, kitchen, 'JT', 'Walk-in tablet');
    const b = await tablet(browser, kitchen, 'RS', 'Line tablet');
    await addCoolerAndButter(a.page);

    // Counts are recorded with the Count action of the stock screen, both tablets offline.
    await screens(a.page).getByRole('link', { name: 'Stock' }).click();
    for (const tab of [a, b]) {
      await expect(tab.page.getByRole('link', { name: /^Butter/ })).toBeVisible({
        timeout: 20_000,
      });
    }
    await a.context.setOffline(true);
    await b.context.setOffline(true);
    await recordStock(a.page, 'Butter', 'Walk-in cooler', 'Counted', 7);
    await recordStock(b.page, 'Butter', 'Walk-in cooler', 'Counted', 9);
    await a.context.setOffline(false);
    await b.context.setOffline(false);

    for (const tab of [a, b]) {
      await screens(tab.page).getByRole('link', { name: 'Stock' }).click();
      await tab.page.getByRole('link', { name: /^Butter/ }).click();
      const notice = tab.page.getByRole('region', { name: 'Needs a decision' });
      await expect(notice).toContainText('9 kg by RS', { timeout: 30_000 });
      await expect(notice).toContainText('Two counts of Walk-in cooler were made at the same time');
      await expect(notice).toContainText('7 kg by JT');
    }
    await a.page.getByRole('button', { name: 'Keep 7 kg' }).click();
    await toast(a.page, 'Kept 7 kg.');
    for (const tab of [a, b]) {
      await expect(tab.page.getByRole('region', { name: 'Needs a decision' })).toHaveCount(0, {
        timeout: 30_000,
      });
      await expect(tab.page.getByTestId('item-total')).toContainText('7 kg on hand');
    }
    await a.context.close();
    await b.context.close();
  });
});
