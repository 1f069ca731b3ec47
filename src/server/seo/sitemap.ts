// /sitemap.xml (issue 17, item 4): every public platform, review and complaint-case page in both
// languages, with lastmod and the language alternates of each (xhtml:link, as Google documents for
// multilingual sitemaps). Pure: page paths in, XML out. Protocol: https://www.sitemaps.org/protocol.html
// — at most 50 000 URLs per file, else a sitemap index naming the files.
import { localePath, locales } from '../../i18n/index.ts';
import { absoluteUrl } from '../http/origin.ts';
import { escapeXml } from './badge.ts';

/** sitemaps.org: "no more than 50,000 URLs" per sitemap file. */
export const maxUrlsPerSitemap = 50_000;

/** Search engines fetch sitemaps rarely; an hour keeps a crawl burst off the database. */
export const sitemapHeaders: Readonly<Record<string, string>> = { 'Content-Type': 'application/xml; charset=utf-8', 'Cache-Control': 'public, max-age=3600' };

/** One page (without locale prefix); each becomes one <url> per language. */
export interface SitemapPage { path: string; lastmod: Date | null }

/** How many sitemap files `pageCount` pages need (each page is one URL per language). */
export function sitemapFileCount(pageCount: number, maxUrls = maxUrlsPerSitemap): number {
  return Math.max(1, Math.ceil((pageCount * locales.length) / maxUrls));
}

/** The pages of file `n` (1-based) when split into files of at most `maxUrls` URLs. */
export function sitemapSlice<T>(pages: readonly T[], n: number, maxUrls = maxUrlsPerSitemap): T[] {
  const perFile = Math.floor(maxUrls / locales.length);
  return pages.slice((n - 1) * perFile, n * perFile);
}

function w3cDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function urlset(origin: string, pages: readonly SitemapPage[]): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">'];
  for (const p of pages) {
    const urls = locales.map((l) => [l, escapeXml(absoluteUrl(origin, localePath(l, p.path)))] as const);
    const alternates = urls.map(([l, u]) => `<xhtml:link rel="alternate" hreflang="${l}" href="${u}"/>`).join('')
      + `<xhtml:link rel="alternate" hreflang="x-default" href="${urls[0]![1]}"/>`;
    for (const [, u] of urls) {
      out.push(`<url><loc>${u}</loc>${p.lastmod ? `<lastmod>${w3cDate(p.lastmod)}</lastmod>` : ''}${alternates}</url>`);
    }
  }
  out.push('</urlset>', '');
  return out.join('\n');
}

/** The index naming files /sitemap-1.xml … /sitemap-<count>.xml, each with the newest lastmod of its pages. */
export function sitemapIndex(origin: string, files: ReadonlyArray<{ n: number; lastmod: Date | null }>): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'];
  for (const f of files) {
    out.push(`<sitemap><loc>${escapeXml(absoluteUrl(origin, `/sitemap-${f.n}.xml`))}</loc>${f.lastmod ? `<lastmod>${w3cDate(f.lastmod)}</lastmod>` : ''}</sitemap>`);
  }
  out.push('</sitemapindex>', '');
  return out.join('\n');
}

/** Newest date of a list (null when none has one). */
export function newest(pages: readonly SitemapPage[]): Date | null {
  let best: Date | null = null;
  for (const p of pages) if (p.lastmod && (!best || p.lastmod > best)) best = p.lastmod;
  return best;
}

/**
 * robots.txt: the sitemap by absolute URL; moderation, settings, the forms and the action
 * endpoints kept out in both languages (wildcards: Google's and Bing's robots.txt syntax, RFC 9309).
 */
export function robotsTxt(origin: string): string {
  const privatePaths = ['/mod', '/settings', '/login', '/signup', '/logout', '/forgot-password', '/reset-password', '/verify-email', '/confirm-email',
    '/appeals', '/platforms/new', '/platforms/*/review', '/platforms/*/evidence', '/platforms/*/facts', '/platforms/*/claim', '/platforms/*/case-report',
    '/platforms/*/incidents/new', '/reviews/*/edit', '/reviews/*/follow-up', '/reviews/vote', '/uploads/', '/inbox', '/watch', '/*?*_action='];
  // The public moderation log is a reading page (it is linked from every footer): allowed before /mod is refused.
  const lines = ['User-agent: *', 'Allow: /mod/log', 'Allow: /en/mod/log'];
  for (const p of privatePaths) lines.push(`Disallow: ${p}`, ...(p.startsWith('/*') ? [] : [`Disallow: /en${p}`]));
  lines.push('', `Sitemap: ${absoluteUrl(origin, '/sitemap.xml')}`, '');
  return lines.join('\n');
}
