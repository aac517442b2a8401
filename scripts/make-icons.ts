/**
 * Draws Larder's app icons (a white jar on the kitchen green) as PNGs into `static/icons`,
 * with no image library: pixels into zlib, wrapped in PNG chunks. Run once after a design
 * change: `node --import tsx scripts/make-icons.ts`. The maskable variant keeps the jar
 * inside the central 80 % safe zone that launchers may crop to a circle.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const GREEN = [0x1f, 0x5f, 0x3a];
const WHITE = [0xff, 0xff, 0xff];

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** Is the point (x, y), in units of the icon's size (0..1), on the jar? */
function onJar(x: number, y: number, scale: number): boolean {
  const u = (x - 0.5) / scale + 0.5;
  const v = (y - 0.5) / scale + 0.5;
  const lid = u > 0.32 && u < 0.68 && v > 0.18 && v < 0.28;
  const neck = u > 0.36 && u < 0.64 && v >= 0.28 && v < 0.34;
  const r = 0.06;
  const inBody = u > 0.26 && u < 0.74 && v >= 0.34 && v < 0.84;
  const cx = u < 0.26 + r ? 0.26 + r : u > 0.74 - r ? 0.74 - r : u;
  const cy = v > 0.84 - r ? 0.84 - r : v;
  const rounded = (u - cx) ** 2 + (v - cy) ** 2 <= r * r;
  const label = u > 0.34 && u < 0.66 && v > 0.5 && v < 0.66;
  return lid || neck || (inBody && rounded && !label);
}

function icon(size: number, scale: number, roundCorners: boolean): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const fx = (x + 0.5) / size;
      const fy = (y + 0.5) / size;
      const corner = 0.18;
      const dx = Math.max(0, Math.abs(fx - 0.5) - (0.5 - corner));
      const dy = Math.max(0, Math.abs(fy - 0.5) - (0.5 - corner));
      const outside = roundCorners && dx * dx + dy * dy > corner * corner;
      const colour = onJar(fx, fy, scale) ? WHITE : GREEN;
      row.set([...colour, outside ? 0 : 255], 1 + x * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync('static/icons', { recursive: true });
for (const size of [192, 512]) {
  writeFileSync(`static/icons/icon-${size}.png`, icon(size, 1, true));
  writeFileSync(`static/icons/maskable-${size}.png`, icon(size, 0.75, false));
}
writeFileSync('static/icons/apple-touch-icon.png', icon(180, 0.85, false));
