// The member-page path of our node:http server with a stand-in for Astro: one render per URL
// however many readers arrive at once, invalidation by tag, and pass-through for anything that
// is not a stand-in render or not a plain member.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type http from 'node:http';
import { createHttpServer } from '../../src/server/http/server.ts';
import { MemberPages, memberTemplateHeader } from '../../src/server/http/member-pages.ts';
import { holeClose, holeOpen, holeVariant, templateHandle } from '../../src/server/http/member-template.ts';
import { invalidatePages } from '../../src/server/http/invalidation.ts';

let renders = 0;
let fullRenders = 0;
let server: http.Server;
let base: string;
const readers: Record<string, { id: number; handle: string }> = { 'tok-ann': { id: 1, handle: 'ann' }, 'tok-bo': { id: 2, handle: 'bo' } };

beforeAll(async () => {
  const member = new MemberPages({
    matches: (p) => p.startsWith('/p/'),
    cookieName: 'kaopu_session',
    peek: async (token) => readers[token] ?? null,
    votes: async (readerId) => new Map(readerId === 2 ? [['review:7', 1 as const]] : []),
  }, { ttlMs: 60_000, maxBytes: 1e7 });
  const handler = async (req: http.IncomingMessage, res: http.ServerResponse, _next?: unknown, locals?: { memberTemplate?: string }) => {
    if (locals?.memberTemplate === 'requested' && req.url !== '/p/plain') {
      renders++;
      await new Promise((r) => setTimeout(r, 30));
      const menu = `${holeOpen('account')}${holeVariant('member')}<a href="/u/${templateHandle}">${templateHandle}</a>${holeClose()}`;
      const vote = `${holeOpen('vote:review:7:99')}${holeVariant('none')}[none]${holeVariant('up')}[up]${holeVariant('down')}[down]${holeVariant('own')}[own]${holeClose()}`;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'private, no-store', [memberTemplateHeader]: 'platform:1' });
      res.end(`<p>${menu}</p>${vote}`);
      return;
    }
    fullRenders++;
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`full render of ${req.url}`);
  };
  ({ server } = createHttpServer({ handler, clientDir: '/nonexistent', cache: { ttlMs: 60_000, maxBytes: 1e7 }, member }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  base = `http://127.0.0.1:${addr.port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const get = (path: string, token?: string) => fetch(`${base}${path}`, { headers: token ? { cookie: `theme=x; kaopu_session=${token}` } : {} });

describe('member pages in the http server', () => {
  it('renders once for many readers arriving together, and fills each reader’s parts', async () => {
    renders = 0;
    const tokens = Array.from({ length: 12 }, (_, i) => (i % 2 ? 'tok-bo' : 'tok-ann'));
    const pages = await Promise.all(tokens.map(async (t) => ({ t, res: await get('/p/a', t) })));
    expect(renders).toBe(1);
    for (const { t, res } of pages) {
      const html = await res.text();
      expect(html).not.toContain('<!--kp-');
      expect(html).toContain(t === 'tok-bo' ? '<a href="/u/bo">bo</a></p>[up]' : '<a href="/u/ann">ann</a></p>[none]');
      expect(res.headers.get(memberTemplateHeader)).toBeNull();
      expect(res.headers.get('cache-control')).toBe('private, no-store');
    }
  });

  it('renders again after a write drops the page’s tag', async () => {
    renders = 0;
    await get('/p/b', 'tok-ann');
    await get('/p/b', 'tok-ann');
    expect(renders).toBe(1);
    invalidatePages(['platform:1']);
    expect(await (await get('/p/b', 'tok-bo')).text()).toContain('bo');
    expect(renders).toBe(2);
  });

  it('gives an unknown session, another path, or a page that does not opt in the normal pipeline', async () => {
    fullRenders = 0;
    expect(await (await get('/p/a', 'tok-nobody')).text()).toBe('full render of /p/a');
    expect(await (await get('/q/a', 'tok-ann')).text()).toBe('full render of /q/a');
    expect(await (await get('/p/plain', 'tok-ann')).text()).toBe('full render of /p/plain');
    expect(fullRenders).toBe(3);
  });
});
