/** What a cook does on the tablet screens for the sync tests, as Playwright steps. */
import { expect, type Locator, type Page } from '@playwright/test';
import { keypad, toast } from './ui';

/** Opens a fresh tablet: the welcome, a name, then the stock screen (the home route). */
export async function openApp(page: Page, url: string, actor = 'Cook'): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Welcome to Larder' })).toBeVisible();
  await page.getByLabel('Your name or initials').fill(actor);
  await page.getByRole('button', { name: 'Use on this tablet only' }).click();
  await expectStockScreen(page);
}

export async function expectStockScreen(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Stock', exact: true })).toBeVisible();
}

/** Waits until the service worker controls the page (it claims clients on first install). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise<void>((resolve) =>
      navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), {
        once: true,
      }),
    );
  });
}

const screensNav = (page: Page) => page.getByRole('navigation', { name: 'Screens' });

export async function joinKitchen(
  page: Page,
  kitchen: { kitchenId: string; joinCode: string },
  name: string,
  actor: string,
): Promise<void> {
  await screensNav(page).getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Tablet name').fill(name);
  await page.getByLabel('Your name or initials').fill(actor);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByLabel('Kitchen id').fill(kitchen.kitchenId);
  await page.getByLabel('Join code').fill(kitchen.joinCode);
  await page.getByRole('button', { name: 'Join kitchen' }).click();
  await expect(page.getByTestId('joined')).toBeVisible();
  await screensNav(page).getByRole('link', { name: 'Stock' }).click();
  await expectStockScreen(page);
}

/** On the items and storage screen, then back to the stock screen. */
async function onManageScreen(page: Page, steps: () => Promise<void>): Promise<void> {
  await screensNav(page).getByRole('link', { name: 'Items and storage' }).click();
  await steps();
  await screensNav(page).getByRole('link', { name: 'Stock' }).click();
  await expectStockScreen(page);
}

export async function addLocation(page: Page, name: string): Promise<void> {
  await onManageScreen(page, async () => {
    await page.getByLabel('Storage area name').fill(name);
    await page.getByRole('button', { name: 'Add storage area' }).click();
    await toast(page, `Added ${name}.`);
  });
}

export async function addItem(page: Page, name: string, unit = 'kg'): Promise<void> {
  await onManageScreen(page, async () => {
    await page.getByLabel('New item name').fill(name);
    await page.getByLabel('Unit', { exact: true }).fill(unit);
    await page.getByRole('button', { name: 'Add item' }).click();
    await toast(page, `Added ${name}.`);
  });
}

export type StockAction = 'Received' | 'Used' | 'Counted';

/** The option of a location list whose text is the name, maybe followed by "(12 kg)". */
async function chooseLocation(select: Locator, location: string): Promise<void> {
  const escaped = location.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const option = select.locator('option').filter({ hasText: new RegExp(`^${escaped}( \\(|$)`) });
  await select.selectOption((await option.getAttribute('value')) ?? '');
}

/**
 * Records stock on the stock screen as a cook does: Receive (a one-line delivery), Use or
 * Count, with the quantity typed on the keypad; waits for the confirmation.
 */
export async function recordStock(
  page: Page,
  item: string,
  location: string,
  action: StockAction,
  qty: number,
  unit = 'kg',
): Promise<void> {
  const amount = `${qty} ${unit} ${item}`;
  if (action === 'Received') {
    await page.getByRole('button', { name: 'Receive', exact: true }).click();
    const sheet = page.getByRole('dialog', { name: 'Receive a delivery' });
    await sheet.getByLabel('Item, line 1').selectOption({ label: `${item} (${unit})` });
    await keypad(page, String(qty));
    await chooseLocation(sheet.getByLabel('Location, line 1'), location);
    await sheet.getByRole('button', { name: 'Save delivery (1 line)' }).click();
    await toast(page, 'Delivery saved: 1 line.');
  } else {
    const [button, title, save, said] =
      action === 'Used'
        ? ['Use', 'Use stock', 'Record use', `Used ${amount} from ${location}.`]
        : ['Count', 'Count stock', 'Record count', `Counted ${amount} in ${location}.`];
    await page.getByRole('button', { name: button, exact: true }).click();
    const sheet = page.getByRole('dialog', { name: title });
    await sheet.getByLabel('Item', { exact: true }).selectOption({ label: `${item} (${unit})` });
    await chooseLocation(sheet.getByLabel('Location', { exact: true }), location);
    await keypad(page, String(qty));
    await sheet.getByRole('button', { name: save }).click();
    await toast(page, said);
  }
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

/**
 * The stock screen grouped by location, as "item | location | qty unit" lines: one per item
 * and place holding it (items in stock nowhere are left out), in screen order.
 */
export async function stockLines(page: Page): Promise<string[]> {
  const byLocation = page.getByRole('button', { name: 'By location' });
  if ((await byLocation.getAttribute('aria-pressed')) !== 'true') await byLocation.click();
  await expect(byLocation).toHaveAttribute('aria-pressed', 'true');
  return page
    .locator('[data-live] section')
    .evaluateAll((sections) =>
      sections
        .filter(
          (section) =>
            section.getAttribute('aria-label') !== 'Not in stock' &&
            section.getAttribute('aria-label') !== 'Sin existencias',
        )
        .flatMap((section) =>
          [...section.querySelectorAll('li a')].map((a) =>
            [
              a.querySelector('.name')?.textContent?.trim(),
              section.getAttribute('aria-label'),
              a.querySelector('.qty')?.textContent?.trim(),
            ].join(' | '),
          ),
        ),
    );
}

export async function expectPending(page: Page, count: number, timeout = 20_000): Promise<void> {
  await expect(page.getByTestId('pending')).toHaveAttribute('data-count', String(count), {
    timeout,
  });
}

/** Every event id in the tablet's own log (server-confirmed chunks and the outbox), sorted. */
export async function localEventIds(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('larder');
        open.onerror = () => reject(new Error(String(open.error)));
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['chunks', 'outbox']);
          const ids: string[] = [];
          const chunks = tx.objectStore('chunks').getAll();
          chunks.onsuccess = () => {
            for (const chunk of chunks.result as { events: { id: string }[] }[]) {
              for (const event of chunk.events) ids.push(event.id);
            }
          };
          const outbox = tx.objectStore('outbox').getAllKeys();
          outbox.onsuccess = () => ids.push(...(outbox.result as string[]));
          tx.oncomplete = () => {
            db.close();
            resolve(ids.sort());
          };
          tx.onerror = () => reject(new Error(String(tx.error)));
        };
      }),
  );
}
