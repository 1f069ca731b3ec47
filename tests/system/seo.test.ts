// Issue 17, items 3, 4 and 7 against the built site with the demo data: every public page has one
// absolute canonical URL from PUBLIC_ORIGIN (never the Host header), hreflang for zh-CN, en and
// x-default with the page itself among them, a meta description, OpenGraph/Twitter tags and
// parseable JSON-LD; the sitemap (xmllint) lists exactly such pages; robots.txt names it; the
// badge and share image answer with cache headers; static files are hashed, immutable, compressed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Parser } from 'htmlparser2';
import { adminUrl, admin, signUpAndLogIn, startSite, stopSite, tempDataDir, type Site } from './helpers.ts';
import { xmllint, xpath } from '../helpers/xml.ts';

const publicOrigin = 'https://kaopu.example';
const dbName = `seo_system_${process.pid}`;


interface Head {
  lang: string | null;
  links: Array<Record<string, string>>;
  metas: Array<Record<string, string>>;
  jsonLd: string[];
  title: string;
}

/** The <head> facts of a page, through a real HTML parser. */
function parseHead(html: string): Head {
  const head: Head = { lang: null, links: [], metas: [], jsonLd: [], title: '' };
  let inLd = false;
  let inTitle = false;
  let inBody = false;
  let ld = '';
  const parser = new Parser({
    onopentag(name, attrs) {
      if (name === 'html') head.lang = attrs.lang ?? null;
      if (name === 'link') head.links.push(attrs);
      if (name === 'meta') head.metas.push(attrs);
      if (name === 'body') inBody = true;
      // SVG charts in the body have <title>s of their own: the page's is the one in <head>.
      if (name === 'title' && !inBody) inTitle = true;
      if (name === 'script' && attrs.type === 'application/ld+json') {
        inLd = true;
        ld = '';
      }
    },
    ontext(text) {
      if (inLd) ld += text;
      if (inTitle) head.title += text;
    },
    onclosetag(name) {
      if (name === 'script' && inLd) {
        head.jsonLd.push(ld);
        inLd = false;
      }
      if (name === 'title') inTitle = false;
    },
  }, { decodeEntities: true });
  parser.write(html);
  parser.end();
  return head;
}

const meta = (h: Head, key: string) => h.metas.filter((m) => m.name === key || m.property === key).map((m) => m.content ?? '');

/** What the canonical URL of a fetched path must be: origin from configuration, `/en/` = `/en`, no trailing slash, no `page=1`. */
function expectedCanonical(pathAndQuery: string, keep: readonly string[]): string {
  const u = new URL(pathAndQuery, 'http://x');
  let path = u.pathname.replace(/\/+$/, '') || '/';
  if (path === '/en/') path = '/en';
  const q = new URLSearchParams();
  for (const k of keep) {
    const v = u.searchParams.get(k);
    if (v && !(k === 'page' && Number(v) <= 1)) q.set(k, v);
  }
  const qs = q.toString();
  return `${publicOrigin}${path === '/' ? '/' : path}${qs ? `?${qs}` : ''}`;
}

function checkIndexable(pathAndQuery: string, h: Head, keep: readonly string[] = ['page']): void {
  const where = pathAndQuery;
  const isEn = pathAndQuery === '/en' || pathAndQuery.startsWith('/en/') || pathAndQuery.startsWith('/en?');
  expect(h.lang, where).toBe(isEn ? 'en' : 'zh-CN');
  const canonicals = h.links.filter((l) => l.rel === 'canonical');
  expect(canonicals.length, `${where}: one canonical`).toBe(1);
  const canonical = canonicals[0]!.href!;
  expect(canonical, where).toBe(expectedCanonical(pathAndQuery, keep));
  const alternates = h.links.filter((l) => l.rel === 'alternate' && l.hreflang);
  expect(alternates.map((a) => a.hreflang).sort(), `${where}: hreflang set`).toEqual(['en', 'x-default', 'zh-CN']);
  for (const a of alternates) expect(a.href!.startsWith(`${publicOrigin}/`), `${where}: ${a.href} absolute`).toBe(true);
  expect(alternates.find((a) => a.hreflang === (isEn ? 'en' : 'zh-CN'))!.href, `${where}: self-reference`).toBe(canonical);
  expect(alternates.find((a) => a.hreflang === 'x-default')!.href).toBe(alternates.find((a) => a.hreflang === 'zh-CN')!.href);
  expect(meta(h, 'robots')).toEqual([]);
  expect(meta(h, 'description')[0]?.trim().length ?? 0, `${where}: description`).toBeGreaterThan(5);
  expect(meta(h, 'og:url')).toEqual([canonical]);
  expect(meta(h, 'og:title')[0]).toBe(h.title);
  expect(meta(h, 'og:image')[0]!.startsWith(`${publicOrigin}/`)).toBe(true);
  expect(meta(h, 'twitter:card')).toEqual(['summary_large_image']);
  for (const ld of h.jsonLd) expect(() => JSON.parse(ld), `${where}: JSON-LD`).not.toThrow();
}

async function get(site: Site, path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${site.url}${path}`, { redirect: 'manual', headers });
}

/** Run `fn` over `items` a few at a time (the machine is shared). */
async function pool<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

describe('search-engine basics, badge and delivery on the demo site', () => {
  const dataDir = tempDataDir();
  let site: Site;
  let sitemapPaths: string[] = [];
  beforeAll(async () => {
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${dbName}`);
    const u = new URL(adminUrl);
    u.pathname = `/${dbName}`;
    site = await startSite({ DATABASE_URL: u.toString(), DATA_DIR: dataDir, PUBLIC_ORIGIN: publicOrigin, RANK_POLL: '0' });
  });
  afterAll(async () => {
    if (site) await stopSite(site);
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  });

  it('robots.txt names the sitemap and keeps moderation, settings and forms out', async () => {
    const res = await get(site, '/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const lines = (await res.text()).split('\n');
    expect(lines).toContain(`Sitemap: ${publicOrigin}/sitemap.xml`);
    for (const p of ['/mod', '/settings', '/login', '/signup', '/platforms/new', '/en/settings']) expect(lines).toContain(`Disallow: ${p}`);
  });

  it('the sitemap parses and lists every public platform, review and case page in both languages with lastmod', async () => {
    const res = await get(site, '/sitemap.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    const xml = await res.text();
    expect(xmllint(xml)).toBe('');
    const locs = xpath(xml, "//*[local-name()='url']/*[local-name()='loc']/text()");
    expect(locs.every((l) => l.startsWith(`${publicOrigin}/`))).toBe(true);
    sitemapPaths = locs.map((l) => l.slice(publicOrigin.length).replace(/&amp;/g, '&'));
    for (const kind of ['/platforms/', '/reviews/', '/incidents/']) {
      expect(sitemapPaths.some((p) => p.startsWith(kind)), kind).toBe(true);
      expect(sitemapPaths.some((p) => p.startsWith(`/en${kind}`)), `/en${kind}`).toBe(true);
    }
    expect(sitemapPaths).toContain('/platforms/xingyao-card');
    expect(sitemapPaths.some((p) => p.startsWith('/mod/') && p !== '/mod/log')).toBe(false);
    expect(Number(xpath(xml, "count(//*[local-name()='url'][*[local-name()='lastmod']])")[0])).toBeGreaterThan(locs.length / 2);
    // A 304 for a crawler that already has it.
    const again = await get(site, '/sitemap.xml', { 'if-none-match': res.headers.get('etag')! });
    expect(again.status).toBe(304);
  });

  it('every page in the sitemap answers 200 with itself as canonical, hreflang, description, OpenGraph and JSON-LD', async () => {
    expect(sitemapPaths.length).toBeGreaterThan(100);
    const failures: string[] = [];
    await pool(sitemapPaths, 3, async (path) => {
      const res = await get(site, path);
      if (res.status !== 200) return void failures.push(`${path}: ${res.status}`);
      try {
        checkIndexable(path, parseHead(await res.text()));
      } catch (e) {
        failures.push(`${path}: ${(e as Error).message.split('\n')[0]}`);
      }
    });
    expect(failures).toEqual([]);
  });

  it.each([
    ['/', ['page']], ['/en', ['page']], ['/en/', ['page']], ['/?page=1', ['page']], ['/platforms?page=1', ['category', 'status', 'sort', 'page']],
    ['/platforms?sort=newest&page=2&utm_source=x', ['category', 'status', 'sort', 'page']], ['/en/platforms/', ['category', 'status', 'sort', 'page']],
    ['/ranking', ['page']], ['/ranking?page=1', ['page']], ['/en/ranking', ['page']], ['/about/ranking', ['page']], ['/about/flags', ['page']],
    ['/en/about/flags', ['page']], ['/mod/log', ['page']], ['/en/mod/log?page=1', ['page']], ['/search?q=%E5%8D%A1%E7%9B%9F', ['q', 'page']],
    ['/compare?p=xingyao-card', ['p']], ['/u/buyer_01', ['page']], ['/en/u/buyer_01', ['page']],
  ] as const)('%s: one canonical, hreflang, description', async (path, keep) => {
    const res = await get(site, path);
    expect(res.status).toBe(200);
    checkIndexable(path, parseHead(await res.text()), keep);
  });

  it('forms and error pages carry a description and noindex, no canonical', async () => {
    for (const path of ['/login', '/signup', '/forgot-password', '/en/login', '/platforms/new', '/does-not-exist', '/en/does-not-exist']) {
      const res = await get(site, path);
      expect([200, 303, 404], path).toContain(res.status);
      if (res.status === 303) continue; // a form for members sends a reader to log in
      const h = parseHead(await res.text());
      expect(meta(h, 'description')[0]?.length ?? 0, path).toBeGreaterThan(3);
      expect(meta(h, 'robots'), path).toEqual(['noindex']);
      expect(h.links.filter((l) => l.rel === 'canonical'), path).toEqual([]);
    }
  });

  it('a platform page carries an Organization with AggregateRating and Reviews, and its share image', async () => {
    const h = parseHead(await (await get(site, '/en/platforms/xingyao-card')).text());
    const ld = h.jsonLd.map((x) => JSON.parse(x) as Record<string, unknown>);
    const org = ld.find((x) => x['@type'] === 'Organization') as Record<string, any>;
    expect(org['@context']).toBe('https://schema.org');
    expect(org.name).toBe('Xingyao Card');
    expect(org.url).toBe(`${publicOrigin}/en/platforms/xingyao-card`);
    expect(org.aggregateRating['@type']).toBe('AggregateRating');
    expect(org.aggregateRating.ratingValue).toBeGreaterThanOrEqual(1);
    expect(org.aggregateRating.ratingValue).toBeLessThanOrEqual(5);
    expect(org.aggregateRating.reviewCount).toBeGreaterThan(0);
    expect(org.review.length).toBeGreaterThan(0);
    for (const r of org.review) {
      expect(r['@type']).toBe('Review');
      expect(r.author['@type']).toBe('Person');
      expect(r.reviewRating.ratingValue).toBeGreaterThanOrEqual(1);
      expect(Number.isNaN(Date.parse(r.datePublished))).toBe(false);
      expect(r.url.startsWith(`${publicOrigin}/en/reviews/`)).toBe(true);
    }
    expect(meta(h, 'og:image')).toEqual([`${publicOrigin}/en/share/xingyao-card.png`]);
    const png = await get(site, '/en/share/xingyao-card.png');
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect([...new Uint8Array(await png.arrayBuffer()).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect((await get(site, '/share/no-such-platform.png')).status).toBe(404);
  });

  it('the embed snippet on the platform page uses absolute URLs from PUBLIC_ORIGIN', async () => {
    const html = await (await get(site, '/platforms/xingyao-card', { host: 'evil.example' })).text().catch(() => '');
    expect(html).not.toContain('evil.example');
    const page = await (await get(site, '/platforms/xingyao-card')).text();
    expect(page).toContain(`&lt;img src=&quot;${publicOrigin}/badge/xingyao-card.svg&quot;`);
    expect(page).toContain(`](${publicOrigin}/badge/xingyao-card.svg)](${publicOrigin}/platforms/xingyao-card)`);
  });

  it('the badge: SVG that parses, band text, cache headers, 304, 404 for an unknown slug, English by path or ?lang=en', async () => {
    const res = await get(site, '/badge/xingyao-card.svg');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    const svg = await res.text();
    expect(xmllint(svg)).toBe('');
    const texts = xpath(svg, "//*[local-name()='text']/text()");
    expect(texts[0]).toBe('靠谱');
    expect(['靠谱', '一般', '谨慎', '高风险', '跑路', '数据不足']).toContain(texts[1]);
    expect(texts[2]).toMatch(/条已验证评价/);
    expect((await get(site, '/badge/xingyao-card.svg', { 'if-none-match': etag! })).status).toBe(304);
    for (const en of ['/en/badge/xingyao-card.svg', '/badge/xingyao-card.svg?lang=en']) {
      const t = xpath(await (await get(site, en)).text(), "//*[local-name()='text']/text()");
      expect(['Reliable', 'Fair', 'Caution', 'High risk', 'Exit scam', 'Not enough data']).toContain(t[1]);
      expect(t[2]).toMatch(/verified review/);
    }
    const missing = await get(site, '/badge/no-such-platform.svg');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    expect(xmllint(await missing.text())).toBe('');
  });

  it('static files: hashed names, immutable, brotli or gzip by Accept-Encoding; favicon set and manifest linked', async () => {
    const h = parseHead(await (await get(site, '/')).text());
    const css = h.links.find((l) => l.rel === 'stylesheet')!.href!;
    expect(css).toMatch(/^\/styles\.[0-9a-f]{10}\.css$/);
    const plain = await get(site, css, { 'accept-encoding': 'identity' });
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('content-encoding')).toBeNull();
    const plainBytes = Buffer.from(await plain.arrayBuffer());
    for (const [ae, enc] of [['gzip, deflate, br', 'br'], ['gzip', 'gzip']] as const) {
      // Node's fetch decodes the body; the raw size comes from Content-Length.
      const r = await get(site, css, { 'accept-encoding': ae });
      expect(r.headers.get('content-encoding')).toBe(enc);
      expect(r.headers.get('vary')).toBe('Accept-Encoding');
      expect(Number(r.headers.get('content-length'))).toBeLessThan(plainBytes.length / 2);
      expect(Buffer.from(await r.arrayBuffer()).equals(plainBytes)).toBe(true);
    }
    const icons = h.links.filter((l) => l.rel === 'icon' || l.rel === 'apple-touch-icon' || l.rel === 'manifest');
    expect(icons.map((l) => l.rel).sort()).toEqual(['apple-touch-icon', 'icon', 'icon', 'manifest']);
    for (const l of icons) expect((await get(site, l.href!)).status, l.href).toBe(200);
    const manifest = (await (await get(site, h.links.find((l) => l.rel === 'manifest')!.href!)).json()) as { icons: Array<{ src: string; sizes: string }> };
    expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const i of manifest.icons) expect((await get(site, i.src)).status, i.src).toBe(200);
  });

  it('a signed-in member gets the home page from the shared render, with their own menu', async () => {
    const cookie = await signUpAndLogIn(site, dataDir, { handle: 'seo_reader', email: 'seo_reader@example.test', password: 'seo reader password 1' });
    const first = await get(site, '/', { cookie });
    expect(first.status).toBe(200);
    const second = await get(site, '/', { cookie });
    expect(second.headers.get('x-cache')).toBe('SHARED');
    const body = await second.text();
    expect(body).toContain('>seo_reader</a>');
    expect(body).not.toContain('__KP_HANDLE__');
    expect(second.headers.get('cache-control')).toMatch(/private|no-store/);
  });
});
