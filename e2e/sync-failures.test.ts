import { expect, test, type Page } from '@playwright/test';
import { PushProxy } from './support/push-proxy';
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
  // The tablet's origin is a proxy in front of the server, which holds the push wherever it
  // comes from: the page, or the service worker's Background Sync, which sometimes pushes
  // first and which page.route does not see.
  let proxy: PushProxy;
  test.beforeEach(async () => {
    proxy = await PushProxy.start(server.current.port);
  });
  test.afterEach(async () => {
    await proxy.close();
  });

  test('the server is killed during a sync and restarted: nothing lost, nothing duplicated', async ({
    page,
  }) => {
    const kitchen = await server.current.createKitchen();
    await openApp(page, proxy.url);
    await waitForServiceWorker(page);
    await joinKitchen(page, kitchen, 'Walk-in tablet', 'MG');
    await recordOffline(page, 4);

    // The push reaches the server and is stored; the server dies before the tablet hears.
    const held = proxy.nextPush();
    await page.context().setOffline(false);
    const push = await held;
    await push.forward();
    await server.current.kill();
    push.reset();
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
    await openApp(page, proxy.url);
    await waitForServiceWorker(page);
    await joinKitchen(page, kitchen, 'Walk-in tablet', 'MG');
    await recordOffline(page, 3);

    // Hold the push until the page has gone: the reload cuts the sync off midway. The push
    // then goes on to the server, as one already on the wire does.
    const held = proxy.nextPush();
    await page.context().setOffline(false);
    const push = await held;
    await page.reload();
    await push.release();
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
