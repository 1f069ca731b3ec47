// Signed-in members read platform pages from a shared render with their own parts picked in
// (server/http/member-pages.ts). Over HTTP against the built site with demo data: each reader
// sees only their own menu, votes and author-only parts; nothing of the stand-in or of another
// reader leaks; logging out takes effect at once; staff get the full render.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { postForm, signUpAndLogIn, startSite, stopSite, tempDataDir, type Site } from './helpers.ts';
import { demoPassword, demoStaffTotpKeyBase32, personas } from '../../db/seed/personas.ts';
import { totpCodeAtStep, totpStep } from '../../src/server/accounts/totp.ts';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';

const dataDir = tempDataDir();
const slug = 'xingyao-card';
let site: Site;

beforeAll(async () => {
  site = await startSite({ DATA_DIR: dataDir, RANK_POLL: '0' });
});
afterAll(async () => {
  await stopSite(site);
  rmSync(dataDir, { recursive: true, force: true });
});

const cookieOf = (r: Response) => r.headers.get('set-cookie')?.split(';')[0] ?? '';
async function signUp(handle: string): Promise<string> {
  return signUpAndLogIn(site, dataDir, { handle, email: `${handle}@m.example`, password: 'member page password 1' });
}
async function logIn(identifier: string): Promise<string> {
  const r = await postForm(`${site.url}/login?_action=auth.login`, { identifier, password: demoPassword });
  expect(r.status).toBe(303);
  return cookieOf(r);
}
const page = (cookie: string, path = `/platforms/${slug}`) => fetch(`${site.url}${path}`, { headers: { cookie }, redirect: 'manual' });
/** One review card's markup. */
const card = (html: string, id: number) => new RegExp(`<article[^>]*id="review-${id}"[\\s\\S]*?</article>`).exec(html)?.[0] ?? '';
const pressed = (html: string) => [...html.matchAll(/aria-pressed="true"[^>]*>(?:<span aria-hidden="true">✓ <\/span>)?([^<]*)/g)].map((m) => m[1]);

describe('platform pages for signed-in members', () => {
  let alice: string;
  let bob: string;
  const aliceHandle = `alice_${Date.now() % 100000}`;
  const bobHandle = `读者_${Date.now() % 100000}`;
  let reviewIds: number[] = [];

  beforeAll(async () => {
    alice = await signUp(aliceHandle);
    bob = await signUp(bobHandle);
    const anon = await (await fetch(`${site.url}/platforms/${slug}`)).text();
    reviewIds = [...anon.matchAll(/id="review-(\d+)"/g)].map((m) => Number(m[1]));
    expect(reviewIds.length).toBeGreaterThan(3);
  });

  it('serves each reader their own account menu from one shared render, with no marker left', async () => {
    const first = await page(alice);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('private, no-store');
    const a = await first.text();
    const second = await page(bob);
    expect(second.headers.get('x-cache')).toBe('SHARED');
    const b = await second.text();
    expect(a).toContain(`class="me">${aliceHandle}</a>`);
    expect(b).toContain(`href="/u/${encodeURIComponent(bobHandle)}" class="me">${bobHandle}</a>`);
    expect(b).not.toContain(aliceHandle);
    for (const html of [a, b]) {
      expect(html).not.toContain('<!--kp-');
      expect(html).not.toContain('__KP_HANDLE__');
      expect(html).toContain('action="/logout?_action=auth.logout"');
    }
    const en = await (await page(bob, `/en/platforms/${slug}`)).text();
    expect(en).toContain('<html lang="en"');
    expect(en).toContain(`class="me">${bobHandle}</a>`);
  });

  it('shows a vote pressed for the reader who cast it only', async () => {
    const target = reviewIds[1]!;
    const vote = await postForm(`${site.url}/reviews/vote?_action=reviews.vote`,
      { kind: 'review', targetId: String(target), value: '1', returnTo: `/platforms/${slug}#review-${target}` }, { cookie: alice });
    expect(vote.status).toBe(303);
    const a = await (await page(alice)).text();
    expect(pressed(card(a, target))).toHaveLength(1);
    expect(pressed(a)).toHaveLength(1);
    const b = await (await page(bob)).text();
    expect(pressed(b)).toHaveLength(0);
    // Changing the vote moves the pressed button at once (the reader's votes are not kept stale).
    await postForm(`${site.url}/reviews/vote?_action=reviews.vote`,
      { kind: 'review', targetId: String(target), value: '-1', returnTo: `/platforms/${slug}` }, { cookie: alice });
    const again = card(await (await page(alice)).text(), target);
    expect(pressed(again)).toHaveLength(1);
    expect(pressed(again)[0]).toMatch(/^没用/);
  });

  it('gives the author counts instead of vote buttons on their own review, and the follow-up link', async () => {
    const author = await logIn(personas.carefulBuyer.handle);
    const html = await (await page(author)).text();
    const own = [...html.matchAll(/<article[^>]*id="review-(\d+)"[\s\S]*?<\/article>/g)]
      .find((m) => m[0].includes(`class="author">${personas.carefulBuyer.handle}<`));
    expect(own, 'the demo has a review by this persona on this platform').toBeTruthy();
    const id = Number(own![1]);
    expect(own![0]).toContain(`href="/reviews/${id}/follow-up"`);
    expect(own![0]).not.toMatch(new RegExp(`name="targetId" value="${id}"[\\s\\S]*?name="value"`));
    const other = card(await (await page(bob)).text(), id);
    expect(other).not.toContain(`/reviews/${id}/follow-up`);
    expect(other).toContain('name="value" value="1"');
  });

  it('logging out takes effect on the next page at once', async () => {
    const carol = await signUp(`carol_${Date.now() % 100000}`);
    expect(await (await page(carol)).text()).toContain('class="me">carol_');
    const out = await postForm(`${site.url}/logout?_action=auth.logout`, {}, { cookie: carol });
    expect([200, 303]).toContain(out.status);
    const after = await (await page(carol)).text();
    expect(after).not.toContain('class="me">carol_');
    expect(after).toMatch(/href="\/login(\?next=[^"]*)?"/);
  });

  it('a forged or unknown session is an anonymous reader', async () => {
    const forged = await (await page('kaopu_session=aaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbb')).text();
    expect(forged).toMatch(/href="\/login(\?next=[^"]*)?"/);
    expect(forged).not.toContain('class="me"');
    const tampered = alice.slice(0, -3) + 'zzz';
    expect(await (await page(tampered)).text()).not.toContain(aliceHandle);
  });

  /** A demo staff member's session past the TOTP step. */
  async function logInStaff(handle: string): Promise<string> {
    const pending = await logIn(handle);
    const code = totpCodeAtStep(decodeBase32IgnorePadding(demoStaffTotpKeyBase32), totpStep(Date.now()));
    const verified = await postForm(`${site.url}/login/totp?_action=auth.totp`, { code }, { cookie: pending });
    expect(verified.status).toBe(303);
    return cookieOf(verified) || pending;
  }

  it('staff get the full render (with their moderation link), not the shared one', async () => {
    const staff = await logInStaff(personas.moderator.handle);
    const res = await page(staff);
    expect(res.headers.get('x-cache')).toBeNull();
    const html = await res.text();
    expect(html).toContain(`class="me">${personas.moderator.handle}</a>`);
    expect(html).toContain('href="/mod"');
  });

  it('a suspended moderator loses the moderation link with the powers (the staff rule, accounts/staff.ts)', async () => {
    const chen = await logInStaff(personas.moderator2.handle);
    expect(await (await page(chen)).text()).toContain('href="/mod"');
    const admin = await logInStaff(personas.admin.handle);
    const suspend = await postForm(`${site.url}/mod?_action=moderation.sanctionAccount`,
      { account: personas.moderator2.handle, action: 'suspend', reason: 'spam', note: '' }, { cookie: admin });
    expect(suspend.status).toBe(303);
    // still signed in (a suspension keeps the session for reading and appeals), but no longer staff
    const html = await (await page(chen)).text();
    expect(html).toContain(`class="me">${personas.moderator2.handle}</a>`);
    expect(html).not.toContain('href="/mod"');
    expect((await page(chen, '/mod')).status).toBe(403);
  });

  it('other platform subpages are untouched (the new-platform form renders for the real reader)', async () => {
    const res = await page(bob, '/platforms/new');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-cache')).toBeNull();
    expect(await res.text()).toContain(`class="me">${bobHandle}</a>`);
  });
});
