import { expect, test, type Page } from '@playwright/test';
import { ADMIN_TOKEN, serverPerTest } from './support/server';
import {
  addItem,
  addLocation,
  expectPending,
  expectStockScreen,
  joinKitchen,
  localEventIds,
  openApp,
  recordStock,
  waitForServiceWorker,
} from './support/tablet';

const server = serverPerTest(2);
// Entries walked through the screens on a shared 2-core machine: room for a busy CI.
test.describe.configure({ timeout: 90_000 });

/** Records a freezer, an item and `uses` uses of it offline: 3 + uses events pending. */
async function recordOffline(page: Page, uses: number): Promise<void> {
  await page.context().setOffline(true);
  await addLocation(page, 'Freezer');
  await addItem(page, 'Chicken');
  await recordStock(page, 'Chicken', 'Freezer', 'Received', 50);
  for (let i = 0; i < uses; i++) await recordStock(page, 'Chicken', 'Freezer', 'Used', 1);
  await expectPending(page, 3 + uses);
}

async function expectServerHoldsExactly(
  page: Page,
  kitchen: { kitchenId: string; joinCode: string },
) {
  const onServer = (await server.current.events(kitchen.kitchenId, kitchen.joinCode)).map(
    (e) => e.id,
  );
  expect(new Set(onServer).size).toBe(onServer.length);
  expect([...onServer].sort()).toEqual(await localEventIds(page));
  return onServer;
}

test.describe('sync through failures', () => {
  // Known race in these tests, not in the app: they hold or cut the push with page.route,
  // which does not see the service worker's requests, and now and then the worker's
  // Background Sync pushes before the page does, so the route never fires (seen once in
  // three CI runs). One retry, reported as flaky, until the push is held at the server.
  test.describe.configure({ retries: 1 });

  test('the server is killed during a sync and restarted: nothing lost, nothing duplicated', async ({
    page,
  }) => {
    const kitchen = await server.current.createKitchen();
    await openApp(page, server.current.url);
    await waitForServiceWorker(page);
    await joinKitchen(page, kitchen, 'Walk-in tablet', 'MG');
    await recordOffline(page, 4);

    // The push reaches the server and is stored; the server dies before the tablet hears.
    let killed = false;
    await page.route('**/api/v1/kitchens/*/events', async (route) => {
      if (killed || route.request().method() !== 'POST') return route.continue();
      killed = true;
      await route.fetch();
      await server.current.kill();
      await route.abort('connectionreset');
    });
    await page.context().setOffline(false);
    await expect.poll(() => killed).toBe(true);
    await expect(page.getByTestId('connection')).toHaveText('Server unreachable', {
      timeout: 10_000,
    });
    await expectPending(page, 7);

    await server.current.start();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expectPending(page, 0);
    const ids = await expectServerHoldsExactly(page, kitchen);
    expect(ids).toHaveLength(7);
  });

  test('a reload in the middle of a sync loses nothing', async ({ page }) => {
    const kitchen = await server.current.createKitchen();
    await openApp(page, server.current.url);
    await waitForServiceWorker(page);
    await joinKitchen(page, kitchen, 'Walk-in tablet', 'MG');
    await recordOffline(page, 3);

    // Hold the push until the page has gone: the reload cuts the sync off midway.
    let held = false;
    await page.route('**/api/v1/kitchens/*/events', async (route) => {
      if (held || route.request().method() !== 'POST') return route.continue();
      held = true;
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue().catch(() => undefined);
    });
    await page.context().setOffline(false);
    await expect.poll(() => held).toBe(true);
    await page.reload();
    await expectStockScreen(page);
    await expectPending(page, 0);
    const ids = await expectServerHoldsExactly(page, kitchen);
    expect(ids).toHaveLength(6);
  });
});

test.describe('sync status', () => {
  test('says clearly that sync is failing when the tablet was removed from the kitchen', async ({
    page,
  }) => {
    const kitchen = await server.current.createKitchen();
    await openApp(page, server.current.url);
    await joinKitchen(page, kitchen, 'Walk-in tablet', 'MG');
    const deviceId = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const open = indexedDB.open('larder');
          open.onsuccess = () => {
            const req = open.result.transaction('meta').objectStore('meta').get('identity');
            req.onsuccess = () => {
              resolve((req.result as { value: { deviceId: string } }).value.deviceId);
              open.result.close();
            };
          };
        }),
    );
    const res = await fetch(
      `${server.current.url}/api/v1/kitchens/${kitchen.kitchenId}/devices/${deviceId}`,
      {
        method: 'DELETE',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      },
    );
    expect(res.status).toBe(204);

    await addLocation(page, 'Freezer');
    await expect(page.getByTestId('sync-error')).toContainText(
      'no longer allowed to sync with the kitchen',
      { timeout: 15_000 },
    );
    // Nothing recorded is lost: it waits for the tablet to join again.
    await expectPending(page, 1);
  });
});
