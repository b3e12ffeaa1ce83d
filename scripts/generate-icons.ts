// Draws the ClubOS app icon (a white "C" around a golf flag on navy) and writes what electron-builder
// needs into build/: icon.png (1024×1024), icon.ico (Windows) and icon.icns (macOS). Pure Node, no
// image tools:  node scripts/generate-icons.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];

const NAVY: Rgb = [0x0b, 0x25, 0x45];
const WHITE: Rgb = [0xff, 0xff, 0xff];
const FLAG: Rgb = [0xff, 0xc8, 0x2e];
const GREEN: Rgb = [0x3d, 0xdc, 0x84];

/** The colour at a point of the unit square (0..1 both ways, y down), or null where it is transparent. */
function paint(x: number, y: number): Rgb | null {
  // Rounded square with a small margin, like the platform icon grids.
  const margin = 0.04;
  const radius = 0.2;
  const cx = Math.min(Math.max(x, margin + radius), 1 - margin - radius);
  const cy = Math.min(Math.max(y, margin + radius), 1 - margin - radius);
  if (x < margin || x > 1 - margin || y < margin || y > 1 - margin) return null;
  if ((x - cx) ** 2 + (y - cy) ** 2 > radius ** 2) return null;

  let colour: Rgb = NAVY;

  // The "C": a thick ring open to the right.
  const dx = x - 0.5;
  const dy = y - 0.5;
  const distance = Math.hypot(dx, dy);
  const angle = Math.abs((Math.atan2(dy, dx) * 180) / Math.PI);
  if (distance >= 0.26 && distance <= 0.37 && angle >= 42) colour = WHITE;

  // The green: an ellipse at the foot of the flag.
  if (((x - 0.5) / 0.13) ** 2 + ((y - 0.665) / 0.035) ** 2 <= 1) colour = GREEN;
  // The pole.
  if (x >= 0.455 && x <= 0.48 && y >= 0.3 && y <= 0.67) colour = WHITE;
  // The flag: a triangle off the top of the pole.
  const top = 0.3;
  const bottom = 0.45;
  const tip = 0.66;
  if (x >= 0.48 && y >= top && y <= bottom) {
    const half = (bottom - top) / 2;
    const reach = 0.48 + (tip - 0.48) * (1 - Math.abs(y - (top + half)) / half);
    if (x <= reach) colour = FLAG;
  }
  return colour;
}

/** RGBA pixels at `size`, each averaged over 4×4 samples so edges are smooth at every size. */
function render(size: number): Buffer {
  const samples = 4;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      let covered = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const colour = paint((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          covered += 1;
        }
      }
      const offset = (py * size + px) * 4;
      if (covered > 0) {
        pixels[offset] = Math.round(r / covered);
        pixels[offset + 1] = Math.round(g / covered);
        pixels[offset + 2] = Math.round(b / covered);
        pixels[offset + 3] = Math.round((covered / samples ** 2) * 255);
      }
    }
  }
  return pixels;
}

function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

export function encodePng(size: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(6, 9); // colour type: RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A Windows .ico whose entries are PNGs (supported since Vista; 256 px is what installers want). */
export function encodeIco(images: ReadonlyArray<{ size: number; png: Buffer }>): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  const entries: Buffer[] = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    entries.push(entry);
    offset += png.length;
  }
  return Buffer.concat([header, ...entries, ...images.map((image) => image.png)]);
}

/** A macOS .icns made of PNG entries, keyed by OSType (ic10 is 1024 px: 512 pt at 2×). */
export function encodeIcns(images: ReadonlyArray<{ type: string; png: Buffer }>): Buffer {
  const entries = images.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + entries.reduce((total, entry) => total + entry.length, 0), 4);
  return Buffer.concat([head, ...entries]);
}

export function renderIcons(): { png: Buffer; ico: Buffer; icns: Buffer } {
  const png = new Map<number, Buffer>();
  const at = (size: number): Buffer => {
    let encoded = png.get(size);
    if (!encoded) {
      encoded = encodePng(size, render(size));
      png.set(size, encoded);
    }
    return encoded;
  };
  const ico = encodeIco([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: at(size) })));
  const icns = encodeIcns(
    (
      [
        ['icp4', 16],
        ['icp5', 32],
        ['icp6', 64],
        ['ic07', 128],
        ['ic08', 256],
        ['ic09', 512],
        ['ic10', 1024],
        ['ic11', 32],
        ['ic12', 64],
        ['ic13', 256],
        ['ic14', 512],
      ] as const
    ).map(([type, size]) => ({ type, png: at(size) })),
  );
  return { png: at(1024), ico, icns };
}

if (import.meta.main) {
  const out = join(import.meta.dirname, '..', 'build');
  const { png, ico, icns } = renderIcons();
  writeFileSync(join(out, 'icon.png'), png);
  writeFileSync(join(out, 'icon.ico'), ico);
  writeFileSync(join(out, 'icon.icns'), icns);
  console.warn(`Wrote icon.png, icon.ico and icon.icns to ${out}`);
}
