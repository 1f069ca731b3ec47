// The JSON API and the feeds over real HTTP, on the built site (issue 17, items 1 and 2):
// ETag/304, CORS and its preflight, the per-network rate limit answering 429 in JSON, every
// answer checked against the served OpenAPI document; feed discovery links on the pages and
// absolute URLs from PUBLIC_ORIGIN, never from the Host header.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm, signUpAndLogIn, startSite, stopSite, tempDataDir, type Site } from './helpers.ts';
import { contractChecker } from '../helpers/openapi-check.ts';

const publicOrigin = 'https://kaopu.example';
let site: Site;
let dataDir: string;
let check: ReturnType<typeof contractChecker>;
let slug = '';

beforeAll(async () => {
  dataDir = tempDataDir();
  // The real limits (multiplier 1): this file is the only client of its site.
  site = await startSite({ DATA_DIR: dataDir, RANK_POLL: '0', RATE_LIMIT_MULTIPLIER: '1', PUBLIC_ORIGIN: publicOrigin });
  const doc = await fetch(`${site.url}/api/v1/openapi.json`);
  expect(doc.status).toBe(200);
  check = contractChecker(await doc.json());
});

afterAll(async () => {
  if (site) await stopSite(site);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('JSON API over HTTP', () => {
  it('answers JSON with CORS and an ETag, then 304 for the same tag', async () => {
    const res = await fetch(`${site.url}/api/v1/platforms?limit=5`, { headers: { Origin: 'https://reseller.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    const body = await res.json();
    check('/api/v1/platforms', 200, body);
    expect(body.data.length).toBeGreaterThan(0);
    slug = body.data[0].slug;
    expect(body.data[0].url).toBe(`${publicOrigin}/platforms/${slug}`);
    const etag = res.headers.get('etag')!;
    const again = await fetch(`${site.url}/api/v1/platforms?limit=5`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    const one = await fetch(`${site.url}/api/v1/platforms/${slug}?lang=en`);
    check('/api/v1/platforms/{slug}', 200, await one.json());
    const reviews = await fetch(`${site.url}/api/v1/platforms/${slug}/reviews?limit=3`);
    check('/api/v1/platforms/{slug}/reviews', 200, await reviews.json());
    const log = await fetch(`${site.url}/api/v1/moderation-log`);
    check('/api/v1/moderation-log', 200, await log.json());
  });

  it('answers a CORS preflight for the key header', async () => {
    const res = await fetch(`${site.url}/api/v1/platforms`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://reseller.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-api-key' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('x-api-key');
  });

  it('bad input: 400 and 404 in JSON', async () => {
    const badCursor = await fetch(`${site.url}/api/v1/platforms?cursor=forged.cursor`);
    expect(badCursor.status).toBe(400);
    check('/api/v1/platforms', 400, await badCursor.json());
    const badLimit = await fetch(`${site.url}/api/v1/platforms?limit=1000`);
    expect(badLimit.status).toBe(400);
    expect((await badLimit.json()).error.code).toBe('bad_limit');
    const unknown = await fetch(`${site.url}/api/v1/platforms/no-such-platform`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/json; charset=utf-8');
    check('/api/v1/platforms/{slug}', 404, await unknown.json());
  });
});

describe('feeds over HTTP', () => {
  it('pages announce their feeds with absolute URLs from PUBLIC_ORIGIN; the feeds are well-formed', async () => {
    const pages: Array<[string, string]> = [
      [`/platforms/${slug}`, `${publicOrigin}/platforms/${slug}/feed.xml`],
      ['/', `${publicOrigin}/alerts.xml`],
      ['/en/', `${publicOrigin}/en/alerts.xml`],
      ['/mod/log', `${publicOrigin}/mod/log.xml`],
    ];
    for (const [path, feed] of pages) {
      const html = await (await fetch(`${site.url}${path}`)).text();
      expect(html, path).toContain(`<link rel="alternate" type="application/atom+xml"`);
      expect(html, path).toContain(`href="${feed}"`);
    }
    for (const path of [`/platforms/${slug}/feed.xml`, '/alerts.xml', `/en/platforms/${slug}/feed.xml`]) {
      const res = await fetch(`${site.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
      const xml = await res.text();
      const lint = spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' });
      expect(lint.status, lint.stderr).toBe(0);
      for (const m of xml.matchAll(/href="([^"]+)"/g)) expect(m[1]!.startsWith(`${publicOrigin}/`), m[1]).toBe(true);
    }
    expect((await fetch(`${site.url}/platforms/no-such-platform/feed.xml`)).status).toBe(404);
  });
});

describe('API keys in settings', () => {
  it('a member creates a key (shown once), it lifts the limit, and revoking it ends it; bad input and strangers are refused', async () => {
    const stranger = await postForm(`${site.url}/settings?_action=api.createKey`, { name: 'sneaky' });
    expect(stranger.status).not.toBe(200);
    expect(await stranger.text()).not.toMatch(/kp_[a-z2-9]{32}/);

    const cookie = await signUpAndLogIn(site, dataDir, { handle: 'api_owner', email: 'api_owner@test.example', password: 'correct horse battery staple' });
    const empty = await postForm(`${site.url}/settings?_action=api.createKey`, { name: '   ' }, { Cookie: cookie });
    expect(empty.status).toBe(400);
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain('请给密钥起个名字');
    expect(emptyHtml).not.toMatch(/data-api-key/);

    const made = await postForm(`${site.url}/settings?_action=api.createKey`, { name: '我的镜像站' }, { Cookie: cookie });
    expect(made.status).toBe(200);
    const key = /data-api-key>(kp_[a-z2-9]{32})</.exec(await made.text())?.[1];
    expect(key).toBeDefined();
    const withKey = await fetch(`${site.url}/api/v1/platforms`, { headers: { 'X-Api-Key': key! } });
    expect(withKey.status).toBe(200);
    expect(withKey.headers.get('ratelimit-limit')).toBe('600');

    // Shown once: the settings page afterwards lists the key by its prefix only.
    const later = await (await fetch(`${site.url}/settings`, { headers: { Cookie: cookie } })).text();
    expect(later).toContain('我的镜像站');
    expect(later).not.toContain(key!);
    const id = /name="id" value="(\d+)"/.exec(later)?.[1];
    expect(id).toBeDefined();
    const revoked = await postForm(`${site.url}/settings?_action=api.revokeKey`, { id: id! }, { Cookie: cookie });
    expect(revoked.status).toBe(200);
    expect(await revoked.text()).toContain('密钥已撤销');
    const dead = await fetch(`${site.url}/api/v1/platforms`, { headers: { 'X-Api-Key': key! } });
    expect(dead.status).toBe(401);
    check('/api/v1/platforms', 401, await dead.json());
    const tampered = await postForm(`${site.url}/settings?_action=api.revokeKey`, { id: 'abc' }, { Cookie: cookie });
    expect(tampered.status).toBe(400);
  });
});

describe('rate limit over HTTP', () => {
  it('one network: 60 requests, then 429 JSON with Retry-After', async () => {
    let status = 200;
    let n = 0;
    let last: Response | null = null;
    const startMs = Date.now();
    while (status === 200 && n < 80) {
      last = await fetch(`${site.url}/api/v1/openapi.json?lang=en`);
      status = last.status;
      if (status === 200) await last.arrayBuffer();
      n++;
    }
    expect(status).toBe(429);
    // A full bucket holds 60; one more token comes back each second of the loop.
    expect(n).toBeLessThanOrEqual(61 + Math.ceil((Date.now() - startMs) / 1000));
    expect(last!.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = await last!.json();
    check('/api/v1/platforms', 429, body);
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toMatch(/Too many requests/);
  });
});
