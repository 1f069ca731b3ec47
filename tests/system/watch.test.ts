// Watchlists over HTTP against the built site (issue 17 item 5): following works as a plain form
// post (no JavaScript), on the shared member render of a platform page each reader sees their own
// state; anonymous readers get a log-in link with next=; bad input and signed-out posts are
// refused; the inbox and settings pages; the private feed URL lives until revoked; a mail
// client's RFC 8058 one-click POST (no Origin header, no cookie) unsubscribes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { postForm, signUpAndLogIn, startSite, stopSite, tempDataDir, type Site } from './helpers.ts';
import path from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { simpleParser, type ParsedMail } from 'mailparser';
import { demoPassword } from '../../db/seed/personas.ts';

const dataDir = tempDataDir();
const slug = 'xingyao-card';
let site: Site;
let aliceEmail = '';
let alice: string;
let bob: string;

beforeAll(async () => {
  site = await startSite({ DATA_DIR: dataDir, RANK_POLL: '0' });
  const n = Date.now() % 100000;
  aliceEmail = `wa${n}@m.example`;
  alice = await signUpAndLogIn(site, dataDir, { handle: `watcher_a${n}`, email: aliceEmail, password: 'watch page password 1' });
  bob = await signUpAndLogIn(site, dataDir, { handle: `watcher_b${n}`, email: `wb${n}@m.example`, password: 'watch page password 1' });
});
afterAll(async () => {
  await stopSite(site);
  rmSync(dataDir, { recursive: true, force: true });
});

/** The first .eml to `address` that `match` accepts, waiting for the worker to write it. */
async function mailTo(dir: string, address: string, match: (m: ParsedMail) => boolean, timeoutMs = 20_000): Promise<ParsedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let files: string[] = [];
    try { files = readdirSync(dir).filter((f) => f.endsWith('.eml')); } catch { /* not yet */ }
    for (const f of files) {
      const m = await simpleParser(readFileSync(path.join(dir, f)));
      const to = Array.isArray(m.to) ? m.to.flatMap((a) => a.value) : (m.to?.value ?? []);
      if (to.some((a) => a.address?.toLowerCase() === address.toLowerCase()) && match(m)) return m;
    }
    if (Date.now() > deadline) throw new Error(`no matching mail to ${address}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
const get = (path: string, cookie = '') => fetch(`${site.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
const watchBlock = (html: string) => /<div class="watch" id="watch">[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
const post = (path: string, body: Record<string, string>, cookie: string) => postForm(`${site.url}${path}`, body, { cookie });

describe('watchlist pages', () => {
  let platformId = '';

  it('anonymous readers get a log-in link that comes back; members get a follow form', async () => {
    const anon = await (await get(`/platforms/${slug}`)).text();
    const block = watchBlock(anon);
    expect(block).toContain(`/login?next=%2Fplatforms%2F${slug}`);
    expect(block).not.toContain('<form');
    const html = await (await get(`/platforms/${slug}`, alice)).text();
    platformId = /name="platformId" value="(\d+)"/.exec(watchBlock(html))?.[1] ?? '';
    expect(platformId).toMatch(/^\d+$/);
    expect(watchBlock(html)).toContain('_action=watch.follow');
    expect(html).not.toMatch(/<!--kp-/);
  });

  it('follows with a plain form post; the shared render shows each reader their own state; unfollows', async () => {
    const r = await post('/watch?_action=watch.follow', { kind: 'platform', platformId, formToken: '' }, alice);
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`/platforms/${slug}#watch`);
    const a = await get(`/platforms/${slug}`, alice);
    const aHtml = await a.text();
    expect(watchBlock(aHtml)).toContain('_action=watch.unfollow');
    expect(watchBlock(aHtml)).toContain('已关注');
    const b = await get(`/platforms/${slug}`, bob);
    expect(b.headers.get('x-cache')).toBe('SHARED');
    expect(watchBlock(await b.text())).toContain('_action=watch.follow');
    // Again: still one follow, same answer.
    expect((await post('/watch?_action=watch.follow', { kind: 'platform', platformId }, alice)).status).toBe(303);
    const settings = await (await get('/settings', alice)).text();
    expect(settings).toContain('id="watch"');
    expect(settings.match(/_action=watch\.unfollow/g)).toHaveLength(1);

    expect((await post('/watch?_action=watch.unfollow', { kind: 'platform', platformId }, alice)).status).toBe(303);
    expect(watchBlock(await (await get(`/platforms/${slug}`, alice)).text())).toContain('_action=watch.follow');
  });

  it('refuses bad input with a message in the reader\'s language, and signed-out posts', async () => {
    const tampered = await post('/watch?_action=watch.follow', { kind: 'platform', platformId: 'abc' }, alice);
    expect(tampered.status).toBe(400);
    const unknown = await post('/en/watch?_action=watch.follow', { kind: 'platform', platformId: '999999999' }, alice);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('That platform or case could not be found.');
    const badKind = await post('/watch?_action=watch.follow', { kind: 'review', platformId }, alice);
    expect(badKind.status).toBe(400);
    const badMode = await post('/watch?_action=watch.emailMode', { emailMode: 'hourly' }, alice);
    expect(badMode.status).toBe(400);
    const anon = await post('/watch?_action=watch.follow', { kind: 'platform', platformId }, '');
    expect(anon.status).toBe(303);
    expect(anon.headers.get('location')).toContain('/login?next=');
    expect((await get('/inbox')).status).toBe(303);
  });

  it('the inbox page, and the private feed address until it is revoked', async () => {
    const inbox = await get('/inbox', alice);
    expect(inbox.status).toBe(200);
    expect(inbox.headers.get('cache-control')).toBe('private, no-store');
    const made = await post('/watch?_action=watch.feedCreate', {}, alice);
    expect(made.status).toBe(200);
    const feedUrl = /value="(http:\/\/[^"]+\/inbox\/feed\/[a-z0-9.]+\.xml)"/.exec(await made.text())?.[1];
    expect(feedUrl).toBeDefined();
    const feed = await fetch(new URL(new URL(feedUrl!).pathname, site.url));
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('application/atom+xml');
    expect(feed.headers.get('cache-control')).toBe('private, no-store');
    expect(await feed.text()).toContain('<feed');
    expect((await post('/watch?_action=watch.feedRevoke', {}, alice)).status).toBe(303);
    expect((await fetch(new URL(new URL(feedUrl!).pathname, site.url))).status).toBe(404);
  });

  it('a representative\'s reply reaches a follower by mail from the worker; its one-click unsubscribe works with no Origin and no cookie', async () => {
    expect((await post('/watch?_action=watch.follow', { kind: 'platform', platformId }, alice)).status).toBe(303);
    // The platform's verified representative (demo persona) replies under a review without a reply yet.
    const rep = await postForm(`${site.url}/login?_action=auth.login`, { identifier: 'xingyao_official', password: demoPassword });
    const repCookie = rep.headers.get('set-cookie')!.split(';')[0]!;
    const ids = [...(await (await get(`/platforms/${slug}`)).text()).matchAll(/id="review-(\d+)"/g)].map((m) => m[1]!);
    let replied = false;
    for (const id of ids) {
      const r = await post(`/reviews/${id}?_action=reviews.reply`, { kind: 'review', targetId: id, body: '您好，已为您补单，请查看账户余额。' }, repCookie);
      if (r.status === 303) { replied = true; break; }
    }
    expect(replied).toBe(true);

    // The worker (not the request) fans out and mails: an .eml under DATA_DIR/mail without SMTP_URL.
    const message = await mailTo(path.join(dataDir, 'mail'), aliceEmail, (m) => (m.subject ?? '').includes('官方代表'));
    expect(message.subject).toMatch(/^\[靠谱\] .+ 的官方代表发布了新回复$/);
    const line = (key: string) => message.headerLines.find((h) => h.key === key)?.line ?? '';
    expect(line('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const unsubscribeUrl = /<(http:\/\/[^>]+\/watch\/unsubscribe\?token=[^>]+)>/.exec(line('list-unsubscribe'))?.[1];
    expect(unsubscribeUrl).toBeDefined();
    const inbox = await (await get('/inbox', alice)).text();
    expect(inbox).toContain('的官方代表发布了新回复');
    expect(inbox).toMatch(/<a href="\/inbox"[^>]*>通知 1<\/a>/);
    // The shared platform render fills in each reader's own count (worker fan-out drops the cached one).
    expect(await (await get(`/platforms/${slug}`, bob)).text()).toMatch(/<a href="\/inbox">通知<\/a>/);
    const shared = await get(`/platforms/${slug}`, alice);
    expect(shared.headers.get('x-cache')).toBe('SHARED');
    expect(await shared.text()).toMatch(/aria-label="通知，1 条未读">通知 1<\/a>/);

    const oneClick = (url: string) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    const target = new URL(unsubscribeUrl!);
    const forged = new URL(target);
    forged.searchParams.set('token', `${target.searchParams.get('token')!.split('.')[0]}.${'A'.repeat(43)}`);
    expect((await oneClick(new URL(forged.pathname + forged.search, site.url).toString())).status).toBe(400);
    // Opening the link changes nothing by itself (scanners open links): it shows a button.
    const page = await get(target.pathname + target.search);
    expect(await page.text()).toContain('method="post"');
    expect(await (await get('/settings', alice)).text()).toMatch(/value="immediate" checked/);
    const res = await oneClick(new URL(target.pathname + target.search, site.url).toString());
    expect(res.status).toBe(200);
    expect(await (await get('/settings', alice)).text()).toMatch(/value="off" checked/);
  });
});
