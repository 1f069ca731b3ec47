// Issue 16, findings 2, 3 and 6, against the built server:
// - a request with a forged Host can neither see nor change what the next reader gets (the moderation
//   log feed was cached with the attacker's host in every link); absolute URLs come from PUBLIC_ORIGIN;
// - signed-in `next` / `returnTo` cannot send anyone off the site (`/en//evil.example` gave
//   `Location: //evil.example`);
// - a non-ASCII `next` lands on its page after logging in (it gave a 500 and lost the log-in).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { rmSync } from 'node:fs';
import { postForm, signUpAndLogIn, startSite, stopSite, tempDataDir, type Site } from './helpers.ts';

const publicOrigin = 'https://kaopu.example';

/** A GET with a chosen Host header (fetch does not let a caller set Host). */
function getWithHost(siteUrl: string, path: string, host: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const u = new URL(siteUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path, method: 'GET', headers: { host, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Where a browser on the site would end up after following `location`. */
function landsOn(location: string | null): URL {
  expect(location).not.toBeNull();
  return new URL(location!, publicOrigin);
}

describe('origin from configuration, and safe redirects', () => {
  const dataDir = tempDataDir();
  let site: Site;
  let cookie = '';
  beforeAll(async () => {
    site = await startSite({ DATA_DIR: dataDir, SEED_DEMO: '0', PUBLIC_ORIGIN: publicOrigin });
    cookie = await signUpAndLogIn(site, dataDir, { handle: 'origin_reader', email: 'o@r.example', password: 'origin password 1' });
  });
  afterAll(async () => {
    await stopSite(site);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a Host: evil.example request cannot change the feed the next reader gets', async () => {
    const poisoned = await getWithHost(site.url, '/mod/log.xml', 'evil.example', { 'x-forwarded-host': 'evil.example' });
    expect(poisoned.status).toBe(421);
    expect(poisoned.body).not.toContain('evil.example');
    for (const path of ['/mod/log.xml', '/en/mod/log.xml?action=remove', '/', '/platforms']) {
      expect((await getWithHost(site.url, path, 'evil.example')).status, path).toBe(421);
    }
    // The next readers (the second from the page cache) get links to the configured origin only.
    const u = new URL(site.url);
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${site.url}/mod/log.xml`);
      expect(res.status).toBe(200);
      const xml = await res.text();
      expect(xml).not.toContain('evil.example');
      expect(xml).not.toContain(u.host);
      expect(xml).toContain(`<id>${publicOrigin}/mod/log</id>`);
      expect(xml).toContain(`href="${publicOrigin}/mod/log.xml"`);
    }
    // The public host name is served, with the same links; a forged Host still cannot read the cache.
    const viaPublicName = await getWithHost(site.url, '/mod/log.xml', 'kaopu.example');
    expect(viaPublicName.status).toBe(200);
    expect(viaPublicName.body).toContain(`href="${publicOrigin}/mod/log.xml"`);
    expect((await getWithHost(site.url, '/mod/log.xml', 'EVIL.example:443')).status).toBe(421);
    // A load balancer may probe the health check by an internal address.
    expect((await getWithHost(site.url, '/healthz', '10.0.0.7:8080')).status).toBe(200);
  });

  it('signed in, /login?next= and /login/totp?next= never leave the site', async () => {
    for (const next of ['/en//evil.example', '//evil.example', '/\\evil.example', '/%2F%2Fevil.example', '/%E2%80%AE//evil.example', 'https://evil.example', 'javascript:alert(1)', '/x%0d%0aSet-Cookie:a=b']) {
      for (const page of ['/login', '/en/login', '/login/totp']) {
        const res = await fetch(`${site.url}${page}?next=${encodeURIComponent(next)}`, { headers: { cookie }, redirect: 'manual' });
        expect(res.status, `${page} ${next}`).toBe(303);
        const location = res.headers.get('location');
        expect(location!.startsWith('//'), `${page} ${next} → ${location}`).toBe(false);
        expect(landsOn(location).host, `${page} ${next} → ${location}`).toBe('kaopu.example');
        expect(res.headers.get('set-cookie') ?? '').not.toContain('a=b');
      }
    }
  });

  it('a non-ASCII next lands on its page, signed in already or by logging in (no 500, log-in kept)', async () => {
    const next = '/u/老王买卡';
    const encoded = '/u/%E8%80%81%E7%8E%8B%E4%B9%B0%E5%8D%A1';
    const already = await fetch(`${site.url}/login?next=${encodeURIComponent(next)}`, { headers: { cookie }, redirect: 'manual' });
    expect(already.status).toBe(303);
    expect(already.headers.get('location')).toBe(encoded);
    const en = await fetch(`${site.url}/en/login?next=${encodeURIComponent(next)}`, { headers: { cookie }, redirect: 'manual' });
    expect(en.headers.get('location')).toBe(`/en${encoded}`);

    const login = await postForm(`${site.url}/login?next=${encodeURIComponent(next)}&_action=auth.login`, { identifier: 'origin_reader', password: 'origin password 1' });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe(encoded);
    expect(login.headers.get('set-cookie')).toMatch(/kaopu_session=/);
    expect(decodeURIComponent(landsOn(login.headers.get('location')).pathname)).toBe(next);
  });

  it('every page\'s "log in" and "sign up" links carry next= of that page, same-site only (issue 18, item 5)', async () => {
    // The log-in/sign-up links' next (the language switch is left out: it keeps any query as it is).
    const links = (html: string, page: string) => [...html.replace(/<a class="lang"[^>]*>/g, '').matchAll(/<a (?:class="[^"]*" )?href="((?:\/en)?\/(?:login|signup))(\?[^"]*)?"/g)].filter((m) => m[1]!.endsWith(page)).map((m) => new URLSearchParams((m[2] ?? '').replace(/&amp;/g, '&').slice(1)).get('next'));
    for (const [path, next] of [
      ['/ranking', '/ranking'], ['/en/ranking', '/ranking'], ['/mod/log?action=remove', '/mod/log?action=remove'],
      [`/search?q=${encodeURIComponent('话费')}`, '/search?q=%E8%AF%9D%E8%B4%B9'], ['/en/about/flags', '/about/flags'],
    ] as const) {
      const html = await (await fetch(`${site.url}${path}`)).text();
      expect(links(html, '/login'), path).toEqual([next]);
      expect(links(html, '/signup'), path).toEqual([next]);
    }
    // The log-in page passes on the next it was given (its own sign-up link too), never a foreign one.
    const loginPage = await (await fetch(`${site.url}/login?next=${encodeURIComponent('/ranking')}`)).text();
    expect(links(loginPage, '/signup')).toContain('/ranking');
    for (const bad of ['//evil.example', 'https://evil.example', '/en//evil.example']) {
      // (the language switch keeps the query as it is: the log-in page it leads to refuses it again)
      const html = await (await fetch(`${site.url}/login?next=${encodeURIComponent(bad)}`)).text();
      expect([...links(html, '/login'), ...links(html, '/signup')], bad).toEqual([null, null, null]);
      expect(html).not.toMatch(/action="[^"]*evil/);
      const signup = await (await fetch(`${site.url}/signup?next=${encodeURIComponent(bad)}`)).text();
      expect([...links(signup, '/login'), ...links(signup, '/signup')], bad).toEqual([null, null, null]);
      expect(signup).not.toMatch(/action="[^"]*evil/);
    }
    // Sign-up keeps the page through the form and the "check your mail" page's log-in link.
    const sent = await postForm(`${site.url}/signup?next=${encodeURIComponent('/ranking')}&_action=auth.signup`, { handle: 'next_keeper', email: 'nk@r.example', password: 'next keeper pass 1' });
    expect(sent.status).toBe(303);
    const sentPage = await (await fetch(new URL(sent.headers.get('location')!, site.url))).text();
    expect(links(sentPage, '/login')).toEqual(['/ranking', '/ranking']);
  });

  it("a vote's returnTo cannot point off the site", async () => {
    // A vote on nothing: the action fails and the page offers a way back — to this site only.
    const res = await postForm(`${site.url}/reviews/vote?_action=reviews.vote`, { kind: 'review', targetId: '999999', value: '1', returnTo: '/en//evil.example' }, { cookie });
    const html = await res.text();
    expect(html).not.toMatch(/href="\/\/evil/);
    expect(html).not.toContain('//evil.example');
  });
});
