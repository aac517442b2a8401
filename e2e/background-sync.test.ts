import { expect, test } from '@playwright/test';
import { serverPerTest } from './support/server';
import {
  addLocation,
  expectPending,
  joinKitchen,
  localEventIds,
  openApp,
  waitForServiceWorker,
} from './support/tablet';

const server = serverPerTest(4);

test.describe('background sync', () => {
  test("the service worker's sync event pushes what the page could not", async ({ page }) => {
    const kitchen = await server.current.createKitchen();
    await openApp(page, server.current.url);
    await waitForServiceWorker(page);
    await joinKitchen(page, kitchen, 'Walk-in tablet', 'MG');
    await expectPending(page, 0);

    // The page's own requests fail from now on; the service worker's are not routed: any
    // push that reaches the server from here on is the worker's. (Chromium may fire the
    // sync the page registered on its own, before the one dispatched below: either way.)
    await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await addLocation(page, 'Freezer');
    await expect.poll(() => localEventIds(page)).toHaveLength(1);

    const cdp = await page.context().newCDPSession(page);
    const registered = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const registration = (registrations as { registrationId: string }[])[0];
        if (registration) resolve(registration.registrationId);
      });
    });
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.dispatchSyncEvent', {
      origin: server.current.url,
      registrationId: await registered,
      tag: 'larder-sync',
      lastChance: false,
    });

    // The worker wrote to the same database; the page sees it without a reload.
    await expectPending(page, 0);
    const onServer = (await server.current.events(kitchen.kitchenId, kitchen.joinCode)).map(
      (e) => e.id,
    );
    expect(onServer).toHaveLength(1);
    expect(await localEventIds(page)).toEqual(onServer);
  });
});
