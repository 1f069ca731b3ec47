// node scripts/icons.ts — the favicon set (issue 17, item 7) drawn from public/favicon.svg with
// sharp: a 32 px PNG for browsers without SVG favicons, the 180 px Apple touch icon and the 192 /
// 512 px icons of the web manifest (512 also as "maskable": the mark inside the 80 % safe zone).
// Re-run after changing the SVG; the PNGs are committed (the build copies public/ as is).
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const publicDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../public');
const svg = readFileSync(path.join(publicDir, 'favicon.svg'));
// The glyph needs a CJK face: librsvg finds one through fontconfig (fonts-wqy-microhei here).
const sizes: Array<[string, number]> = [['favicon-32.png', 32], ['apple-touch-icon.png', 180], ['icon-192.png', 192], ['icon-512.png', 512]];
for (const [name, size] of sizes) {
  await sharp(svg, { density: (72 * size) / 32 }).resize(size, size).png({ compressionLevel: 9 }).toFile(path.join(publicDir, name));
  console.log(`${name} ${size}×${size}`);
}
// Maskable: full-bleed brand colour, the mark at 70 % in the middle.
const inner = await sharp(svg, { density: (72 * 358) / 32 }).resize(358, 358).png().toBuffer();
await sharp({ create: { width: 512, height: 512, channels: 4, background: '#0f766e' } })
  .composite([{ input: inner, top: 77, left: 77 }]).png({ compressionLevel: 9 }).toFile(path.join(publicDir, 'icon-maskable-512.png'));
console.log('icon-maskable-512.png 512×512');
