import { expect, test, type Browser, type Page } from '@playwright/test';
import { serverPerTest } from './support/server';
import {
  addItem,
  addLocation,
  expectPending,
  joinKitchen,
  localEventIds,
  openApp,
  recordStock,
  stockLines,
  waitForServiceWorker,
} from './support/tablet';

const server = serverPerTest(1);
// Two tablets walked through the screens on a shared 2-core machine: room for a busy CI.
test.describe.configure({ timeout: 90_000 });

async function tablet(
  browser: Browser,
  name: string,
  actor: string,
  kitchen: {
    kitchenId: string;
    joinCode: string;
  },
) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await openApp(page, server.current.url);
  await waitForServiceWorker(page);
  await joinKitchen(page, kitchen, name, actor);
  return { context, page };
}

/**
 * Waits until both tablets show `expected` (in any order), then checks they show it the
 * same way. Both screens are read on every poll: either may still be catching up.
 */
async function sameScreens(a: Page, b: Page, expected: string[]): Promise<void> {
  const sorted = [...expected].sort();
  for (const page of [a, b]) {
    await expect
      .poll(async () => (await stockLines(page)).sort(), { timeout: 20_000 })
      .toEqual(sorted);
  }
  expect(await stockLines(a)).toEqual(await stockLines(b));
}

test.describe('two tablets of one kitchen', () => {
  test('record conflicting and independent changes offline, and converge online', async ({
    browser,
  }) => {
    const kitchen = await server.current.createKitchen();
    const a = await tablet(browser, 'Walk-in tablet', 'JT', kitchen);
    const b = await tablet(browser, 'Line tablet', 'RS', kitchen);

    await addLocation(a.page, 'Freezer');
    await addItem(a.page, 'Chicken');
    await recordStock(a.page, 'Chicken', 'Freezer', 'Received', 10);
    await expectPending(a.page, 0);
    // B hears of it through the event stream, without reloading.
    await expect
      .poll(() => stockLines(b.page), { timeout: 10_000 })
      .toEqual(['Chicken | Freezer | 10 kg']);

    await a.context.setOffline(true);
    await b.context.setOffline(true);
    await recordStock(a.page, 'Chicken', 'Freezer', 'Used', 2);
    await recordStock(b.page, 'Chicken', 'Freezer', 'Used', 3);
    await addItem(a.page, 'Rice');
    await addItem(b.page, 'Peas');
    await recordStock(a.page, 'Rice', 'Freezer', 'Received', 5);
    await recordStock(b.page, 'Peas', 'Freezer', 'Received', 7);
    expect(await stockLines(a.page)).toEqual(['Chicken | Freezer | 8 kg', 'Rice | Freezer | 5 kg']);
    // Two counts of the same shelf that did not see each other: a conflict.
    await recordStock(a.page, 'Chicken', 'Freezer', 'Counted', 6);
    await recordStock(b.page, 'Chicken', 'Freezer', 'Counted', 4);
    await expectPending(a.page, 4);
    await expectPending(b.page, 4);

    await a.context.setOffline(false);
    await b.context.setOffline(false);
    await expectPending(a.page, 0);
    await expectPending(b.page, 0);

    // B's count was recorded after A's (later clock), so it is the winner on both tablets.
    await sameScreens(a.page, b.page, [
      'Chicken | Freezer | 4 kg',
      'Peas | Freezer | 7 kg',
      'Rice | Freezer | 5 kg',
    ]);

    const onServer = (await server.current.events(kitchen.kitchenId, kitchen.joinCode)).map(
      (e) => e.id,
    );
    expect(onServer).toHaveLength(11);
    expect(new Set(onServer).size).toBe(11);
    await expect.poll(() => localEventIds(a.page)).toEqual([...onServer].sort());
    await expect.poll(() => localEventIds(b.page)).toEqual([...onServer].sort());
    await a.context.close();
    await b.context.close();
  });
});
