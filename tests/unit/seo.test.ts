// Issue 17, items 3, 4 and 7: canonical and language URLs, sitemap, robots.txt, the badge,
// structured data, the share image and hashed asset names — the pure parts, checked with real
// parsers (xmllint, JSON.parse, sharp's metadata).
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { canonicalQuery, normalisePath, pageUrls } from '../../src/server/seo/head.ts';
import { maxUrlsPerSitemap, robotsTxt, sitemapFileCount, sitemapIndex, sitemapSlice, urlset, type SitemapPage } from '../../src/server/seo/sitemap.ts';
import { badgeSvg, textWidthPx } from '../../src/server/seo/badge.ts';
import { badgeText, type PlatformSummary } from '../../src/server/seo/seo.service.ts';
import { platformLd, reviewLd, serializeLd, textFromHtml, websiteLd } from '../../src/server/seo/jsonld.ts';
import { shareSvg, sharePng, shareHeightPx, shareWidthPx } from '../../src/server/seo/share-image.ts';
import { etagOf, ifNoneMatchHits } from '../../src/server/seo/respond.ts';
import { hashedPath } from '../../src/server/http/assets.ts';
import { xmllint, xpath } from '../helpers/xml.ts';

const origin = 'https://kaopu.example';

describe('canonical URLs', () => {
  it.each([
    ['zh-CN', '/', '', 'https://kaopu.example/'],
    ['en', '/', '', 'https://kaopu.example/en'],
    ['en', '/', '?page=1', 'https://kaopu.example/en'],
    ['zh-CN', '/platforms/', '?page=1&utm_source=x', 'https://kaopu.example/platforms'],
    ['zh-CN', '/platforms', '?page=2', 'https://kaopu.example/platforms?page=2'],
    ['zh-CN', '/platforms', '?page=02', 'https://kaopu.example/platforms?page=2'],
    ['zh-CN', '/platforms', '?page=abc', 'https://kaopu.example/platforms'],
    ['en', '/ranking//', '?page=0', 'https://kaopu.example/en/ranking'],
  ] as const)('%s %s%s → %s', (locale, path, search, expected) => {
    expect(pageUrls(origin, locale, path, new URLSearchParams(search)).canonical).toBe(expected);
  });

  it('keeps only the named parameters, in a fixed order', () => {
    expect(canonicalQuery(new URLSearchParams('sort=newest&x=1&category=game_cards&page=1'), ['category', 'status', 'sort', 'page'])).toBe('?category=game_cards&sort=newest');
    expect(canonicalQuery(new URLSearchParams('q=%E5%8D%A1%E7%9B%9F&page=3'), ['q', 'page'])).toBe('?q=%E5%8D%A1%E7%9B%9F&page=3');
    expect(canonicalQuery(new URLSearchParams('q=&page=1'), ['q', 'page'])).toBe('');
  });

  it('names zh-CN, en and x-default, absolute, with the page itself among them', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const u = pageUrls(origin, locale, '/platforms/xingyao-card', new URLSearchParams());
      expect(u.alternates.map((a) => a.hreflang)).toEqual(['zh-CN', 'en', 'x-default']);
      for (const a of u.alternates) expect(new URL(a.href).origin).toBe(origin);
      expect(u.alternates.filter((a) => a.href === u.canonical).length).toBeGreaterThanOrEqual(1);
      expect(u.alternates.find((a) => a.hreflang === locale)!.href).toBe(u.canonical);
    }
  });

  it('never takes a host from the path', () => {
    expect(normalisePath('//evil.example/x')).toBe('/evil.example/x');
    expect(new URL(pageUrls(origin, 'zh-CN', '//evil.example/x', new URLSearchParams()).canonical).host).toBe('kaopu.example');
  });
});

describe('sitemap', () => {
  const pages: SitemapPage[] = [
    { path: '/', lastmod: new Date('2026-12-01T08:00:00Z') },
    { path: '/platforms/a&b', lastmod: null },
    { path: '/reviews/7', lastmod: new Date('2026-11-30T00:00:00.123Z') },
  ];

  it('parses, lists every page in both languages with alternates and lastmod', () => {
    const xml = urlset(origin, pages);
    expect(xmllint(xml)).toBe('');
    const ns = "*[local-name()='urlset']/*[local-name()='url']";
    const locs = xpath(xml, `//${ns}/*[local-name()='loc']/text()`);
    expect(locs).toEqual([
      'https://kaopu.example/', 'https://kaopu.example/en',
      'https://kaopu.example/platforms/a&amp;b', 'https://kaopu.example/en/platforms/a&amp;b',
      'https://kaopu.example/reviews/7', 'https://kaopu.example/en/reviews/7',
    ]);
    expect(xpath(xml, `//${ns}/*[local-name()='lastmod']/text()`)).toEqual(['2026-12-01T08:00:00Z', '2026-12-01T08:00:00Z', '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z']);
    expect(xpath(xml, `count(//${ns}[1]/*[local-name()='link'])`)).toEqual(['3']);
  });

  it('splits into files of at most 50 000 URLs with an index past that', () => {
    expect(maxUrlsPerSitemap).toBe(50_000);
    expect(sitemapFileCount(25_000)).toBe(1);
    expect(sitemapFileCount(25_001)).toBe(2);
    const many = Array.from({ length: 11 }, (_, i) => ({ path: `/reviews/${i}`, lastmod: null }));
    expect(sitemapFileCount(many.length, 10)).toBe(3);
    const slices = [1, 2, 3].map((n) => sitemapSlice(many, n, 10));
    expect(slices.map((s) => s.length)).toEqual([5, 5, 1]);
    expect(slices.flat()).toEqual(many);
    for (const s of slices) expect(xpath(urlset(origin, s), "count(//*[local-name()='url'])")[0]).toBe(String(s.length * 2));
    const index = sitemapIndex(origin, [{ n: 1, lastmod: null }, { n: 2, lastmod: new Date('2026-12-01T00:00:00Z') }]);
    expect(xmllint(index)).toBe('');
    expect(xpath(index, "//*[local-name()='sitemap']/*[local-name()='loc']/text()")).toEqual(['https://kaopu.example/sitemap-1.xml', 'https://kaopu.example/sitemap-2.xml']);
  });
});

describe('robots.txt', () => {
  const txt = robotsTxt(origin);
  const lines = txt.split('\n');
  it('names the sitemap by absolute URL', () => {
    expect(lines).toContain('Sitemap: https://kaopu.example/sitemap.xml');
  });
  it('keeps moderation, settings and forms out in both languages, the public log in', () => {
    for (const p of ['/mod', '/settings', '/login', '/signup', '/platforms/*/review', '/reviews/*/edit']) {
      expect(lines).toContain(`Disallow: ${p}`);
      expect(lines).toContain(`Disallow: /en${p}`);
    }
    expect(lines).toContain('Allow: /mod/log');
    expect(lines).not.toContain('Disallow: /');
    expect(lines).not.toContain('Disallow: /platforms');
  });
});

const summary: PlatformSummary = { platformId: 1, slug: 'xingyao-card', nameZh: '星耀卡盟', nameEn: 'Xingyao Card', band: 'caution', status: 'suspended', score: 3.456, reviewCount: 9, verifiedReviews: 4 };

describe('badge', () => {
  it.each(['zh-CN', 'en'] as const)('%s: parses as XML, names band, score, verified count and status', (locale) => {
    const svg = badgeSvg(badgeText(locale, summary), summary.band);
    expect(xmllint(svg)).toBe('');
    const texts = xpath(svg, "//*[local-name()='text']/text()").join(' | ');
    expect(texts).toContain(locale === 'en' ? 'Caution' : '谨慎');
    expect(texts).toContain('3.5');
    expect(texts).toContain(locale === 'en' ? '4 verified reviews' : '4 条已验证评价');
    expect(texts).toContain(locale === 'en' ? 'Suspended' : '暂停服务');
    expect(xpath(svg, "string(//*[local-name()='title'])")[0]).toContain(locale === 'en' ? 'Xingyao Card' : '星耀卡盟');
    // CJK faces in the font stack, so an embedding page draws the Chinese.
    expect(svg).toMatch(/font-family="[^"]*Microsoft YaHei[^"]*Noto Sans CJK SC/);
  });

  it('says "not listed" for an unknown platform, in one plural form in English', () => {
    expect(xpath(badgeSvg(badgeText('zh-CN', null), null), "//*[local-name()='text']/text()")).toEqual(['靠谱', '未收录']);
    expect(badgeText('en', { ...summary, verifiedReviews: 1 }).detail).toContain('1 verified review');
    expect(badgeText('en', { ...summary, verifiedReviews: 1 }).detail).not.toContain('reviews');
  });

  it('escapes names and is wider for wider text', () => {
    const svg = badgeSvg(badgeText('en', { ...summary, nameEn: '<script>&"' }), 'reliable');
    expect(xmllint(svg)).toBe('');
    expect(svg).not.toContain('<script>');
    expect(textWidthPx('靠谱靠谱')).toBeGreaterThan(textWidthPx('kaop'));
  });
});

describe('structured data', () => {
  const review = { url: `${origin}/reviews/1`, author: 'buyer_1', rating: 4, body: 'ok </script><b>', publishedAt: new Date('2026-11-01T00:00:00Z') };
  it('an Organization with AggregateRating and Reviews has the properties schema.org and Google ask for', () => {
    const ld = JSON.parse(serializeLd(platformLd({ url: `${origin}/platforms/x`, name: '星耀卡盟', alternateName: 'Xingyao', sameAs: ['https://x.example/'], description: 'd', ratingValue: 3.456, reviewCount: 9, reviews: [review] })));
    expect(ld['@context']).toBe('https://schema.org');
    expect(ld['@type']).toBe('Organization');
    expect(ld.aggregateRating).toEqual({ '@type': 'AggregateRating', ratingValue: 3.46, reviewCount: 9, bestRating: 5, worstRating: 1 });
    expect(ld.review[0]['@type']).toBe('Review');
    expect(ld.review[0].author).toEqual({ '@type': 'Person', name: 'buyer_1' });
    expect(ld.review[0].reviewRating).toMatchObject({ '@type': 'Rating', ratingValue: 4, bestRating: 5 });
    expect(ld.review[0].reviewBody).toBe('ok </script><b>');
  });
  it('leaves the AggregateRating out when there is nothing to rate (an empty one is invalid)', () => {
    const ld = platformLd({ url: `${origin}/platforms/x`, name: 'x', alternateName: null, sameAs: [], description: 'd', ratingValue: null, reviewCount: 0, reviews: [] });
    expect(ld).not.toHaveProperty('aggregateRating');
    expect(ld).not.toHaveProperty('review');
  });
  it('cannot be closed early by user text', () => {
    const text = serializeLd(reviewLd(review, { name: 'x', url: `${origin}/platforms/x` }));
    expect(text).not.toMatch(/<\/script/i);
    expect(text).not.toContain('<');
    expect(JSON.parse(text).itemReviewed).toEqual({ '@type': 'Organization', name: 'x', url: `${origin}/platforms/x` });
  });
  it('a WebSite with a SearchAction on the home page', () => {
    const ld = websiteLd({ name: '靠谱', url: `${origin}/`, searchUrl: `${origin}/search`, inLanguage: 'zh-CN' });
    expect(ld.potentialAction).toMatchObject({ '@type': 'SearchAction', target: `${origin}/search?q={search_term_string}` });
  });
  it('plain text of sanitised HTML', () => {
    expect(textFromHtml('<p>到账&amp;快 <a href="x">链接</a></p><p>&#x4e2d;&lt;</p>')).toBe('到账&快 链接 中<');
  });
});

describe('share image', () => {
  it('is a 1200×630 PNG drawn from well-formed SVG', async () => {
    const text = { site: '靠谱 Kaopu', tagline: '先查靠谱再付款', title: '星耀卡盟 <&>', subtitle: 'Xingyao', band: { words: '谨慎', band: 'caution' as const }, score: '3.5 / 5' };
    expect(xmllint(shareSvg(text))).toBe('');
    const png = await sharePng(text);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([shareWidthPx, shareHeightPx, 'png']);
    expect(await sharePng(text)).toBe(png); // the same image from memory
  });
});

describe('validators and asset names', () => {
  it('ETags differ by body, and If-None-Match matches lists, weak forms and *', () => {
    const e = etagOf('a');
    expect(etagOf('b')).not.toBe(e);
    expect(ifNoneMatchHits(`"x", W/${e}`, e)).toBe(true);
    expect(ifNoneMatchHits('*', e)).toBe(true);
    expect(ifNoneMatchHits('"x"', e)).toBe(false);
    expect(ifNoneMatchHits(null, e)).toBe(false);
  });
  it('a hashed name changes with the content and keeps the extension', () => {
    const a = hashedPath('/styles.css', Buffer.from('a{}'));
    expect(a).toMatch(/^\/styles\.[0-9a-f]{10}\.css$/);
    expect(hashedPath('/styles.css', Buffer.from('b{}'))).not.toBe(a);
    expect(hashedPath('/dir.v/file', Buffer.from('x'))).toMatch(/^\/dir\.v\/file\.[0-9a-f]{10}$/);
  });
});
