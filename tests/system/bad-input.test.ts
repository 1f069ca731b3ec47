// Bad input at the HTTP level: a clear message next to the field, a fitting status, nothing saved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { postForm, startSite, stopSite, tempDataDir, type Site } from './helpers.ts';

const dataDir = tempDataDir();
let site: Site;
beforeAll(async () => {
  site = await startSite({ DATA_DIR: dataDir, SEED_DEMO: '0' });
});
afterAll(async () => {
  await stopSite(site);
  rmSync(dataDir, { recursive: true, force: true });
});

async function rawPost(path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${site.url}${path}`, {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: site.url, ...headers }, body,
  });
}

describe('bad input over HTTP', () => {
  it('invalid UTF-8 in a form field gets a message next to the field (zh-CN and en)', async () => {
    const r = await rawPost('/signup?_action=auth.signup', 'handle=ab%FF%FEcd&email=a%40b.example&password=long+enough+pass');
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toMatch(/id="handle-error"[^>]*>包含无效字符/);
    const en = await rawPost('/en/signup?_action=auth.signup', 'handle=ab%FFcd&email=a%40b.example&password=long+enough+pass');
    expect(await en.text()).toMatch(/id="handle-error"[^>]*>Contains invalid characters/);
  });

  it('over-long and empty fields name their limits; nothing is created', async () => {
    const r = await postForm(`${site.url}/signup?_action=auth.signup`, { handle: 'x'.repeat(10_000), email: '', password: 'long enough pass' });
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toContain('最多 32 个字符。');
    expect(html).toMatch(/id="email-error"[^>]*>此项必填。/);
    const login = await postForm(`${site.url}/login?_action=auth.login`, { identifier: 'x'.repeat(32), password: 'long enough pass' });
    expect(login.status).toBe(401);
  });

  it('sign-up shows every field error at once (empty handle, bad e-mail, short password)', async () => {
    const r = await postForm(`${site.url}/signup?_action=auth.signup`, { handle: '', email: 'not-an-email', password: 'short' });
    expect(r.status).toBe(400);
    const html = await r.text();
    expect(html).toMatch(/id="handle-error"[^>]*>此项必填。/);
    expect(html).toMatch(/id="email-error"/);
    expect(html).toMatch(/id="password-error"/);
    expect(html).toContain('value="not-an-email"');
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('HTML pages name their charset, rendered or from the page cache', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await fetch(`${site.url}/`);
      expect(r.headers.get('content-type'), `request ${i + 1}`).toBe('text/html; charset=utf-8');
    }
  });

  it('a cross-site form post is refused with 403', async () => {
    const r = await postForm(`${site.url}/signup?_action=auth.signup`, { handle: 'evil', email: 'e@e.example', password: 'long enough pass' }, { Origin: 'https://evil.example' });
    expect(r.status).toBe(403);
  });

  it('an expired or forged session cookie is dropped and the reader is told to log in again', async () => {
    const r = await fetch(`${site.url}/settings`, { redirect: 'manual', headers: { cookie: 'kaopu_session=aaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbb' } });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toContain('expired=1');
    expect(r.headers.get('set-cookie')).toMatch(/kaopu_session=(deleted)?;.*(Expires=Thu, 01 Jan 1970|Max-Age=0)/);
    const page = await fetch(`${site.url}${r.headers.get('location')}`);
    expect(await page.text()).toContain('登录已过期，请重新登录。');
  });

  it('a 10 kB search query of any content returns a page', async () => {
    for (const q of ['话费到账'.repeat(850), "' OR 1=1; DROP TABLE review; --".repeat(300), '(.*)+$[\\'.repeat(1000), '😀🔥'.repeat(2500)]) {
      const r = await fetch(`${site.url}/search?q=${encodeURIComponent(q)}`);
      expect(r.status, q.slice(0, 20)).toBe(200);
    }
  });

  it('a page number past the end goes to the last page (directory) or the first (search), never an empty list', async () => {
    const dir = await fetch(`${site.url}/platforms?sort=newest&page=999`, { redirect: 'manual' });
    expect(dir.status).toBe(302);
    expect(dir.headers.get('location')).toBe('/platforms?sort=newest');
    const s = await fetch(`${site.url}/en/search?q=${encodeURIComponent('话费')}&page=40`, { redirect: 'manual' });
    expect(s.status).toBe(302);
    expect(s.headers.get('location')).toBe(`/en/search?q=${encodeURIComponent('话费')}`);
  });

  it('unknown pages get the friendly 404 in the right language', async () => {
    const zh = await fetch(`${site.url}/no/such/page`);
    expect(zh.status).toBe(404);
    const zhHtml = await zh.text();
    expect(zhHtml).toContain('页面不存在');
    expect(zhHtml, 'a search box to find what was meant').toMatch(/<form[^>]*action="\/search"[^>]*role="search"/);
    const en = await fetch(`${site.url}/en/no/such/page`);
    expect(en.status).toBe(404);
    expect(await en.text()).toContain('Page not found');
  });
});
