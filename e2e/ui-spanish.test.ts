/**
 * Larder in Spanish: a tablet whose browser speaks Spanish starts in Spanish, every screen
 * reads well in both orientations, numbers are typed and shown the Spanish way, and the
 * language can be changed at any moment without losing what is being typed.
 */
import { expect, test, type Page } from '@playwright/test';
import { checkScreen, keypad, stockRows, toast } from './support/ui';

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
    await receive.getByLabel('Precio por unidad, línea 1').fill('3,20');
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
    await use.getByLabel('Artículo').selectOption({ label: 'Muslos de pollo (kg)' });
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
});
