// The flag page over HTTP (demo data): the flag link under an item is the same markup for
// every reader; /mod/flag sends anonymous readers to log in and back; a signed-in reader sees
// what is being flagged with the form; junk in the query string and removed targets are the
// 404 page, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { postForm, signUpAndLogIn, startSite, stopSite, tempDataDir, type Site } from './helpers.ts';

const dataDir = tempDataDir();
const password = 'flag page password 1';
let site: Site;
let cookie: string;
let handle: string;
let reviewId: number;
const returnTo = '/platforms/xiaolu-kapu?sort=newest#reviews';

beforeAll(async () => {
  site = await startSite({ DATA_DIR: dataDir, RANK_POLL: '0' });
  handle = `flag_${Date.now() % 100000}`;
  cookie = await signUpAndLogIn(site, dataDir, { handle, email: `${handle}@f.example`, password });
  const html = await (await fetch(`${site.url}/platforms/xiaolu-kapu`)).text();
  reviewId = Number(/id="review-(\d+)"/.exec(html)?.[1]);
});
afterAll(async () => {
  await stopSite(site);
  rmSync(dataDir, { recursive: true, force: true });
});

const get = (path: string, signedIn = false) => fetch(`${site.url}${path}`, { redirect: 'manual', headers: signedIn ? { cookie } : {} });
const flagUrl = (kind: string, id: number | string, back = returnTo) => `/mod/flag?kind=${kind}&id=${id}&returnTo=${encodeURIComponent(back)}`;
const flagBox = (html: string, id: number) => new RegExp(`<div class="flag-box" id="flag-review-${id}">[\\s\\S]*?</div>`).exec(html)?.[0];

describe('the flag link', () => {
  it('is one link to /mod/flag, the same for anonymous and signed-in readers, with no form on the page', async () => {
    expect(reviewId).toBeGreaterThan(0);
    const anon = await (await get('/platforms/xiaolu-kapu')).text();
    const member = await (await get('/platforms/xiaolu-kapu', true)).text();
    expect(member).toContain(handle); // really signed in
    const box = flagBox(anon, reviewId);
    expect(box).toBeDefined();
    expect(flagBox(member, reviewId)).toBe(box);
    expect(box).toMatch(new RegExp(`<a class="small muted" href="/mod/flag\\?kind=review&amp;id=${reviewId}&amp;returnTo=%2Fplatforms%2Fxiaolu-kapu[^"]*" rel="nofollow">举报</a>`));
    for (const html of [anon, member]) {
      expect(html).not.toContain('name="reason"');
      expect(html).not.toContain('<legend>举报理由</legend>');
    }
    const en = await (await get('/en/platforms/xiaolu-kapu')).text();
    expect(flagBox(en, reviewId)).toContain(`href="/en/mod/flag?kind=review&amp;id=${reviewId}&amp;returnTo=%2Fplatforms%2Fxiaolu-kapu`);
  });
});

describe('/mod/flag', () => {
  it('sends anonymous readers to log in, and back to the flag page after it', async () => {
    const here = flagUrl('review', reviewId);
    const r = await get(here);
    expect(r.status).toBe(303);
    const to = new URL(r.headers.get('location')!, site.url);
    expect(to.pathname).toBe('/login');
    expect(to.searchParams.get('next')).toBe(here);
    const en = await get(`/en${here}`);
    expect(new URL(en.headers.get('location')!, site.url).pathname).toBe('/en/login');
    const login = await postForm(`${site.url}/login?next=${encodeURIComponent(here)}&_action=auth.login`, { identifier: handle, password });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe(here);
  });

  it('shows a signed-in reader the excerpt, its author, a link to it and the form', async () => {
    const r = await get(flagUrl('review', reviewId), true);
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('private, no-store');
    const html = await r.text();
    const excerpt = /<blockquote class="mod-text">\s*([\s\S]*?)<\/blockquote>/.exec(html)?.[1]?.trim() ?? '';
    expect(excerpt.length).toBeGreaterThan(5);
    const review = await (await get(`/reviews/${reviewId}`)).text();
    expect(review).toContain(excerpt.replace(/…$/, '').slice(0, 12));
    expect(html).toContain(`href="/reviews/${reviewId}"`);
    expect(html).toContain('你要举报的内容：评价');
    expect(html.match(/type="radio" name="reason"/g)).toHaveLength(9);
    expect(html).toContain('name="targetKind" value="review"');
    expect(html).toContain(`name="targetId" value="${reviewId}"`);
    expect(html).toContain(`name="returnTo" value="${returnTo.replace(/&/g, '&amp;')}"`);
    expect(html).toContain('action="/mod/flag?_action=moderation.flag"');
  });

  it('an English reader gets the English page posting to the English address', async () => {
    const html = await (await get(`/en${flagUrl('review', reviewId)}`, true)).text();
    expect(html).toContain('What you are flagging: Review');
    expect(html).toContain('action="/en/mod/flag?_action=moderation.flag"');
  });

  it('posting the form flags the review and comes back with the thank-you', async () => {
    const r = await postForm(`${site.url}/mod/flag?_action=moderation.flag`, { targetKind: 'review', targetId: String(reviewId), reason: 'spam', note: '', returnTo }, { cookie });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`/platforms/xiaolu-kapu?sort=newest&flagged=review%3A${reviewId}#flag-review-${reviewId}`);
    const again = await postForm(`${site.url}/mod/flag?_action=moderation.flag`, { targetKind: 'review', targetId: String(reviewId), reason: 'spam', note: 'x', returnTo }, { cookie });
    expect(again.status).toBe(409);
    const html = await again.text();
    expect(html).toContain('你已经举报过这条内容');
    expect(html).toContain('<blockquote class="mod-text">'); // the excerpt stays on the error page
    expect(html).toMatch(/>x<\/textarea>/);
  });

  it('answers junk in the query string with the 404 page, never a 500, signed in or not', async () => {
    const long = 'x'.repeat(10_000);
    const junk = [
      'kind=../../x&id=1', 'kind=review&id=-1', 'kind=review&id=1e99', 'kind=review&id=0', 'kind=review&id=1.5', 'kind=review&id=0x1',
      'kind=review&id=99999999999999999999', `kind=review&id=${'9'.repeat(10_000)}`, `kind=${long}&id=1`, `kind=review&id=${long}`,
      'kind=review', 'id=1', 'kind=&id=', 'kind=platform&id=1', 'kind=review&id=%00', 'kind=review%00&id=1', 'kind[]=review&id=1',
      `kind=review&id=${encodeURIComponent("1' OR 1=1 --")}`,
      `kind=${encodeURIComponent('😀'.repeat(2500))}&id=${encodeURIComponent('话'.repeat(3000))}`,
    ];
    for (const q of junk) {
      for (const signedIn of [false, true]) {
        const r = await get(`/mod/flag?${q}`, signedIn);
        expect(r.status, `${signedIn ? 'member' : 'anonymous'} ${q.slice(0, 40)}`).toBe(404);
        await r.arrayBuffer();
      }
    }
  });

  it('a well-formed id that does not exist is the 404 page for members (anonymous readers are sent to log in before any lookup)', async () => {
    for (const q of ['kind=review&id=9007199254740991', 'kind=account&id=9007199254740991', 'kind=incident&id=123456789']) {
      expect((await get(`/mod/flag?${q}`, true)).status, q).toBe(404);
      expect((await get(`/mod/flag?${q}`)).status, q).toBe(303);
    }
  });

  it('a junk returnTo falls back to the home page instead of failing', async () => {
    for (const back of ['x'.repeat(10_000), '//evil.example/', 'https://evil.example/', '/\\evil', `/${'话'.repeat(3000)}`]) {
      const r = await get(`/mod/flag?kind=review&id=${reviewId}&returnTo=${encodeURIComponent(back)}`, true);
      expect(r.status, back.slice(0, 20)).toBe(200);
      expect(await r.text()).toContain('name="returnTo" value="/"');
      const anon = await get(`/mod/flag?kind=review&id=${reviewId}&returnTo=${encodeURIComponent(back)}`);
      expect(anon.status).toBe(303);
      expect(anon.headers.get('location')!.length).toBeLessThan(1000);
    }
  });

  it('does not show a removed review (the demo shill ring), while its permalink shows the tombstone', async () => {
    const log = await (await get('/mod/log?action=remove')).text();
    const candidates = [...new Set([...log.matchAll(/href="\/reviews\/(\d+)"/g)].map((m) => Number(m[1])))];
    const removed: number[] = [];
    for (const id of candidates) {
      if ((await (await get(`/reviews/${id}`)).text()).includes('此评价已被审核员移除')) removed.push(id);
    }
    expect(removed.length).toBeGreaterThan(0);
    for (const id of removed) {
      const r = await get(flagUrl('review', id), true);
      expect(r.status, `review ${id}`).toBe(404);
      expect(await r.text()).not.toContain('name="reason"');
    }
  });
});
