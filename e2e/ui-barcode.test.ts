/**
 * Scanning a barcode through the camera path: the tablet's camera is a canvas showing an
 * EAN-13 code (getUserMedia answered with its stream), read by the app's own reader (this
 * Chromium has no BarcodeDetector, so ZXing's WebAssembly, loaded when asked for).
 */
import { expect, test } from '@playwright/test';
import { setUpKitchen, startAlone, toast } from './support/ui';

test.describe.configure({ timeout: 90_000 });

const CODE = '4006381333931';

/** Runs in the page before the app: a camera whose picture is CODE as EAN-13 bars. */
function fakeCamera(code: string) {
  const L = [
    '0001101',
    '0011001',
    '0010011',
    '0111101',
    '0100011',
    '0110001',
    '0101111',
    '0111011',
    '0110111',
    '0001011',
  ];
  const G = [
    '0100111',
    '0110011',
    '0011011',
    '0100001',
    '0011101',
    '0111001',
    '0000101',
    '0010001',
    '0001001',
    '0010111',
  ];
  const R = [
    '1110010',
    '1100110',
    '1101100',
    '1000010',
    '1011100',
    '1001110',
    '1010000',
    '1000100',
    '1001000',
    '1110100',
  ];
  const PARITY = [
    'LLLLLL',
    'LLGLGG',
    'LLGGLG',
    'LLGGGL',
    'LGLLGG',
    'LGGLLG',
    'LGGGLL',
    'LGLGLG',
    'LGLGGL',
    'LGGLGL',
  ];
  const d = [...code].map(Number);
  const parity = PARITY[d[0]!]!;
  let bits = '101';
  for (let i = 1; i <= 6; i++) bits += (parity[i - 1] === 'L' ? L : G)[d[i]!]!;
  bits += '01010';
  for (let i = 7; i <= 12; i++) bits += R[d[i]!]!;
  bits += '101';

  const getUserMedia = () => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 360;
    const draw = () => {
      const g = canvas.getContext('2d')!;
      g.fillStyle = '#fff';
      g.fillRect(0, 0, canvas.width, canvas.height);
      g.fillStyle = '#000';
      [...bits].forEach((bit, i) => {
        if (bit === '1') g.fillRect(130 + i * 4, 60, 4, 240);
      });
    };
    draw();
    setInterval(draw, 100);
    return Promise.resolve(canvas.captureStream(10));
  };
  Object.defineProperty(navigator, 'mediaDevices', { value: { getUserMedia }, configurable: true });
}

test('a barcode scanned with the camera is set on an item, then finds it in a sheet', async ({
  page,
}) => {
  await page.addInitScript(fakeCamera, CODE);
  await startAlone(page, 'JT');
  await setUpKitchen(page, 'Rice, kg, Dry goods\nBeans, can, Dry goods');

  // Set from the item's screen by scanning.
  await page.getByRole('link', { name: /^Beans/ }).click();
  await page.getByRole('button', { name: 'Edit item' }).click();
  await page.getByRole('button', { name: 'Scan a barcode with the camera' }).click();
  await expect(page.getByRole('dialog', { name: 'Scan a barcode' })).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Scan a barcode' })).toHaveCount(0, {
    timeout: 20_000,
  });
  await expect(page.getByRole('textbox', { name: 'Barcode' })).toHaveValue(CODE);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await toast(page, 'Item saved.');

  // Any sheet: the scan finds the item.
  await page.goto('/');
  await page.getByRole('button', { name: 'Use' }).click();
  const sheet = page.getByRole('dialog', { name: /Use/ });
  await sheet.getByRole('button', { name: 'Scan a barcode with the camera' }).click();
  await expect(page.getByRole('dialog', { name: 'Scan a barcode' })).toHaveCount(0, {
    timeout: 20_000,
  });
  await expect(sheet.getByRole('searchbox')).toHaveValue(CODE);
  await expect(sheet.getByLabel('Item', { exact: true }).locator('option:checked')).toHaveText(
    'Beans (can)',
  );
});

test('without a camera the scan says so, and typing the number still works', async ({ page }) => {
  await page.addInitScript(() => {
    const getUserMedia = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    Object.defineProperty(navigator, 'mediaDevices', {
      value: { getUserMedia },
      configurable: true,
    });
  });
  await startAlone(page, 'JT');
  await setUpKitchen(page, 'Rice, kg, Dry goods');
  await page.getByRole('button', { name: 'Use' }).click();
  await page.getByRole('button', { name: 'Scan a barcode with the camera' }).click();
  await expect(page.getByRole('dialog', { name: 'Scan a barcode' })).toContainText(
    'The camera could not be opened. Type the number under the barcode instead.',
  );
});
