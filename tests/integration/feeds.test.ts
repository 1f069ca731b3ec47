// Atom feeds (issue 17, item 2) against the real migrations: a platform's feed and the site's
// alerts, written through the services, then read by a real feed parser (feedsmith) and
// checked well-formed by xmllint. Absolute URLs only from the configured origin.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIContext } from 'astro';
import { parseAtomFeed } from 'feedsmith';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { makeAccount } from '../helpers/accounts.ts';
import { baseReview, makePlatform } from './review-helpers.ts';
import { addFollowUp, createReview } from '../../src/server/reviews/review.service.ts';
import { fileIncident } from '../../src/server/incidents/incident.service.ts';
import { removeRing, setPlatformStatus } from '../../src/server/moderation/moderation.service.ts';
import { runRecompute } from '../../src/server/ranking/recompute.ts';
import type { Account } from '../../src/server/accounts/account.repository.ts';
import type { Actor } from '../../src/server/moderation/guards.ts';
import { GET as platformFeedGET } from '../../src/pages/platforms/[slug]/feed.xml.ts';
import { GET as alertsGET } from '../../src/pages/alerts.xml.ts';

const origin = 'https://kaopu.example';
const dayMs = 86_400_000;
const nowMs = Date.now();
const noUploads = { config: { uploadDir: '/nonexistent' } };
let t: TestDb;
let slug = '';
let scamSlug = '';
let reviewId = 0;
let followUpId = 0;
let caseNo = '';
let mod: Account;
const actor = (a: Account): Actor => ({ id: a.id, handle: a.handle, role: a.role, status: a.status, totpVerified: true });

async function get(route: (ctx: APIContext) => Promise<Response> | Response, path: string, params: Record<string, string> = {}) {
  const locale = path.startsWith('/en/') ? 'en' : 'zh-CN';
  const ctx = {
    url: new URL(path, 'http://127.0.0.1:4560'), params,
    locals: { rt: { db: t.db, origin }, nowMs, locale },
    rewrite: async () => new Response('not found', { status: 404 }),
  } as unknown as APIContext;
  const res = await route(ctx);
  return { res, xml: await res.text() };
}

/** feedsmith gives text constructs as { value, type } (RFC 4287 §3.1). */
const text = (c: unknown): string => (typeof c === 'string' ? c : ((c as { value?: string } | undefined)?.value ?? ''));

function xmllint(xml: string): { status: number | null; stderr: string } {
  const r = spawnSync('xmllint', ['--noout', '-'], { input: xml, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

beforeAll(async () => {
  t = await createTestDb();
  const p = await makePlatform(t.db);
  const scam = await makePlatform(t.db);
  const rows = await t.db.selectFrom('platform').select(['id', 'slug']).where('id', 'in', [p, scam]).execute();
  slug = rows.find((r) => r.id === p)!.slug;
  scamSlug = rows.find((r) => r.id === scam)!.slug;
  const author = await makeAccount(t.db, { ageDays: 400 });
  // Text that must stay text in XML: markup, an ampersand, a CDATA terminator, a control character.
  reviewId = (await createReview(t.db, author.id, baseReview(p, { body: '到账很快 <script>alert(1)</script> & 客服 ]]> 不错\u0007，推荐。' }), nowMs - 10 * dayMs)).id;
  followUpId = (await addFollowUp(t.db, author.id, { reviewId, rating: 2, outcome: 'refund_refused', body: '一个月后卡密失效了，申请退款被拒绝。' }, nowMs - 2 * dayMs)).id;
  const filer = await makeAccount(t.db, { ageDays: 500 });
  caseNo = (await fileIncident(t.db, noUploads, filer.id, {
    platformId: p, kind: 'invalid_keys', occurredOn: new Date(nowMs - 4 * dayMs).toISOString().slice(0, 10),
    body: '买了十张卡密全部无效，平台说会处理但一直没有结果。',
  }, nowMs - 3 * dayMs)).caseNo;
  for (let i = 0; i < 3; i++) await createReview(t.db, (await makeAccount(t.db, { ageDays: 400 })).id, baseReview(scam), nowMs - 20 * dayMs);
  mod = await makeAccount(t.db, { role: 'moderator' });
  await setPlatformStatus(t.db, actor(mod), { platformId: scam, status: 'exit_scam', note: '多名用户无法提现，客服失联，官网已关闭。' }, nowMs - dayMs);
  const shills = [await makeAccount(t.db, { ageDays: 2 }), await makeAccount(t.db, { ageDays: 2 })];
  for (const s of shills) await createReview(t.db, s.id, baseReview(p, { rating: 5 }), nowMs - 5 * dayMs);
  await removeRing(t.db, actor(mod), { accountIds: shills.map((s) => s.id), reason: 'shill', note: '同一设备批量注册的托儿账号' }, nowMs - dayMs / 2);
  await runRecompute(t.db, nowMs);
});

afterAll(async () => {
  await t?.destroy();
});

describe('a platform\'s feed', () => {
  it('is well-formed Atom with reviews, follow-ups, the case and absolute links from the origin', async () => {
    const { res, xml } = await get(platformFeedGET, `/platforms/${slug}/feed.xml`, { slug });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    expect(xmllint(xml)).toEqual({ status: 0, stderr: '' });
    const feed = parseAtomFeed(xml);
    expect(feed.id).toContain('platform-feed');
    const selfLink = feed.links?.find((l) => l.rel === 'self');
    expect(selfLink?.href).toBe(`${origin}/platforms/${slug}/feed.xml`);
    const entries = feed.entries ?? [];
    const links = entries.map((e) => e.links?.[0]?.href ?? '');
    expect(links.every((l) => l.startsWith(`${origin}/`))).toBe(true);
    expect(links).toContain(`${origin}/reviews/${reviewId}`);
    expect(links).toContain(`${origin}/reviews/${reviewId}#follow-up-${followUpId}`);
    expect(links).toContain(`${origin}/incidents/${caseNo}`);
    // The review's text is there as text: the script is escaped by the renderer, never live markup.
    const review = entries.find((e) => e.id === `tag:kaopu,2026:review:${reviewId}`)!;
    expect(text(review.content)).toContain('&lt;script&gt;');
    expect(text(review.content)).not.toContain('<script>');
    // Newest first.
    const dates = entries.map((e) => Date.parse(String(e.updated)));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    // Removed (ring) reviews are not in the feed.
    expect(entries.filter((e) => (e.id ?? '').startsWith('tag:kaopu,2026:review:'))).toHaveLength(1);
  });

  it('in English under /en, with a status change on the 跑路 platform', async () => {
    const { res, xml } = await get(platformFeedGET, `/en/platforms/${scamSlug}/feed.xml`, { slug: scamSlug });
    expect(res.status).toBe(200);
    expect(xmllint(xml).status).toBe(0);
    const feed = parseAtomFeed(xml);
    const status = (feed.entries ?? []).find((e) => (e.id ?? '').startsWith('tag:kaopu,2026:status:'));
    expect(text(status?.title)).toContain('Exit scam');
    expect(status?.links?.[0]?.href).toBe(`${origin}/en/platforms/${scamSlug}#status-history`);
    expect(text(status?.content)).toContain('官网已关闭');
  });

  it('unknown or malformed slugs: 404', async () => {
    for (const s of ['no-such-platform', '../../etc/passwd', 'A'.repeat(100)]) {
      expect((await get(platformFeedGET, `/platforms/${encodeURIComponent(s)}/feed.xml`, { slug: s })).res.status).toBe(404);
    }
  });
});

describe('the alerts feed', () => {
  it('has the confirmed 跑路 and the removed ring, well-formed, with absolute links', async () => {
    const { res, xml } = await get(alertsGET, '/alerts.xml');
    expect(res.status).toBe(200);
    expect(xmllint(xml)).toEqual({ status: 0, stderr: '' });
    const feed = parseAtomFeed(xml);
    const entries = feed.entries ?? [];
    const scam = entries.find((e) => (e.id ?? '').startsWith('tag:kaopu,2026:exit-scam:'));
    expect(scam?.links?.[0]?.href).toBe(`${origin}/platforms/${scamSlug}#status`);
    const ring = entries.find((e) => text(e.title).startsWith('移除刷评团伙'));
    expect(ring?.links?.[0]?.href).toMatch(new RegExp(`^${origin}/mod/log\\?event=\\d+$`));
    expect(text(ring?.content)).toContain('同一设备批量注册的托儿账号');
    for (const e of entries) expect(e.links?.[0]?.href?.startsWith(`${origin}/`)).toBe(true);
  });
});
