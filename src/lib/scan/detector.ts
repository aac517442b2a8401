/**
 * Reads barcodes from a camera frame or an image. The browser's own BarcodeDetector where it
 * has one; elsewhere (Debian's Chromium here has none) the same API from `barcode-detector`,
 * ZXing compiled to WebAssembly. The .wasm file is one of the app's
 * own built files (so the service worker keeps it for offline use), never fetched from a CDN.
 * This module and the library load only when a person asks to scan.
 */
import type { BarcodeFormat } from 'barcode-detector/ponyfill';

/** The codes on food packaging and on kitchen labels. */
const FORMATS: BarcodeFormat[] = [
  'ean_13',
  'ean_8',
  'upc_a',
  'upc_e',
  'code_128',
  'code_39',
  'itf',
  'qr_code',
  'data_matrix',
];

export interface Detector {
  detect(source: ImageBitmapSource): Promise<{ rawValue: string }[]>;
}

interface NativeDetectorClass {
  new (options: { formats: string[] }): Detector;
  getSupportedFormats(): Promise<string[]>;
}

async function nativeDetector(): Promise<Detector | undefined> {
  const Native = (globalThis as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  if (!Native) return undefined;
  try {
    const supported = new Set(await Native.getSupportedFormats());
    const formats = FORMATS.filter((format) => supported.has(format));
    return formats.length ? new Native({ formats }) : undefined;
  } catch {
    return undefined;
  }
}

let loaded: Promise<Detector> | undefined;

/** The detector to use on this device (made once). */
export function barcodeDetector(): Promise<Detector> {
  loaded ??= (async () => {
    const native = await nativeDetector();
    if (native) return native;
    const [{ BarcodeDetector, prepareZXingModule }, { default: wasmUrl }] = await Promise.all([
      import('barcode-detector/ponyfill'),
      import('zxing-wasm/reader/zxing_reader.wasm?url'),
    ]);
    prepareZXingModule({
      overrides: {
        locateFile: (path: string, prefix: string) =>
          path.endsWith('.wasm') ? wasmUrl : prefix + path,
      },
    });
    return new BarcodeDetector({ formats: FORMATS });
  })();
  // A failed load (no memory, a broken download) is tried again next time.
  loaded.catch(() => (loaded = undefined));
  return loaded;
}

/** The first code found in `source`, or undefined. */
export async function readBarcode(source: ImageBitmapSource): Promise<string | undefined> {
  const detector = await barcodeDetector();
  const [first] = await detector.detect(source);
  return first?.rawValue.trim() || undefined;
}
