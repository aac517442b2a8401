/** Transfers between schools: sent by one kitchen, received by another, right in both books. */
import { expect, test, type Page } from '@playwright/test';
import {
  createKitchen,
  expectAccessible,
  joinedTablet,
  keypad,
  setUpKitchen,
  stockRows,
  toast,
} from './support/ui';

test.describe.configure({ timeout: 150_000 });

/** A kitchen's tablet with milk in cartons, cases of 12, 24 cartons at 0.40 in the cooler. */
async function baseKitchen(page: Page) {
  await setUpKitchen(page, 'Milk, carton, Dairy');
  await page.getByRole('link', { name: /^Milk/ }).click();
  const packs = page.getByRole('region', { name: 'Packs' });
  await packs.getByLabel('Pack (case, sleeve…)').fill('case');
  await packs.getByLabel('holds (carton)').fill('12');
  await packs.getByRole('button', { name: 'Save pack' }).click();
  await toast(page, 'Pack case saved.');
  await page.getByRole('button', { name: 'Receive', exact: true }).click();
  const sheet = page.getByRole('dialog', { name: 'Receive a delivery' });
  await keypad(page, '24');
  await sheet.getByLabel('Location, line 1').selectOption({ label: 'Walk-in freezer' });
  await sheet.getByLabel('Price, line 1').fill('0.40');
  await sheet.getByRole('button', { name: 'Save delivery (1 line)' }).click();
  await toast(page, 'Delivery saved: 1 line.');
}

async function transfersScreen(page: Page) {
  await page.goto('/transfers');
  await expect(page.getByRole('heading', { name: 'Transfers between schools' })).toBeVisible();
}

test('2 cases of milk sent offline; 1 case and 5 cartons received offline: both books and the discrepancy', async ({
  browser,
  baseURL,
}) => {
  const base = await createKitchen(baseURL!, 'Central Kitchen');
  const satellite = await createKitchen(baseURL!, 'Hill Elementary');
  const a = await joinedTablet(browser, base, 'AB', 'Central tablet');
  const b1 = await joinedTablet(browser, satellite, 'CD', 'Hill walk-in');
  const b2 = await joinedTablet(browser, satellite, 'EF', 'Hill office');
  await baseKitchen(a.page);
  await setUpKitchen(b1.page, 'Apples, each, Produce');

  // The district's schools are heard while online; the send itself is made offline.
  await transfersScreen(a.page);
  await expect(a.page.getByText(/As the server said/)).toBeVisible();
  await a.context.setOffline(true);
  await a.page.getByRole('button', { name: 'Send to another school' }).click();
  const send = a.page.getByRole('dialog', { name: 'Send to another school' });
  await send
    .getByRole('combobox', { name: 'To', exact: true })
    .selectOption({ label: 'Hill Elementary' });
  await send.getByLabel('Item, line 1').selectOption({ label: 'Milk (carton)' });
  await send.getByLabel('Quantity, line 1').fill('2 case');
  await expectAccessible(a.page);
  await send.getByRole('button', { name: 'Send 1 line' }).click();
  await toast(a.page, 'Sent 1 line to Hill Elementary.');
  await a.page.goto('/');
  await expect.poll(() => stockRows(a.page)).toEqual(['Milk 0 carton']);
  await a.context.setOffline(false);
  await expect(a.page.getByTestId('pending')).toHaveAttribute('data-count', '0');

  // The satellite's tablet hears of it, with a badge, and receives offline.
  await b1.page.reload();
  await transfersScreen(b1.page);
  const incoming = b1.page.getByTestId('transfer-in');
  await expect(incoming).toContainText('From Central Kitchen');
  await expect(incoming).toContainText('Milk: 2 case (24 carton)');
  await b1.page.goto('/');
  await expect(b1.page.getByTestId('transfers-waiting')).toContainText('1 transfer to receive');
  await b1.context.setOffline(true);
  await b1.page.getByTestId('transfers-waiting').getByRole('link', { name: 'Transfers' }).click();
  await b1.page.getByRole('button', { name: 'Receive', exact: true }).click();
  const receive = b1.page.getByRole('dialog', { name: 'Receive from Central Kitchen' });
  await expect(receive).toContainText('Sent: 2 case (24 carton)');
  await expect(receive.getByLabel('Into item, line 1')).toHaveValue(/.+/);
  await receive.getByLabel('Arrived, line 1').fill('1 case + 5');
  await receive.getByLabel('Location, line 1').selectOption({ label: 'Walk-in freezer' });
  await expectAccessible(b1.page);
  await receive.getByRole('button', { name: 'Record what arrived' }).click();
  await toast(b1.page, 'Received from Central Kitchen.');
  await expect(b1.page.getByText('Recorded here, not synced yet.')).toBeVisible();
  await b1.page.goto('/');
  await expect
    .poll(() => stockRows(b1.page))
    .toEqual(['Apples 0 each', 'Milk 1 case + 5 carton (17 carton)']);
  await b1.context.setOffline(false);
  await expect(b1.page.getByTestId('pending')).toHaveAttribute('data-count', '0');

  // The other tablet of the satellite has the milk; both ends show the discrepancy.
  await b2.page.reload();
  await expect
    .poll(() => stockRows(b2.page))
    .toEqual(['Apples 0 each', 'Milk 1 case + 5 carton (17 carton)']);
  for (const page of [a.page, b2.page]) {
    await transfersScreen(page);
    await expect(page.locator('article.transfer').first()).toContainText(
      '1 case + 5 carton (17 carton) arrived: 7 carton short',
    );
    await expect(page.locator('article.transfer').first()).toContainText('Received');
    await expectAccessible(page);
  }

  // Month-end at both ends: 24 cartons at 0.40 = 9.60 left the base kitchen; 17 arrived,
  // 6.80; 2.80 went missing on the way. Neither kitchen ate any of it.
  const rows = (page: Page) =>
    page.getByRole('region', { name: 'Transfers', exact: true }).getByRole('row');
  await a.page.goto('/reports');
  await expect(a.page.getByTestId('report-purchases')).toHaveText('$9.60');
  await expect(a.page.getByTestId('report-transfers-out')).toHaveText('$9.60');
  await expect(a.page.getByTestId('report-closing')).toHaveText('$0.00');
  await expect(a.page.getByTestId('report-cost-of-food')).toHaveText('$0.00');
  await expect(rows(a.page).nth(1)).toContainText(
    /to Hill ElementaryMilk24 carton17 carton\$9\.60\$2\.80AB → CD$/,
  );
  await b2.page.goto('/reports');
  await expect(b2.page.getByTestId('report-transfers-in')).toHaveText('$6.80');
  await expect(b2.page.getByTestId('report-closing')).toHaveText('$6.80');
  await expect(b2.page.getByTestId('report-cost-of-food')).toHaveText('$0.00');
  await expect(rows(b2.page).nth(1)).toContainText(
    /from Central KitchenMilk24 carton17 carton\$6\.80\$2\.80AB → CD$/,
  );
});

/** Sends `qty` of milk to the school from the transfers screen. */
async function sendMilk(page: Page, qty: string, to: string) {
  await transfersScreen(page);
  await page.getByRole('button', { name: 'Send to another school' }).click();
  const send = page.getByRole('dialog', { name: 'Send to another school' });
  await send.getByRole('combobox', { name: 'To', exact: true }).selectOption({ label: to });
  await send.getByLabel('Item, line 1').selectOption({ label: 'Milk (carton)' });
  await send.getByLabel('Quantity, line 1').fill(qty);
  await send.getByRole('button', { name: 'Send 1 line' }).click();
  await toast(page, `Sent 1 line to ${to}.`);
  await expect(page.getByTestId('pending')).toHaveAttribute('data-count', '0');
}

test('a refusal is settled by the sender; a send undone after its receipt is a conflict at both ends, settled in one tap', async ({
  browser,
  baseURL,
}) => {
  const base = await createKitchen(baseURL!, 'North Kitchen');
  const satellite = await createKitchen(baseURL!, 'Lake Middle');
  const a = await joinedTablet(browser, base, 'AB', 'North tablet');
  const b = await joinedTablet(browser, satellite, 'CD', 'Lake tablet');
  await baseKitchen(a.page);
  await setUpKitchen(b.page, 'Apples, each, Produce');
  const stock = async (page: Page, rows: string[]) => {
    await page.goto('/');
    await expect.poll(() => stockRows(page)).toEqual(rows);
  };

  // Refused at the satellite: the sender sees why and puts the milk back.
  await sendMilk(a.page, '6', 'Lake Middle');
  await transfersScreen(b.page);
  await b.page.getByRole('button', { name: 'Receive', exact: true }).click();
  const receive = b.page.getByRole('dialog', { name: 'Receive from North Kitchen' });
  await receive.getByRole('button', { name: 'Refuse it…' }).click();
  await receive.getByRole('button', { name: 'Refuse the transfer' }).click();
  await expect(receive.getByRole('alert')).toHaveText(
    'Say why it is refused: the sending school reads it.',
  );
  await receive.getByLabel('Why is it refused?').fill('Warm on arrival');
  await receive.getByRole('button', { name: 'Refuse the transfer' }).click();
  await toast(b.page, 'Refused the transfer from North Kitchen.');
  await expect(b.page.getByTestId('pending')).toHaveAttribute('data-count', '0');
  await stock(a.page, ['Milk 1 case + 6 carton (18 carton)']);
  await transfersScreen(a.page);
  const refused = a.page.getByTestId('transfer-out').first();
  await expect(refused).toContainText('Refused by CD: Warm on arrival');
  await refused.getByRole('button', { name: 'Put it back in stock here' }).click();
  await toast(a.page, 'Settled.');
  await expect(refused.getByRole('button', { name: 'Put it back in stock here' })).toHaveCount(0);
  await stock(a.page, ['Milk 2 case (24 carton)']);

  // Received, then the sender undoes its send: both ends see the conflict; the sender
  // sends it again in one tap and both books agree.
  await sendMilk(a.page, '12', 'Lake Middle');
  await transfersScreen(b.page);
  await b.page.getByRole('button', { name: 'Receive', exact: true }).click();
  await b.page
    .getByRole('dialog', { name: 'Receive from North Kitchen' })
    .getByRole('button', { name: 'Record what arrived' })
    .click();
  await toast(b.page, 'Received from North Kitchen.');
  await expect(b.page.getByTestId('pending')).toHaveAttribute('data-count', '0');
  await a.page.goto('/');
  await a.page.getByRole('link', { name: /^Milk/ }).click();
  const history = a.page.getByRole('list', { name: 'History' });
  await history.getByRole('button', { name: /^Undo: Sent 12 carton from Walk-in freezer/ }).click();
  await a.page
    .getByRole('dialog', { name: 'Undo this entry?' })
    .getByRole('button', { name: 'Yes, undo it' })
    .click();
  await expect(a.page.getByTestId('pending')).toHaveAttribute('data-count', '0');
  for (const page of [a.page, b.page]) {
    await transfersScreen(page);
    await expect(page.locator('article.transfer').first()).toContainText(
      'Received, but the sending school undid the send since.',
    );
  }
  await a.page
    .getByTestId('transfer-out')
    .first()
    .getByRole('button', { name: 'Send it again' })
    .click();
  await toast(a.page, 'Settled.');
  await expect(a.page.getByTestId('pending')).toHaveAttribute('data-count', '0');
  await a.page.getByRole('button', { name: 'Check again' }).click();
  await expect(a.page.getByTestId('transfer-out').first()).not.toContainText('undid the send');
  await expect(a.page.getByTestId('transfer-out').first()).toContainText('Received');
  await stock(a.page, ['Milk 1 case (12 carton)']);
  await stock(b.page, ['Apples 0 each', 'Milk 1 case (12 carton)']);
});

test('rice sent in kg goes into the satellite’s own rice, kept in lb: counted in lb, worth what was sent, and remembered', async ({
  browser,
  baseURL,
}) => {
  const base = await createKitchen(baseURL!, 'South Kitchen');
  const satellite = await createKitchen(baseURL!, 'Park Elementary');
  const a = await joinedTablet(browser, base, 'AB', 'South tablet');
  const b = await joinedTablet(browser, satellite, 'CD', 'Park tablet');
  await setUpKitchen(a.page, 'Rice, kg, Grains');
  await a.page.getByRole('link', { name: /^Rice/ }).click();
  await a.page.getByRole('button', { name: 'Receive', exact: true }).click();
  const delivery = a.page.getByRole('dialog', { name: 'Receive a delivery' });
  await keypad(a.page, '10');
  await delivery.getByLabel('Location, line 1').selectOption({ label: 'Dry storage' });
  await delivery.getByLabel('Price, line 1').fill('2.00');
  await delivery.getByRole('button', { name: 'Save delivery (1 line)' }).click();
  await toast(a.page, 'Delivery saved: 1 line.');
  await setUpKitchen(b.page, 'Rice, lb, Grains');

  const sendRice = async (qty: string) => {
    await transfersScreen(a.page);
    await a.page.getByRole('button', { name: 'Send to another school' }).click();
    const send = a.page.getByRole('dialog', { name: 'Send to another school' });
    await send
      .getByRole('combobox', { name: 'To', exact: true })
      .selectOption({ label: 'Park Elementary' });
    await send.getByLabel('Item, line 1').selectOption({ label: 'Rice (kg)' });
    await send.getByLabel('Quantity, line 1').fill(qty);
    await send.getByRole('button', { name: 'Send 1 line' }).click();
    await toast(a.page, 'Sent 1 line to Park Elementary.');
    await expect(a.page.getByTestId('pending')).toHaveAttribute('data-count', '0');
    await transfersScreen(b.page);
    await b.page.getByRole('button', { name: 'Receive', exact: true }).click();
    return b.page.getByRole('dialog', { name: 'Receive from South Kitchen' });
  };

  // 5 kg into the satellite's own rice: what arrived is filled in in pounds.
  let receive = await sendRice('5');
  await expect(receive).toContainText('Sent: 5 kg');
  await receive.getByLabel('Into item, line 1').selectOption({ label: 'Rice' });
  await expect(receive).toContainText('Kept here in lb: that is 11.023 lb.');
  await expect(receive.getByLabel('Arrived, line 1')).toHaveValue('11.023');
  await receive.getByLabel('Location, line 1').selectOption({ label: 'Dry storage' });
  await expectAccessible(b.page);
  await receive.getByRole('button', { name: 'Record what arrived' }).click();
  await toast(b.page, 'Received from South Kitchen.');
  await expect(b.page.getByTestId('pending')).toHaveAttribute('data-count', '0');
  await b.page.goto('/');
  await expect.poll(() => stockRows(b.page)).toEqual(['Rice 11.023 lb']);
  for (const page of [a.page, b.page]) {
    await transfersScreen(page);
    await expect(page.locator('article.transfer').first()).toContainText('11.023 lb arrived');
  }

  // Both books: 5 kg at 2.00 left the base kitchen, 10.00; the same arrived.
  await a.page.goto('/reports');
  await expect(a.page.getByTestId('report-transfers-out')).toHaveText('$10.00');
  // The sender reads what arrived in its own unit.
  await expect(
    a.page.getByRole('region', { name: 'Transfers', exact: true }).getByRole('row').nth(1),
  ).toContainText(/to Park ElementaryRice5 kg5 kg\$10\.00\$0\.00AB → CD$/);
  await b.page.goto('/reports');
  await expect(b.page.getByTestId('report-transfers-in')).toHaveText('$10.00');
  await expect(b.page.getByTestId('report-closing')).toHaveText('$10.00');

  // The next rice from there goes into the same item, in pounds, without asking.
  receive = await sendRice('1');
  await expect(receive.getByLabel('Into item, line 1').locator('option:checked')).toHaveText(
    'Rice',
  );
  await expect(receive.getByLabel('Arrived, line 1')).toHaveValue('2.205');
});
