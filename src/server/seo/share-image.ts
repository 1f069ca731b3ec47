// The share image of a platform (OpenGraph / Twitter card, issue 17 item 4): 1200×630 PNG with
// the site's name, the platform's name, its band and score, drawn as SVG and rasterised by sharp
// (librsvg: text through fontconfig, so the server's CJK font draws the Chinese). Rendering
// costs tens of milliseconds, so each image is kept in memory by what it shows: a changed band
// or score makes a new key, an unchanged one is served from memory.
import sharp from 'sharp';
import { badgeFontFamily, bandColours, escapeXml } from './badge.ts';
import type { VerdictBand } from '../verdict/verdict.ts';

/** The size Facebook, X and LinkedIn all crop well (1.91:1). */
export const shareWidthPx = 1200;
export const shareHeightPx = 630;

export interface ShareText {
  site: string;
  tagline: string;
  /** The platform's name, or the page title for the site-wide image. */
  title: string;
  subtitle: string;
  band: { words: string; band: VerdictBand } | null;
  score: string | null;
}

/** Characters that fit one line of the 64 px title: a long name is cut with an ellipsis. */
function fit(text: string, maxWide: number): string {
  const chars = [...text];
  let width = 0;
  for (let i = 0; i < chars.length; i++) {
    width += chars[i]!.codePointAt(0)! >= 0x2e80 ? 1 : 0.55;
    if (width > maxWide) return `${chars.slice(0, i).join('')}…`;
  }
  return text;
}

export function shareSvg(s: ShareText): string {
  const font = escapeXml(badgeFontFamily);
  const chip = s.band
    ? `<rect x="80" y="330" rx="16" width="${Math.max(160, [...s.band.words].length * 52 + 64)}" height="92" fill="${bandColours[s.band.band]}"/>`
      + `<text x="${80 + Math.max(160, [...s.band.words].length * 52 + 64) / 2}" y="392" text-anchor="middle" font-size="52" font-weight="700" fill="#fff">${escapeXml(s.band.words)}</text>`
    : '';
  const scoreX = s.band ? 80 + Math.max(160, [...s.band.words].length * 52 + 64) + 40 : 80;
  const score = s.score ? `<text x="${scoreX}" y="394" font-size="56" font-weight="700" fill="#1c2430">${escapeXml(s.score)}</text>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${shareWidthPx}" height="${shareHeightPx}" viewBox="0 0 ${shareWidthPx} ${shareHeightPx}">`
    + `<rect width="100%" height="100%" fill="#f6f7f9"/>`
    + `<rect x="0" y="0" width="${shareWidthPx}" height="14" fill="#0f766e"/>`
    + `<g font-family="${font}">`
    + `<rect x="80" y="70" width="64" height="64" rx="14" fill="#0f766e"/><text x="112" y="115" text-anchor="middle" font-size="36" font-weight="700" fill="#fff">靠</text>`
    + `<text x="164" y="115" font-size="36" font-weight="700" fill="#1c2430">${escapeXml(s.site)}</text>`
    + `<text x="80" y="250" font-size="68" font-weight="700" fill="#1c2430">${escapeXml(fit(s.title, 15))}</text>`
    + `<text x="80" y="300" font-size="30" fill="#5b6675">${escapeXml(fit(s.subtitle, 34))}</text>`
    + chip + score
    + `<text x="80" y="560" font-size="28" fill="#5b6675">${escapeXml(fit(s.tagline, 36))}</text>`
    + `</g></svg>`;
}

const maxImages = 500;
const images = new Map<string, Promise<Buffer>>();

/** The PNG for this text, rendered once per distinct text (bounded; oldest dropped first). */
export function sharePng(s: ShareText): Promise<Buffer> {
  const key = JSON.stringify(s);
  let png = images.get(key);
  if (!png) {
    png = sharp(Buffer.from(shareSvg(s))).png({ compressionLevel: 9, palette: true }).toBuffer();
    images.set(key, png);
    png.catch(() => images.delete(key));
    if (images.size > maxImages) images.delete(images.keys().next().value!);
  }
  return png;
}
