// Issue 17, items 3 and 4: what the sitemap and the badge read, on PGlite and on PostgreSQL —
// only approved platforms and their published reviews and unrejected cases are public; lastmod
// follows the newest change; the badge counts published reviews with a verified proof only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { makeAccount } from '../helpers/accounts.ts';
import type { Database } from '../../src/server/db/schema.ts';
import { publicPages, recentReviews, verifiedReviewCount } from '../../src/server/seo/seo.repository.ts';
import { badgeText, loadPlatformSummary, loadSitemapPages, staticPublicPaths } from '../../src/server/seo/seo.service.ts';
import { badgeSvg } from '../../src/server/seo/badge.ts';

const dayMs = 86_400_000;
const nowMs = Date.UTC(2026, 11, 1, 12, 0, 0);
let t: TestDb;
let approved: number, pending: number;
let buyer: number;

async function addPlatform(db: Kysely<Database>, slug: string, approval: 'approved' | 'pending'): Promise<number> {
  const r = await db.insertInto('platform').values({
    slug, name_zh: `平台${slug}`, name_en: `Platform ${slug}`, approval, operator_type: 'company',
    created_at: new Date(nowMs - 400 * dayMs), updated_at: new Date(nowMs - 400 * dayMs), status_changed_at: null, status_evidence: null, approval_reason: null,
    founded_on: null, submitted_by: null,
  }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

async function addReview(db: Kysely<Database>, platformId: number, accountId: number, o: { proof: 'verified' | 'pending' | 'none'; state: 'published' | 'removed'; daysAgo: number; rating?: number }): Promise<number> {
  const text = `在这家买过话费，到账情况写在这里（${platformId}-${o.daysAgo}）。`;
  const r = await db.insertInto('review').values({
    platform_id: platformId, account_id: accountId, rating: o.rating ?? 4, current_rating: o.rating ?? 4, rating_service: null, rating_risk: null,
    rating_value: null, rating_after_sales: null, product_category: 'phone_topup', purchased_on: null, body_source: `**${text}**`,
    body_html: `<p><strong>${text}</strong></p>`, proof_state: o.proof, state: o.state, state_reason: null, last_follow_up_at: null,
    edited_at: null, created_at: new Date(nowMs - o.daysAgo * dayMs), updated_at: new Date(nowMs - o.daysAgo * dayMs),
  }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

async function addIncident(db: Kysely<Database>, platformId: number, caseNo: string, status: 'accepted' | 'rejected'): Promise<void> {
  await db.insertInto('incident').values({
    case_no: caseNo, platform_id: platformId, reporter_id: buyer, kind: 'refund_refused', occurred_on: new Date(nowMs - 20 * dayMs),
    amount_cents: null, body_source: '拒绝退款', body_html: '<p>拒绝退款</p>', upload_id: null, status, status_reason: null,
    accepted_at: null, closed_at: null, updated_at: new Date(nowMs - 3 * dayMs),
  }).execute();
}

let visibleReview: number, removedReview: number, pendingPlatformReview: number;

beforeAll(async () => {
  t = await createTestDb();
  buyer = (await makeAccount(t.db, { ageDays: 400, nowMs })).id;
  const other = (await makeAccount(t.db, { ageDays: 300, nowMs })).id;
  const third = (await makeAccount(t.db, { ageDays: 200, nowMs })).id;
  approved = await addPlatform(t.db, 'seo-approved', 'approved');
  pending = await addPlatform(t.db, 'seo-pending', 'pending');
  visibleReview = await addReview(t.db, approved, buyer, { proof: 'verified', state: 'published', daysAgo: 2, rating: 5 });
  await addReview(t.db, approved, other, { proof: 'pending', state: 'published', daysAgo: 10 });
  removedReview = await addReview(t.db, approved, third, { proof: 'verified', state: 'removed', daysAgo: 1 });
  pendingPlatformReview = await addReview(t.db, pending, buyer, { proof: 'verified', state: 'published', daysAgo: 1 });
  await addIncident(t.db, approved, 'KP-SEO-1', 'accepted');
  await addIncident(t.db, approved, 'KP-SEO-2', 'rejected');
  await addIncident(t.db, pending, 'KP-SEO-3', 'accepted');
});
afterAll(async () => {
  await t.destroy();
});

describe('public pages for the sitemap', () => {
  it('lists approved platforms, their published reviews and unrejected cases; nothing pending or removed', async () => {
    const p = await publicPages(t.db);
    expect(p.platforms.map((x) => x.path)).toContain('/platforms/seo-approved');
    expect(p.platforms.map((x) => x.path)).not.toContain('/platforms/seo-pending');
    const reviews = p.reviews.map((x) => x.path);
    expect(reviews).toContain(`/reviews/${visibleReview}`);
    expect(reviews).not.toContain(`/reviews/${removedReview}`);
    expect(reviews).not.toContain(`/reviews/${pendingPlatformReview}`);
    expect(p.incidents.map((x) => x.path)).toEqual(['/incidents/KP-SEO-1']);
  });

  it("a platform's lastmod is its newest published review when that is newer than the platform row", async () => {
    const p = await publicPages(t.db);
    const platform = p.platforms.find((x) => x.path === '/platforms/seo-approved')!;
    expect(platform.lastmod!.getTime()).toBe(nowMs - 2 * dayMs); // the removed review (1 day ago) does not count
  });

  it('the sitemap pages start with the static reading pages', async () => {
    const pages = await loadSitemapPages(t.db);
    expect(pages.slice(0, staticPublicPaths.length).map((x) => x.path)).toEqual([...staticPublicPaths]);
    expect(pages.some((x) => x.path.startsWith('/mod/') && x.path !== '/mod/log')).toBe(false);
  });
});

describe('badge data', () => {
  it('counts only published reviews with a verified proof', async () => {
    expect(await verifiedReviewCount(t.db, approved)).toBe(1);
    expect(await verifiedReviewCount(t.db, pending)).toBe(1);
  });

  it('is null for a pending platform and for an unknown slug (the badge answers 404 alike)', async () => {
    expect(await loadPlatformSummary(t.db, 'seo-pending', nowMs)).toBeNull();
    expect(await loadPlatformSummary(t.db, 'no-such-slug', nowMs)).toBeNull();
    expect(badgeSvg(badgeText('en', null), null)).toContain('not listed');
  });

  it('summarises an approved platform with its verified count', async () => {
    const s = await loadPlatformSummary(t.db, 'seo-approved', nowMs);
    expect(s).toMatchObject({ slug: 'seo-approved', verifiedReviews: 1, status: 'active' });
    expect(badgeText('zh-CN', s).detail).toContain('1 条已验证评价');
  });

  it('structured data takes the newest published reviews only', async () => {
    const r = await recentReviews(t.db, approved, 5);
    expect(r.map((x) => x.id)).not.toContain(removedReview);
    expect(r[0]!.id).toBe(visibleReview);
    expect(r[0]!.rating).toBe(5);
  });
});
