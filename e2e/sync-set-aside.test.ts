/** One entry the server refuses never blocks a tablet: set aside, shown, kept, downloadable. */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import {
  createKitchen,
  joinedTablet,
  keypad,
  screens,
  setUpKitchen,
  stockRows,
  toast,
} from './support/ui';

test.describe.configure({ timeout: 90_000 });

test('an entry the server refuses is set aside and shown; the rest syncs; kept across a reload', async ({
  browser,
  baseURL,
}) => {
  const kitchen = await createKitchen(baseURL!, 'Aside Elementary');
  const { context, page } = await joinedTablet(browser, kitchen, 'JT', 'Walk-in tablet');
  await setUpKitchen(page, 'Rice, kg, Dry goods');

  // An entry of a newer Larder on this tablet, waiting to sync: this server does not know
  // its version. Put straight into the tablet's database, as that version would have.
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('larder');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(new Error(String(open.error)));
    });
    const tx = db.transaction(['meta', 'outbox'], 'readwrite');
    const identity = await new Promise<{ value: { deviceId: string } }>((resolve) => {
      const get = tx.objectStore('meta').get('identity');
      get.onsuccess = () => resolve(get.result as { value: { deviceId: string } });
    });
    const event = {
      id: '01900000-0000-7000-8000-00000000bad1',
      type: 'item.added',
      v: 99,
      hlc: `${String(Date.now()).padStart(15, '0')}-00000`,
      device: identity.value.deviceId,
      actor: 'JT',
      data: { itemId: '0a0a0a0a-0000-4000-8000-0000000000b1', name: 'Future', unit: 'kg' },
    };
    tx.objectStore('outbox').put({ id: event.id, lseq: 1_000_000, state: 0, event });
    await new Promise((resolve) => (tx.oncomplete = resolve));
    db.close();
  });

  // The next entry syncs; the refused one is set aside, not in the way.
  await page.getByRole('button', { name: 'Receive', exact: true }).click();
  const sheet = page.getByRole('dialog', { name: 'Receive a delivery' });
  await sheet.getByLabel('Item, line 1').selectOption({ label: 'Rice (kg)' });
  await keypad(page, '5');
  await sheet.getByLabel('Location, line 1').selectOption({ label: 'Dry storage' });
  await sheet.getByRole('button', { name: 'Save delivery (1 line)' }).click();
  await toast(page, 'Delivery saved: 1 line.');
  await expect(page.getByTestId('set-aside')).toHaveText('1 entry set aside');
  await expect(page.getByTestId('pending')).toHaveAttribute('data-count', '0');

  // Another tablet of the kitchen has the delivery.
  const other = await joinedTablet(browser, kitchen, 'MG', 'Office tablet');
  await expect(other.page.locator('section.group')).toContainText('Rice');
  expect(await stockRows(other.page)).toEqual(['Rice 5 kg']);

  // Shown with why, kept across a reload, and downloadable.
  await page.reload();
  await expect(page.getByTestId('set-aside')).toHaveText('1 entry set aside');
  await page.getByTestId('set-aside').click();
  const aside = page.getByRole('region', { name: 'Entries the server refused' });
  await expect(aside).toContainText('An entry of another version of Larder (item.added)');
  await expect(aside).toContainText('The server does not take it as it is (v: version 99');
  const downloading = page.waitForEvent('download');
  await aside.getByRole('button', { name: 'Download them' }).click();
  const file = await downloading;
  const [line] = readFileSync(await file.path(), 'utf8')
    .trim()
    .split('\n');
  expect(JSON.parse(line!)).toMatchObject({
    event: { id: '01900000-0000-7000-8000-00000000bad1', v: 99 },
    refusal: { code: 'invalid_events' },
  });
  await expect(screens(page)).toBeVisible();
  await other.context.close();
  await context.close();
});
