/**
 * A tablet whose clock is wrong says so once it has heard from the server, and what it
 * records is stamped by the server's time (DESIGN 4.1).
 */
import { expect, test } from '@playwright/test';
import { addItem, expectPending } from './support/tablet';
import { createKitchen, joinedTablet } from './support/ui';

/** The kitchen's log on the server, read by a tablet paired for the purpose. */
async function serverLog(baseURL: string, kitchen: { kitchenId: string; joinCode: string }) {
  const api = `${baseURL}/api/v1/kitchens/${kitchen.kitchenId}`;
  const paired = await fetch(`${api}/devices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      joinCode: kitchen.joinCode,
      name: 'reader',
      deviceId: crypto.randomUUID(),
    }),
  });
  const { token } = (await paired.json()) as { token: string };
  const res = await fetch(`${api}/events?after=0`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await res.json()) as { events: { type: string; hlc: string }[] }).events;
}

test('a tablet 3 hours ahead of the server asks for the right time; once right, it stops', async ({
  browser,
  baseURL,
}) => {
  const kitchen = await createKitchen(baseURL!, 'Clock Elementary');
  const { context, page } = await joinedTablet(browser, kitchen, 'JT', 'Walk-in tablet');
  await expect(page.getByTestId('pending')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('clock-skew')).toHaveCount(0);

  await page.clock.setFixedTime(Date.now() + 3 * 3600_000);
  await page.reload();
  await expect(page.getByTestId('clock-skew')).toHaveText(
    "This tablet's clock is 3 hours ahead of the server's: set the right date and time in the tablet's settings, or its entries sort out of place.",
  );

  await page.clock.setFixedTime(Date.now());
  await page.reload();
  await expect(page.getByTestId('clock-skew')).toHaveCount(0);
  await context.close();
});

test('what a tablet 10 years ahead records lands stamped by the server’s time, not its own', async ({
  browser,
  baseURL,
}) => {
  const kitchen = await createKitchen(baseURL!, 'Decade Elementary');
  const { context, page } = await joinedTablet(browser, kitchen, 'JT', 'Walk-in tablet');
  await expect(page.getByTestId('pending')).toHaveAttribute('data-count', '0');
  const tenYears = 10 * 365 * 24 * 3600_000;
  await page.clock.setFixedTime(Date.now() + tenYears);
  await page.reload();
  await addItem(page, 'Rice');
  await expectPending(page, 0);
  await expect(page.getByTestId('clock-skew')).toContainText("This tablet's clock is");
  const added = (await serverLog(baseURL!, kitchen)).filter((e) => e.type === 'item.added');
  expect(added).toHaveLength(1);
  expect(Math.abs(Number(added[0]!.hlc.slice(0, 15)) - Date.now())).toBeLessThan(120_000);
  await context.close();
});
