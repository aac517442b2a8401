/** Packs of an item, set from its screen: "1 case = 6 can". */
import { expect, test } from '@playwright/test';
import { checkScreen, keypad, setUpKitchen, startAlone, toast } from './support/ui';

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
  await expect(page.getByRole('alert')).toContainText('A pack cannot be named “can”');
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
