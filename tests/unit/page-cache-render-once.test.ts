// The anonymous page-cache path of our node:http server with a stand-in for Astro: a page that was
// cached is re-rendered once however many readers arrive when it expires or a write drops it;
// pages that were never stored (searches, forms) are not held back behind each other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type http from 'node:http';
import { createHttpServer } from '../../src/server/http/server.ts';
import { invalidatePages } from '../../src/server/http/invalidation.ts';
import { PageCache } from '../../src/server/http/page-cache.ts';

const ttlMs = 150;
const renders = new Map<string, number>();
let version = 1;
let server: http.Server;
let base: string;

beforeAll(async () => {
  const handler = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = req.url ?? '/';
    renders.set(url, (renders.get(url) ?? 0) + 1);
    const seen = version;
    await new Promise((r) => setTimeout(r, 40));
    if (url.startsWith('/fail')) {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('down');
      return;
    }
    // '/search' never marks itself cacheable, like a search or a form page.
    const marker = url.startsWith('/search') ? {} : { 'x-kaopu-cache': 'platform:9' };
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...marker });
    res.end(`<p>${url} v${seen}</p>`);
  };
  ({ server } = createHttpServer({ handler, clientDir: '/nonexistent', cache: { ttlMs, maxBytes: 1e7 } }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const many = (path: string, n = 12) => Promise.all(Array.from({ length: n }, async () => {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, cache: res.headers.get('x-cache'), text: await res.text() };
}));

describe('anonymous page cache in the http server', () => {
  it('renders an expired page once for the readers arriving together', async () => {
    expect((await many('/p/a', 1))[0]!.text).toBe('<p>/p/a v1</p>');
    expect(renders.get('/p/a')).toBe(1);
    await wait(ttlMs + 20);
    version = 2;
    const pages = await many('/p/a');
    expect(renders.get('/p/a')).toBe(2);
    for (const p of pages) expect(p).toMatchObject({ status: 200, text: '<p>/p/a v2</p>' });
    // All but the one that rendered were answered from what it stored.
    expect(pages.filter((p) => p.cache === 'HIT')).toHaveLength(pages.length - 1);
  });

  it('renders a page dropped by a write once, with what the write changed', async () => {
    await many('/p/b', 1);
    expect(renders.get('/p/b')).toBe(1);
    version = 3;
    invalidatePages(['platform:9']);
    const pages = await many('/p/b');
    expect(renders.get('/p/b')).toBe(2);
    for (const p of pages) expect(p.text).toBe('<p>/p/b v3</p>');
  });

  it('does not hold readers of a page that was never stored behind each other', async () => {
    const pages = await many('/search?q=x', 6);
    expect(renders.get('/search?q=x')).toBe(6);
    for (const p of pages) expect(p.status).toBe(200);
  });

  it('lets the waiting readers render when the one render stored nothing', async () => {
    const { server: s2, cache: c2 } = createHttpServer({
      handler: async (req, res) => {
        renders.set(`s2${req.url}`, (renders.get(`s2${req.url}`) ?? 0) + 1);
        await wait(30);
        const first = renders.get(`s2${req.url}`) === 1;
        res.writeHead(first ? 200 : 503, first ? { 'x-kaopu-cache': 'platform:8' } : {});
        res.end(first ? 'ok' : 'down');
      },
      clientDir: '/nonexistent', cache: { ttlMs, maxBytes: 1e7 },
    });
    await new Promise<void>((r) => s2.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(s2.address() as { port: number }).port}/p/c`;
      expect((await fetch(url)).status).toBe(200);
      await wait(ttlMs + 20);
      expect(c2.wasStored('/p/c')).toBe(false); // noted when a read finds it expired
      const statuses = await Promise.all(Array.from({ length: 5 }, async () => (await fetch(url)).status));
      // The first re-render failed (503, not stored): the others then rendered themselves.
      expect(statuses).toEqual([503, 503, 503, 503, 503]);
      expect(renders.get('s2/p/c')).toBe(6);
    } finally {
      await new Promise<void>((r) => s2.close(() => r()));
    }
  });
});

describe('PageCache.wasStored', () => {
  const page = { status: 200, headers: {}, body: Buffer.from('x'), tags: ['platform:1'] };
  it('names keys that expired or were dropped by tag, until stored again', () => {
    let now = 0;
    const c = new PageCache({ ttlMs: 1000, maxBytes: 10_000, now: () => now });
    expect(c.wasStored('/a')).toBe(false);
    c.set('/a', page);
    c.set('/b', page);
    c.set('/c', { ...page, tags: ['other'] });
    expect(c.wasStored('/a')).toBe(false);
    now = 1000;
    expect(c.get('/a')).toBeUndefined();
    expect(c.wasStored('/a')).toBe(true);
    c.invalidate(['platform:1']);
    expect(c.wasStored('/b')).toBe(true);
    expect(c.wasStored('/c')).toBe(false);
    c.invalidate(['*']);
    expect(c.wasStored('/c')).toBe(true);
    c.set('/a', page);
    expect(c.wasStored('/a')).toBe(false);
  });
});
