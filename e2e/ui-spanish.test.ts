/**
 * Larder in Spanish: a tablet whose browser speaks Spanish starts in Spanish, every screen
 * reads well in both orientations, numbers are typed and shown the Spanish way, and the
 * language can be changed at any moment without losing what is being typed.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { checkScreen, createKitchen, keypad, PORTRAIT, stockRows, toast } from './support/ui';

// Long walks through every screen with axe scans and screenshots: room for a busy CI.
test.describe.configure({ timeout: 120_000 });
test.use({ locale: 'es-ES' });

const DECIMAL = 'Separador decimal';
const nav = (page: Page) => page.getByRole('navigation', { name: 'Pantallas' });

async function startInSpanish(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Bienvenido a Larder' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
}

test.describe('Larder in Spanish', () => {
  test('every screen in Spanish, portrait and landscape, with Spanish numbers', async ({
    page,
  }) => {
    await startInSpanish(page);
    await checkScreen(page, 'es-welcome');
    await page.getByLabel('Su nombre o iniciales').fill('MG');
    await page.getByRole('button', { name: 'Usar solo en esta tableta' }).click();
    await expect(page.getByRole('heading', { name: 'Existencias', exact: true })).toBeVisible();
    await checkScreen(page, 'es-stock-empty');

    await nav(page).getByRole('link', { name: 'Catálogo' }).click();
    await page.getByRole('button', { name: 'Añadir Cámara de congelación' }).click();
    await toast(page, 'Añadido: Cámara de congelación.');
    await page.getByRole('button', { name: 'Añadir Almacén seco' }).click();
    await toast(page, 'Añadido: Almacén seco.');
    await page.getByText('Añadir muchos artículos a la vez').click();
    await page
      .getByLabel('Artículos que añadir')
      .fill(
        'Nombre\tUnidad\tCategoría\tNivel mínimo\nMuslos de pollo\tkg\tCarne\t2,5\nFrijoles\tlata\tSecos\t24',
      );
    await expect(page.getByText('2 artículos nuevos listos para añadir.')).toBeVisible();
    await checkScreen(page, 'es-manage');
    await page.getByRole('button', { name: 'Añadir 2 artículos' }).click();
    await toast(page, 'Añadidos 2 artículos.');

    await nav(page).getByRole('link', { name: 'Existencias' }).click();
    await page.getByRole('button', { name: 'Recibir' }).click();
    const receive = page.getByRole('dialog', { name: 'Recibir una entrega' });
    await receive.getByLabel('Artículo, línea 1').selectOption({ label: 'Muslos de pollo (kg)' });
    await keypad(page, '1,5', DECIMAL);
    await expect(receive.getByLabel('Cantidad, línea 1')).toHaveValue('1,5');
    await receive.getByLabel('Lugar, línea 1').selectOption({ label: 'Cámara de congelación' });
    await receive.getByLabel('Precio, línea 1').fill('3,20');
    await checkScreen(page, 'es-receive-sheet');
    await receive.getByRole('button', { name: 'Guardar la entrega (1 línea)' }).click();
    await toast(page, 'Entrega guardada: 1 línea.');
    await expect.poll(() => stockRows(page)).toContain('Muslos de pollo 1,5 kg');
    await checkScreen(page, 'es-stock');

    for (const [button, title] of [
      ['Usar', 'Usar existencias'],
      ['Merma', 'Anotar merma'],
      ['Mover', 'Mover existencias'],
      ['Contar', 'Contar existencias'],
    ] as const) {
      await page.getByRole('button', { name: button, exact: true }).click();
      const sheet = page.getByRole('dialog', { name: title });
      await sheet.getByLabel('Artículo').selectOption({ label: 'Muslos de pollo (kg)' });
      if (button === 'Contar') {
        await keypad(page, '1,25', DECIMAL);
        await expect(sheet.getByTestId('variance')).toContainText(
          '0,25 kg menos de lo anotado: la diferencia se da de baja.',
        );
      }
      await checkScreen(page, `es-${title.toLowerCase().replaceAll(' ', '-')}-sheet`);
      await sheet.getByRole('button', { name: 'Cerrar' }).click();
    }

    // A typed quantity the Spanish way: "0,5" is half a kilo; "0.5" is not read as anything.
    await page.getByRole('button', { name: 'Usar', exact: true }).click();
    const use = page.getByRole('dialog', { name: 'Usar existencias' });
    // Found by typing a few letters, accents or not: the best match is chosen.
    await use.getByLabel('Buscar por nombre').fill('musl');
    await expect(use.getByLabel('Artículo', { exact: true }).locator('option:checked')).toHaveText(
      'Muslos de pollo (kg)',
    );
    await use.getByLabel('Buscar por nombre').fill('zz');
    await expect(use.getByRole('status')).toHaveText('Ningún artículo coincide con «zz».');
    await use.getByLabel('Buscar por nombre').fill('pollo');
    await use.getByLabel('Cantidad (kg)').fill('0.5');
    await use.getByRole('button', { name: 'Anotar uso' }).click();
    await expect(use.getByRole('alert')).toHaveText(
      'Escriba la cantidad en el teclado (por ejemplo 2,5).',
    );
    await use.getByLabel('Cantidad (kg)').fill('0,5');
    await use.getByRole('button', { name: 'Anotar uso' }).click();
    await toast(page, 'Usado: 0,5 kg de Muslos de pollo de Cámara de congelación.');
    await expect.poll(() => stockRows(page)).toContain('Muslos de pollo 1 kg');

    await page.getByRole('link', { name: /^Muslos de pollo/ }).click();
    await expect(page.getByRole('heading', { name: 'Muslos de pollo' })).toBeVisible();
    await expect(page.getByTestId('item-total')).toContainText('1 kg disponible · mínimo 2,5');
    await expect(page.getByRole('table', { name: 'Lotes' })).toContainText('3,20');
    await expect(page.getByRole('list', { name: 'Historial' })).toContainText(
      'Usado 0,5 kg de Cámara de congelación',
    );
    await checkScreen(page, 'es-item');

    await nav(page).getByRole('link', { name: 'Ajustes' }).click();
    await expect(page.getByRole('heading', { name: 'Ajustes', exact: true })).toBeVisible();
    await checkScreen(page, 'es-settings');

    // The stock as a spreadsheet: Spanish headers, `;` and decimal commas, read back exactly.
    await nav(page).getByRole('link', { name: 'Existencias' }).click();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Descargar existencias (CSV)' }).click();
    const file = await downloading;
    expect(file.suggestedFilename()).toMatch(/^larder-existencias-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await file.path(), 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const [headers, ...rows] = Papa.parse<string[]>(csv.slice(1).trim(), { delimiter: ';' }).data;
    expect(headers).toEqual([
      'Artículo',
      'Categoría',
      'Almacén',
      'Cantidad',
      'Unidad',
      'Valor (USD)',
    ]);
    expect(rows).toEqual([['Muslos de pollo', 'Carne', 'Cámara de congelación', '1', 'kg', '3,2']]);
    expect(rows.map((row) => [row[3], row[5]].map((n) => Number(n!.replace(',', '.'))))).toEqual([
      [1, 3.2],
    ]);

    // The screens of the kitchen's week, in Spanish too.
    await page.getByRole('link', { name: 'Lista de pedido' }).click();
    const order = page.getByRole('region', { name: 'Sin proveedor anotado' });
    await expect(order.getByLabel('Cantidad de Muslos de pollo a pedir')).toHaveValue('1,5');
    await expect(order.getByLabel('Cantidad de Frijoles a pedir')).toHaveValue('24');
    await checkScreen(page, 'es-order');
    await page.goto('/expiring');
    await expect(page.getByRole('heading', { name: 'Usar primero' })).toBeVisible();
    await checkScreen(page, 'es-use-first');
    await page.goto('/');

    // Count sheets: one storage area per printed page, in Spanish, with today's date.
    await page.getByRole('link', { name: 'Imprimir hojas de recuento' }).click();
    await expect(page.getByRole('heading', { name: 'Hojas de recuento' })).toBeVisible();
    const sheets = page.getByRole('region', { name: /^Hoja de recuento: / });
    await expect(sheets).toHaveCount(2);
    await expect(sheets.first()).toHaveAccessibleName('Hoja de recuento: Almacén seco');
    await expect(sheets.first()).toContainText('Frijoles');
    await expect(sheets.last()).toContainText('Muslos de pollo');
    // Never put anywhere: it may be on any shelf, so it is on both sheets.
    await expect(sheets.last()).toContainText('Frijoles');
    await checkScreen(page, 'es-count-sheets');
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('banner')).toBeHidden();
    await page.screenshot({
      path: 'test-results/screens/es-count-sheets-print.png',
      fullPage: true,
    });
    const pdf = (await page.pdf({ format: 'Letter' })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page[^s]/g)).toHaveLength(2);
  });

  test('the language changes at once from the header, keeps what is typed, and is remembered offline', async ({
    page,
    context,
  }) => {
    await startInSpanish(page);
    await page.getByLabel('Su nombre o iniciales').fill('MG');
    await page.getByRole('button', { name: 'Usar solo en esta tableta' }).click();
    await nav(page).getByRole('link', { name: 'Catálogo' }).click();
    await page.getByRole('button', { name: 'Añadir Almacén seco' }).click();
    await page.getByLabel('Nombre del artículo nuevo').fill('Arroz');
    await page.getByRole('button', { name: 'Añadir artículo' }).click();
    await toast(page, 'Añadido: Arroz.');
    await nav(page).getByRole('link', { name: 'Existencias' }).click();
    await page.getByRole('button', { name: 'Recibir' }).click();
    await keypad(page, '2,5', DECIMAL);

    // Halfway through the entry: English, at once, with the same number typed.
    await page.getByLabel('Idioma').selectOption('en');
    const sheet = page.getByRole('dialog', { name: 'Receive a delivery' });
    await expect(sheet).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(sheet.getByLabel('Quantity, line 1')).toHaveValue('2.5');
    await sheet.getByLabel('Item, line 1').selectOption({ label: 'Arroz (kg)' });
    await sheet.getByRole('button', { name: 'Save delivery (1 line)' }).click();
    await toast(page, 'Delivery saved: 1 line.');
    await expect.poll(() => stockRows(page)).toContain('Arroz 2.5 kg');

    // Remembered on the tablet: offline, a reload still shows English, then Spanish again.
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Stock', exact: true })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByLabel('Language').selectOption('es');
    await expect(page.getByRole('heading', { name: 'Existencias', exact: true })).toBeVisible();
    await expect.poll(() => stockRows(page)).toContain('Arroz 2,5 kg');
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Existencias', exact: true })).toBeVisible();
  });

  test('two tablets in Spanish: add, receive, use and undo, two counts settled in one tap', async ({
    browser,
    baseURL,
  }) => {
    const kitchen = await createKitchen(baseURL!, 'Escuela Juárez');
    const a = await spanishTablet(browser, kitchen, 'MG', 'Tableta de la cámara');
    const b = await spanishTablet(browser, kitchen, 'LR', 'Tableta de la línea');

    await nav(a.page).getByRole('link', { name: 'Catálogo' }).click();
    await a.page.getByRole('button', { name: 'Añadir Cámara frigorífica' }).click();
    await toast(a.page, 'Añadido: Cámara frigorífica.');
    await a.page.getByLabel('Nombre del artículo nuevo').fill('Mantequilla');
    await a.page.getByLabel('Nivel mínimo').fill('2,5');
    await a.page.getByRole('button', { name: 'Añadir artículo' }).click();
    await toast(a.page, 'Añadido: Mantequilla.');
    await nav(a.page).getByRole('link', { name: 'Existencias' }).click();
    await a.page.getByRole('button', { name: 'Recibir' }).click();
    const receive = a.page.getByRole('dialog', { name: 'Recibir una entrega' });
    await keypad(a.page, '10', DECIMAL);
    // Nothing chosen yet: the line is named as a cook counts it, from 1.
    await receive.getByRole('button', { name: 'Guardar la entrega (1 línea)' }).click();
    await expect(receive.getByRole('alert')).toHaveText('Línea 1: elija el artículo.');
    await receive.getByLabel('Artículo, línea 1').selectOption({ label: 'Mantequilla (kg)' });
    await receive.getByRole('button', { name: 'Guardar la entrega (1 línea)' }).click();
    await toast(a.page, 'Entrega guardada: 1 línea.');
    await expect.poll(() => stockRows(b.page), { timeout: 20_000 }).toEqual(['Mantequilla 10 kg']);

    // A use on B, taken back from its toast: both tablets are at 10 kg again.
    await b.page.getByRole('button', { name: 'Usar', exact: true }).click();
    await b.page
      .getByLabel('Artículo', { exact: true })
      .selectOption({ label: 'Mantequilla (kg)' });
    await keypad(b.page, '2,5', DECIMAL);
    await b.page.getByRole('button', { name: 'Anotar uso' }).click();
    const used = await toast(b.page, 'Usado: 2,5 kg de Mantequilla de Cámara frigorífica.');
    await expect.poll(() => stockRows(a.page), { timeout: 20_000 }).toEqual(['Mantequilla 7,5 kg']);
    await used.getByRole('button', { name: 'Deshacer' }).click();
    await toast(b.page, 'Deshecho.');
    for (const tab of [a, b]) {
      await expect
        .poll(() => stockRows(tab.page), { timeout: 20_000 })
        .toEqual(['Mantequilla 10 kg']);
    }

    // Two counts of the same shelf, offline: shown with who and when, and one tap keeps one.
    await a.context.setOffline(true);
    await b.context.setOffline(true);
    for (const [tab, qty] of [
      [a, '7'],
      [b, '8,5'],
    ] as const) {
      await tab.page.getByRole('button', { name: 'Contar', exact: true }).click();
      await tab.page
        .getByLabel('Artículo', { exact: true })
        .selectOption({ label: 'Mantequilla (kg)' });
      await keypad(tab.page, qty, DECIMAL);
      await tab.page.getByRole('button', { name: 'Anotar recuento' }).click();
      await toast(tab.page, /^Contado/);
    }
    await a.context.setOffline(false);
    await b.context.setOffline(false);
    for (const tab of [a, b]) {
      await tab.page.getByRole('link', { name: /^Mantequilla/ }).click();
      const notice = tab.page.getByRole('region', { name: 'Necesita una decisión' });
      await expect(notice).toContainText('8,5 kg por LR', { timeout: 30_000 });
      await expect(notice).toContainText(
        'Se hicieron dos recuentos de Cámara frigorífica a la vez. ¿Cuál es el correcto?',
      );
      await expect(notice).toContainText('7 kg por MG');
    }
    await checkScreen(b.page, 'es-conflict');
    await b.page.getByRole('button', { name: 'Mantener 7 kg' }).click();
    await toast(b.page, 'Se mantuvo 7 kg.');
    for (const tab of [a, b]) {
      await expect(tab.page.getByRole('region', { name: 'Necesita una decisión' })).toHaveCount(0, {
        timeout: 30_000,
      });
      await expect(tab.page.getByTestId('item-total')).toContainText('7 kg disponible');
    }
    await a.context.close();
    await b.context.close();
  });
});

/** A fresh tablet in a Spanish browser that joins the kitchen from the welcome screen. */
async function spanishTablet(
  browser: Browser,
  kitchen: { kitchenId: string; joinCode: string },
  actor: string,
  name: string,
) {
  const context = await browser.newContext({ locale: 'es-ES', viewport: PORTRAIT });
  const page = await context.newPage();
  await startInSpanish(page);
  await page.getByLabel('Su nombre o iniciales').fill(actor);
  await page.getByRole('button', { name: 'Unirse a una cocina' }).click();
  await page.getByLabel('Identificador de la cocina').fill(kitchen.kitchenId);
  await page.getByLabel('Código para unirse').fill(kitchen.joinCode);
  await page.getByLabel('Nombre de la tableta').fill(name);
  await page.getByRole('button', { name: 'Unirse a la cocina' }).click();
  await expect(page.getByRole('heading', { name: 'Existencias', exact: true })).toBeVisible();
  return { context, page };
}
