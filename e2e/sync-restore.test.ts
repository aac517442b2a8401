/**
 * A server restored from a backup: the tablets give back what it lacks, their own entries and
 * those of a tablet destroyed since (signed by it), and agree again.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test, type Browser } from '@playwright/test';
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
} from './support/tablet';

const server = serverPerTest(6);
test.describe.configure({ timeout: 120_000 });

/** The `larder` command against the test server's data folder. */
const larder = (...args: string[]) =>
  execFileSync(process.execPath, ['dist/cli.js', '--data-dir', server.current.dir, ...args], {
    encoding: 'utf8',
  });

async function tablet(
  browser: Browser,
  kitchen: { kitchenId: string; joinCode: string },
  actor: string,
) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await openApp(page, server.current.url, actor);
  await joinKitchen(page, kitchen, `${actor} tablet`, actor);
  return page;
}

test('restored from last night’s copy: two tablets give back the day, a destroyed third’s too, and show the same stock', async ({
  browser,
}) => {
  const kitchen = await server.current.createKitchen();
  const a = await tablet(browser, kitchen, 'AB');
  const b = await tablet(browser, kitchen, 'CD');
  const c = await tablet(browser, kitchen, 'EF');
  await addLocation(a, 'Freezer');
  await addItem(a, 'Chicken');
  await recordStock(a, 'Chicken', 'Freezer', 'Received', 50);
  await expectPending(a, 0);
  await expect.poll(() => stockLines(b)).toEqual(['Chicken | Freezer | 50 kg']);

  const copy = join(server.current.dir, 'last-night.db');
  larder('backup', copy);
  // The day after the copy, on all three tablets, acknowledged by the server.
  await recordStock(a, 'Chicken', 'Freezer', 'Used', 4);
  await recordStock(b, 'Chicken', 'Freezer', 'Used', 6);
  await expect.poll(() => stockLines(c)).toEqual(['Chicken | Freezer | 40 kg']);
  await recordStock(c, 'Chicken', 'Freezer', 'Used', 5);
  for (const page of [a, b, c]) await expectPending(page, 0);
  await expect.poll(() => stockLines(a)).toEqual(['Chicken | Freezer | 35 kg']);
  await expect.poll(() => stockLines(b)).toEqual(['Chicken | Freezer | 35 kg']);
  // The third tablet falls in the dish sink: gone, with everything it held.
  await c.context().close();

  // The disk is lost; the district restores last night's copy. The tablets are out of
  // reach meanwhile, so that the restored log can be checked before they heal it.
  for (const page of [a, b]) await page.context().setOffline(true);
  await server.current.kill();
  expect(larder('restore', copy)).toContain('3 events');
  await server.current.start();
  expect(await server.current.events(kitchen.kitchenId, kitchen.joinCode)).toHaveLength(3);
  for (const page of [a, b]) await page.context().setOffline(false);

  for (const page of [a, b]) {
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('link', { name: 'Settings' })
      .click();
    await page.getByRole('button', { name: 'Sync now' }).click();
  }
  // The two give back the day, the lost tablet's use too: the server holds all six again,
  // each entry signed by the tablet that made it.
  const ids = async () =>
    (await server.current.events(kitchen.kitchenId, kitchen.joinCode)).map((e) => e.id);
  await expect.poll(ids, { timeout: 20_000 }).toHaveLength(6);
  const onServer = await ids();
  expect(new Set(onServer).size).toBe(6);
  const stored = await server.current.events(kitchen.kitchenId, kitchen.joinCode);
  expect(stored.every((e) => /^[\w-]{86}$/.test(String((e as { sig?: unknown }).sig)))).toBe(true);
  await expectPending(a, 0);
  await expectPending(b, 0);
  for (const page of [a, b]) {
    await page
      .getByRole('navigation', { name: 'Screens' })
      .getByRole('link', { name: 'Stock' })
      .click();
    await expect.poll(() => stockLines(page)).toEqual(['Chicken | Freezer | 35 kg']);
    await expect.poll(() => localEventIds(page)).toEqual([...onServer].sort());
  }
});
