import { expect, test } from '@playwright/test';
import { serverPerTest } from './support/server';
import {
  addItem,
  addLocation,
  expectPending,
  expectStockScreen,
  joinKitchen,
  localEventIds,
  openApp,
  recordStock,
  stockLines,
  waitForServiceWorker,
} from './support/tablet';

const server = serverPerTest(0);

test.describe('offline-first tablet', () => {
  test('installs, reloads offline, records, and syncs when back online', async ({
    page,
    context,
  }) => {
    const kitchen = await server.current.createKitchen();
    await openApp(page, server.current.url);
    await waitForServiceWorker(page);
    await joinKitchen(page, kitchen, 'Walk-in tablet', 'MG');

    await context.setOffline(true);
    await page.reload();
    await expectStockScreen(page);
    await expect(page.getByTestId('connection')).toHaveText('Offline');

    await addLocation(page, 'Freezer');
    await addItem(page, 'Chicken');
    await recordStock(page, 'Chicken', 'Freezer', 'Received', 12.5);
    expect(await stockLines(page)).toEqual(['Chicken | Freezer | 12.5 kg']);
    await expectPending(page, 3);

    await context.setOffline(false);
    await expectPending(page, 0);
    await expect(page.getByTestId('connection')).toHaveText('Online');
    await expect(page.getByTestId('last-synced')).toBeVisible();
    const onServer = await server.current.events(kitchen.kitchenId, kitchen.joinCode);
    expect(onServer.map((e) => e.id).sort()).toEqual(await localEventIds(page));
    expect(onServer.map((e) => e.type)).toEqual(['location.added', 'item.added', 'stock.received']);
  });
});
