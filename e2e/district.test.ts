/** The district office's page: every kitchen at a glance, for the admin only. */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { Tablet } from '../src/lib/domain/test-support/tablet';
import { createKitchen, expectAccessible } from './support/ui';

const ADMIN = process.env['E2E_ADMIN_TOKEN'] ?? '';

/** A tablet of the kitchen, paired and synced through the API, that recorded a morning. */
async function kitchenWithMorning(baseURL: string, name: string, n: number) {
  const { kitchenId, joinCode } = await createKitchen(baseURL, name);
  const deviceId = `0000000${n}-0000-4000-8000-0000000000d${n}`;
  const paired = await fetch(`${baseURL}/api/v1/kitchens/${kitchenId}/devices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ joinCode, name: `${name} tablet`, deviceId }),
  });
  expect(paired.status).toBe(201);
  const { token } = (await paired.json()) as { token: string };
  const tablet = new Tablet(deviceId, 'MG');
  tablet.now = Date.now() - 60_000;
  const cooler = tablet.added({ type: 'addLocation', name: 'Cooler', kind: 'cooler' });
  const milk = tablet.added({ type: 'addItem', name: 'Milk', unit: 'carton', par: 10 * n });
  tablet.run({ type: 'receiveStock', itemId: milk, locationId: cooler, qty: 4 * n, unitCost: 2.5 });
  tablet.run({ type: 'wasteStock', itemId: milk, locationId: cooler, qty: 1, reason: 'spoiled' });
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const pushed: string[] = [];
  /** Pushes what the tablet recorded since, and waits for the server's figures. */
  const sync = async () => {
    const fresh = tablet.log.events.filter((e) => !pushed.includes(e.id));
    const res = await fetch(`${baseURL}/api/v1/kitchens/${kitchenId}/events`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ events: fresh }),
    });
    expect(res.status).toBe(200);
    pushed.push(...fresh.map((e) => e.id));
    // A stock read catches the server's figures up with the push.
    expect(
      (await fetch(`${baseURL}/api/v1/kitchens/${kitchenId}/stock`, { headers: auth })).status,
    ).toBe(200);
  };
  await sync();
  return { kitchenId, tablet, milk, cooler, sync };
}

test('the admin sees every kitchen’s figures, sorts them, downloads them, and the token stays in the tab', async ({
  page,
  baseURL,
}) => {
  const { kitchenId: lincoln } = await kitchenWithMorning(baseURL!, 'Lincoln Elementary', 1);
  const grantKitchen = await kitchenWithMorning(baseURL!, 'Grant Middle', 3);
  const grant = grantKitchen.kitchenId;
  // Grant sends Lincoln 2 cartons: open until Lincoln receives them.
  grantKitchen.tablet.run({
    type: 'sendStock',
    transferId: '44444444-0000-4000-8000-0000000000e1',
    toKitchen: lincoln,
    itemId: grantKitchen.milk,
    locationId: grantKitchen.cooler,
    qty: 2,
  });
  await grantKitchen.sync();

  await page.goto('/district');
  await expect(page.getByRole('heading', { name: 'District office' })).toBeVisible();
  // Not a tablet: no screens, no sync line.
  await expect(page.getByRole('link', { name: 'Items and storage' })).toHaveCount(0);
  await expectAccessible(page);

  const token = page.getByLabel('Admin token');
  await token.fill('not-the-admin-token-at-all');
  await page.getByRole('button', { name: 'Open' }).click();
  await expect(page.getByRole('alert')).toHaveText('That admin token is not right.');
  await token.fill(ADMIN);
  await page.getByRole('button', { name: 'Open' }).click();

  const rows = page.getByTestId('district-kitchen');
  const row = (id: string) => rows.filter({ has: page.getByRole('rowheader', { name: id }) });
  await expect(rows).not.toHaveCount(0);
  // Lincoln: 3 cartons at 2.50 left, 1 of par 10 below, 1 carton wasted; 4 entries today.
  await expect(row('Lincoln Elementary').getByRole('cell')).toHaveText([
    '$7.50',
    '1',
    '$2.50',
    /Lincoln Elementary tablet:\s+\S.*\d/,
    '4',
    '1 open',
  ]);
  // Grant: 9 cartons left after the send.
  await expect(row('Grant Middle').getByRole('cell').first()).toHaveText('$22.50');
  const lines = page.getByTestId('district-transfers').getByRole('row');
  await expect(
    lines.filter({ hasText: 'Grant Middle' }).filter({ hasText: 'Lincoln Elementary' }),
  ).toContainText(['Milk']);
  await expectAccessible(page);

  // Largest value first, then back.
  await page.getByRole('button', { name: 'Sort by Inventory value' }).click();
  const names = () => rows.getByRole('rowheader').allInnerTexts();
  const ours = (all: string[]) => all.filter((n) => /Lincoln|Grant/.test(n));
  expect(ours(await names())).toEqual(['Grant Middle', 'Lincoln Elementary']); // 22.50, 7.50
  await expect(page.getByRole('columnheader', { name: /Inventory value/ })).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  await page.getByRole('button', { name: 'Sort by Inventory value' }).click();
  expect(ours(await names())).toEqual(['Lincoln Elementary', 'Grant Middle']);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^larder-district-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
  const table = csv.trimEnd().split('\r\n');
  expect(table[0]).toBe(
    'Kitchen id,Kitchen,Inventory value,Below par,Waste this month,Entries today,Tablets,Last sync,Open transfers,Transfers to check',
  );
  expect(table).toContainEqual(
    expect.stringMatching(new RegExp(`^${lincoln},Lincoln Elementary,7.5,1,2.5,4,1,.*,1,0$`)),
  );
  expect(table).toContainEqual(
    expect.stringMatching(new RegExp(`^${grant},Grant Middle,22.5,1,2.5,5,1,.*,1,0$`)),
  );

  // The token lives in this tab's session only: a reload keeps it, nothing else holds it.
  await page.reload();
  await expect(row('Lincoln Elementary')).toBeVisible();
  expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(ADMIN);
  await page.getByRole('button', { name: 'Forget the token' }).click();
  await expect(page.getByLabel('Admin token')).toBeVisible();
  expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain(ADMIN);
});
