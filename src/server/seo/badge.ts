// The embeddable badge `/badge/<slug>.svg` (issue 17, item 3): site name, the verdict's band,
// score, verified-review count and status, as a flat SVG in the site's band colours. Pure:
// words in (already translated), SVG text out. An <img> shows it without any script or font
// download, so the text uses system fonts with CJK faces in the stack (an embedding page on
// Windows, macOS, Android or Linux finds one) and widths are estimated per character.
import type { VerdictBand } from '../verdict/verdict.ts';

/**
 * The site's band colours (public/styles.css: --ok, --brand, --warn, --danger, --muted), with 跑路 a darker
 * red than 高风险 so the two differ at a glance; white text on each is ≥ 4.5:1.
 */
export const bandColours: Readonly<Record<VerdictBand, string>> = Object.freeze({
  reliable: '#067647', fair: '#0f766e', caution: '#b54708', high_risk: '#b42318', exit_scam: '#7a1a12', insufficient: '#5b6675',
});
const labelColour = '#1c2430';
const detailColour = '#3d4754';

/** System CJK faces first where they exist, then generic: the badge is read on other people's pages. */
export const badgeFontFamily = `'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','WenQuanYi Micro Hei',Verdana,'DejaVu Sans',sans-serif`;

const fontSizePx = 12;
const heightPx = 22;
const padPx = 8;

export interface BadgeText {
  /** Left segment: the site's name. */
  label: string;
  /** Middle segment: the band in words. */
  band: string;
  /** Right segment: score · verified reviews · status (already joined), or '' for none. */
  detail: string;
  /** The whole badge in one sentence, for <title> and aria-label. */
  title: string;
  lang: string;
}

/**
 * Width of a text in px at 12 px: wide (CJK, full-width) characters take about one em, narrow
 * ones about 0.62 em in Verdana-like faces (shields.io measures Verdana 11 px the same way).
 */
export function textWidthPx(text: string): number {
  let em = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x2e80 || (cp >= 0x1100 && cp <= 0x11ff)) em += 1;
    else if (ch === ' ' || ch === '·' || ch === '.' || ch === ',' || ch === 'i' || ch === 'l') em += 0.33;
    else if (ch === '★') em += 0.9;
    else em += 0.62;
  }
  return Math.ceil(em * fontSizePx);
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export function badgeSvg(text: BadgeText, band: VerdictBand | null): string {
  const segments = [
    { text: text.label, fill: labelColour },
    { text: text.band, fill: band ? bandColours[band] : bandColours.insufficient },
    ...(text.detail ? [{ text: text.detail, fill: detailColour }] : []),
  ];
  let x = 0;
  const rects: string[] = [];
  const texts: string[] = [];
  for (const s of segments) {
    const w = textWidthPx(s.text) + 2 * padPx;
    rects.push(`<rect x="${x}" width="${w}" height="${heightPx}" fill="${s.fill}"/>`);
    texts.push(`<text x="${x + w / 2}" y="15" text-anchor="middle">${escapeXml(s.text)}</text>`);
    x += w;
  }
  const title = escapeXml(text.title);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${x}" height="${heightPx}" viewBox="0 0 ${x} ${heightPx}" role="img" aria-label="${title}" xml:lang="${escapeXml(text.lang)}">`
    + `<title>${title}</title>`
    + `<clipPath id="r"><rect width="${x}" height="${heightPx}" rx="4"/></clipPath>`
    + `<g clip-path="url(#r)">${rects.join('')}</g>`
    + `<g fill="#fff" font-family="${escapeXml(badgeFontFamily)}" font-size="${fontSizePx}">${texts.join('')}</g>`
    + `</svg>`;
}
