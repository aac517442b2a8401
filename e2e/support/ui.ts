/** A cook on the tablet screens (stock, item, welcome, manage), as Playwright steps. */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Page } from '@playwright/test';
import Papa from 'papaparse';

export const PORTRAIT = { width: 800, height: 1280 };
export const LANDSCAPE = { width: 1280, height: 800 };

/** A kitchen on the test server (the admin route), for tablets to join. */
export async function createKitchen(
  baseURL: string,
  name = 'Conflict Elementary',
): Promise<{ kitchenId: string; joinCode: string }> {
  const res = await fetch(`${baseURL}/api/v1/kitchens`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${process.env['E2E_ADMIN_TOKEN'] ?? ''}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ name }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { kitchenId: string; joinCode: string };
}

/** A fresh tablet that joins the kitchen from the welcome screen. */
export async function joinedTablet(
  browser: Browser,
  kitchen: { kitchenId: string; joinCode: string },
  actor: string,
  name: string,
) {
  const context = await browser.newContext({ viewport: PORTRAIT });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Welcome to Larder' })).toBeVisible();
  await page.getByLabel('Your name or initials').fill(actor);
  await page.getByRole('button', { name: 'Join a kitchen' }).click();
  await page.getByLabel('Kitchen id').fill(kitchen.kitchenId);
  await page.getByLabel('Join code').fill(kitchen.joinCode);
  await page.getByLabel('Tablet name').fill(name);
  await page.getByRole('button', { name: 'Join kitchen' }).click();
  await expect(page.getByRole('heading', { name: 'Stock', exact: true })).toBeVisible();
  return { context, page };
}

/** First run: the welcome, a name, and this tablet on its own. */
export async function startAlone(page: Page, actor = 'JT'): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Welcome to Larder' })).toBeVisible();
  await page.getByLabel('Your name or initials').fill(actor);
  await page.getByRole('button', { name: 'Use on this tablet only' }).click();
  await expect(page.getByRole('heading', { name: 'Stock', exact: true })).toBeVisible();
}

export function screens(page: Page) {
  return page.getByRole('navigation', { name: 'Screens' });
}

export async function goToStock(page: Page): Promise<void> {
  await screens(page).getByRole('link', { name: 'Stock' }).click();
  await expect(page.getByRole('heading', { name: 'Stock', exact: true })).toBeVisible();
}

export async function toast(page: Page, text: string | RegExp, timeout?: number) {
  const message = page.getByRole('status').filter({ hasText: text });
  await expect(message).toBeVisible(timeout === undefined ? {} : { timeout });
  return message;
}

/** Sets up storage areas and items on the manage screen, by its presets and bulk paste. */
export async function setUpKitchen(page: Page, pasted: string): Promise<void> {
  await screens(page).getByRole('link', { name: 'Items and storage' }).click();
  await page.getByRole('button', { name: 'Add Walk-in freezer' }).click();
  await toast(page, 'Added Walk-in freezer.');
  await page.getByRole('button', { name: 'Add Dry storage' }).click();
  await toast(page, 'Added Dry storage.');
  await page.getByText('Add many items at once').click();
  await page.getByLabel('Items to add').fill(pasted);
  const count = pasted.trim().split('\n').length;
  const items = count === 1 ? 'item' : 'items';
  await page.getByRole('button', { name: `Add ${count} ${items}` }).click();
  // A long paste is one write of many events: on a busy CI machine 200 items took over 5 s.
  await toast(page, `Added ${count} ${items}.`, 5_000 + count * 100);
  await goToStock(page);
}

/**
 * Types a quantity on the big keypad of the open sheet: `.` or `,` taps the decimal key
 * (named `decimalKey` in the language shown), which types the locale's own separator.
 */
export async function keypad(
  page: Page,
  qty: string,
  decimalKey = 'Decimal separator',
): Promise<void> {
  const dialog = page.getByRole('dialog');
  for (const ch of qty) {
    const name = ch === '.' || ch === ',' ? decimalKey : ch;
    await dialog.getByRole('button', { name, exact: true }).click();
  }
}

/** The stock list as "name qty unit" lines, in screen order. */
export async function stockRows(page: Page): Promise<string[]> {
  return page
    .locator('section.group li a')
    .evaluateAll((rows) =>
      rows.map((a) =>
        [a.querySelector('.name'), a.querySelector('.qty')]
          .map((e) => e?.textContent?.trim() ?? '')
          .join(' '),
      ),
    );
}

/** No serious or critical axe-core violation on what the page shows now. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(bad).toEqual([]);
}

/** Runs `look` in landscape, then in portrait (where the screen is left). */
async function inBothOrientations(
  page: Page,
  look: (label: 'landscape' | 'portrait') => Promise<void>,
): Promise<void> {
  for (const [label, size] of [
    ['landscape', LANDSCAPE],
    ['portrait', PORTRAIT],
  ] as const) {
    await page.setViewportSize(size);
    await look(label);
  }
}

/** Screenshots at both orientations into test-results (git-ignored), then back to portrait. */
export async function shoot(page: Page, name: string): Promise<void> {
  await inBothOrientations(page, async (label) => {
    await page.waitForTimeout(150);
    await page.screenshot({ path: `test-results/screens/${name}-${label}.png`, fullPage: false });
  });
}

/**
 * A screen checked at both orientations: a full-page screenshot in test-results/screens to
 * look at, nothing wider than the screen and no text cut inside its control (Spanish runs
 * about a quarter longer than English), and no serious axe finding.
 */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await inBothOrientations(page, async (label) => {
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(done)));
    await page.screenshot({ path: `test-results/screens/${name}-${label}.png`, fullPage: true });
    const cut = await page.evaluate(() => {
      const wide = document.documentElement.scrollWidth > window.innerWidth;
      const clipped = [
        ...document.querySelectorAll('button, a, label, h1, h2, h3, th, td, .badge, summary'),
      ]
        .filter(
          (e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== 'visible',
        )
        .map((e) => e.textContent?.trim().slice(0, 40));
      return { wide, clipped };
    });
    expect(cut, `${name} ${label}`).toEqual({ wide: false, clipped: [] });
  });
  await expectAccessible(page);
}

/** Taps a download button; the file's name and its rows, parsed back (UTF-8 with its mark). */
export async function downloaded(
  page: Page,
  button: string,
): Promise<{ name: string; rows: string[][] }> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: button }).click();
  const file = await downloading;
  const csv = readFileSync(await file.path(), 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  return { name: file.suggestedFilename(), rows: Papa.parse<string[]>(csv.slice(1).trim()).data };
}
