import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import {
  expectAccessible,
  LANDSCAPE,
  PORTRAIT,
  screens,
  setUpKitchen,
  shoot,
  startAlone,
} from './support/ui';

test.use({ viewport: LANDSCAPE });
// Long walks through a screen with axe scans and screenshots: room for a busy CI machine.
test.describe.configure({ timeout: 90_000 });

test.describe('themes, orientation and touch', () => {
  test('dark theme by choice and by the tablet setting, both orientations, no serious axe findings', async ({
    page,
  }) => {
    await startAlone(page, 'DK');
    await setUpKitchen(page, 'Tortillas, case, Bakery, 2\nTomato sauce, L, Tins');
    await screens(page).getByRole('button', { name: 'Dark theme' }).click();
    await expect(screens(page).getByRole('button', { name: 'Dark theme' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await shoot(page, 'stock-dark');
    await expectAccessible(page);
    await page.setViewportSize(LANDSCAPE);
    await expectAccessible(page);

    await page.getByRole('link', { name: /^Tortillas/ }).click();
    await page.getByRole('button', { name: 'Use', exact: true }).click();
    await shoot(page, 'use-sheet-dark');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Close' }).click();

    // The choice is remembered; switching back gives the light theme.
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await screens(page).getByRole('button', { name: 'Dark theme' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');

    // A tablet set to dark, with no choice made here, gets the dark theme.
    await page.evaluate(() => localStorage.removeItem('larder.ui.theme'));
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    await expect(screens(page).getByRole('button', { name: 'Dark theme' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expectAccessible(page);
  });

  test('every control on the stock and items screens is at least 48 px, in both orientations', async ({
    page,
  }) => {
    await startAlone(page, 'TT');
    await setUpKitchen(page, 'Apples, each, Fruit, 50\nOat, kg, Dry');
    for (const [screen, size] of [
      ['/', PORTRAIT],
      ['/', LANDSCAPE],
      ['/manage', PORTRAIT],
      ['/manage', LANDSCAPE],
    ] as const) {
      await page.goto(screen);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await page.setViewportSize(size);
      const small = await page
        .locator(
          'header a, header button, .screen button, .screen a, .screen input, .screen select, [aria-label="Sync status"] a',
        )
        .evaluateAll((els) =>
          els
            .filter((e) => (e as HTMLElement).offsetParent !== null)
            .map((e) => ({ e, r: e.getBoundingClientRect() }))
            .filter(({ r }) => r.height < 48 || r.width < 48)
            .map(
              ({ e, r }) => `${e.tagName} ${e.textContent?.trim() ?? ''} ${r.width}x${r.height}`,
            ),
        );
      expect(small).toEqual([]);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth > window.innerWidth,
      );
      expect(overflow).toBe(false);
    }
  });

  test('the stock screen loads under 100 KB of gzipped JS and CSS', async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem('larder.ui.welcomed', 'true'));
    const sizes: Promise<number>[] = [];
    page.on('response', (r) => {
      if (/\.(js|css)(\?|$)/.test(r.url()) && !r.url().includes('service-worker'))
        sizes.push(r.body().then((body) => gzipSync(body).length));
    });
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Stock', exact: true })).toBeVisible();
    await page.waitForLoadState('networkidle');
    const all = await Promise.all(sizes);
    expect(all.length).toBeGreaterThan(3);
    expect(all.reduce((a, b) => a + b, 0) / 1024).toBeLessThan(100);
  });

  test('the stock screen is the home page; its old address leads there', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Welcome to Larder' })).toBeVisible();
    await page.getByLabel('Your name or initials').fill('HM');
    await page.getByRole('button', { name: 'Use on this tablet only' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { name: 'Stock', exact: true })).toBeVisible();
    await page.goto('/stock');
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { name: 'Stock', exact: true })).toBeVisible();
    // One navigation, in the header of every screen.
    await expect(page.getByRole('navigation')).toHaveCount(1);
    const main = page.getByRole('navigation', { name: 'Screens' });
    await expect(main.getByRole('link')).toHaveText([
      'Stock',
      'Items and storage',
      'Settings',
      'HM',
    ]);
    await expect(main.getByRole('link', { name: 'Who is using this tablet: HM' })).toBeVisible();
    // One row on a portrait tablet: the header is no taller than its 52 px buttons and padding.
    await page.setViewportSize({ width: 800, height: 1280 });
    const header = await page.getByRole('banner').boundingBox();
    expect(header?.height).toBeLessThan(80);
    await main.getByRole('link', { name: 'Settings' }).click();
    await main.getByRole('link', { name: 'Stock' }).click();
    await expect(page.getByRole('heading', { name: 'Stock', exact: true })).toBeVisible();
  });

  test('the settings page passes the scan too, light and dark', async ({ page }) => {
    for (const url of ['/settings']) {
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        await page.goto(url);
        await expect(page.getByRole('main')).toBeVisible();
        await shoot(page, `settings-${colorScheme}`);
        await expectAccessible(page);
      }
    }
  });
});
