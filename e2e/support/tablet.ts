/** What a cook does on the thin pages, as Playwright steps. */
import { expect, type Page } from '@playwright/test';

export async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByRole('heading', { name: 'Stock on hand' })).toBeVisible();
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

export async function joinKitchen(
  page: Page,
  kitchen: { kitchenId: string; joinCode: string },
  name: string,
  actor: string,
): Promise<void> {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Tablet name').fill(name);
  await page.getByLabel('Your name or initials').fill(actor);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByLabel('Kitchen id').fill(kitchen.kitchenId);
  await page.getByLabel('Join code').fill(kitchen.joinCode);
  await page.getByRole('button', { name: 'Join kitchen' }).click();
  await expect(page.getByTestId('joined')).toBeVisible();
  await page.getByRole('link', { name: 'Stock' }).click();
}

export async function addLocation(page: Page, name: string): Promise<void> {
  await page.getByLabel('Location name').fill(name);
  await page.getByRole('button', { name: 'Add location' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Added ${name}.` })).toBeVisible();
}

export async function addItem(page: Page, name: string, unit = 'kg'): Promise<void> {
  await page.getByLabel('Item name').fill(name);
  await page.getByLabel('Unit').fill(unit);
  await page.getByRole('button', { name: 'Add item' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Added ${name}.` })).toBeVisible();
}

export type StockAction = 'Received' | 'Used' | 'Counted (total on the shelf)';

export async function recordStock(
  page: Page,
  item: string,
  location: string,
  action: StockAction,
  qty: number,
): Promise<void> {
  const form = page.getByRole('form', { name: 'Record stock' });
  await form.getByLabel('Item').selectOption({ label: `${item} (kg)` });
  await form.getByLabel('Location').selectOption({ label: location });
  await form.getByLabel('What happened').selectOption({ label: action });
  await form.getByLabel('Quantity').fill(String(qty));
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByLabel('Quantity')).toHaveValue('');
}

/** The stock table as "item | location | qty" lines. */
export async function stockLines(page: Page): Promise<string[]> {
  const rows = page.getByRole('table', { name: 'Stock on hand' }).locator('tbody tr');
  return rows.evaluateAll((trs) =>
    trs.map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '').join(' | '),
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
