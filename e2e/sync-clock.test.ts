/** A tablet whose clock is wrong says so once it has heard from the server. */
import { expect, test } from '@playwright/test';
import { createKitchen, joinedTablet } from './support/ui';

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
