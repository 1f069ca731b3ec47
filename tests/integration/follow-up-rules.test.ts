// Follow-up (追评) rules, enforced by the service: one per review per 24 h, a minimum body,
// same-day follow-ups replace the rating only once a day old (maintenance and the ranking
// agree), and the home page's "最新追评" shows one per account, trusted authors first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKind, type TestDb } from '../helpers/db.ts';
import { makeAccount } from '../helpers/accounts.ts';
import { failure, makePlatform, baseReview } from './review-helpers.ts';
import { addFollowUp, applyDueSameDayFollowUps, createReview } from '../../src/server/reviews/review.service.ts';
import { followUpGapMs, followUpMinChars, followUpRatingCounts, sameDayFollowUpMs } from '../../src/server/reviews/follow-up-rules.ts';
import { buildModelInput } from '../../src/server/ranking/ranking.compute.ts';
import { pickHomeFollowUps } from '../../src/server/home/home.service.ts';
import { recentFollowUps } from '../../src/server/home/home.repository.ts';

let t: TestDb;
const nowMs = Date.parse('2026-11-25T04:00:00Z');
const hourMs = 3_600_000;
const body = '三个月后卡密失效，申请退款被客服拒绝了。';

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.destroy();
});

const ratingOf = async (id: number) => (await t.db.selectFrom('review').select(['rating', 'current_rating']).where('id', '=', id).executeTakeFirstOrThrow());
const followUpsOf = async (id: number) =>
  Number((await t.db.selectFrom('review_follow_up').select((eb) => eb.fn.countAll<number>().as('n')).where('review_id', '=', id).executeTakeFirstOrThrow()).n);

describe(`follow-up rules on ${testDbKind}`, () => {
  it('a flood of follow-ups on one review: the first passes, the rest are refused until 24 h later', async () => {
    const a = await makeAccount(t.db, { ageDays: 0 });
    const p = await makePlatform(t.db);
    const r = await createReview(t.db, a.id, baseReview(p, { rating: 5 }), nowMs);
    await addFollowUp(t.db, a.id, { reviewId: r.id, rating: 1, body }, nowMs + 60_000);
    for (const at of [nowMs + 120_000, nowMs + 180_000, nowMs + 60_000 + followUpGapMs - 1]) {
      const f = await failure(addFollowUp(t.db, a.id, { reviewId: r.id, rating: 1, body: `${body}再说一次。` }, at));
      expect(f).toMatchObject({ status: 'TOO_MANY_REQUESTS', key: 'followUp.tooSoon' });
    }
    expect(await followUpsOf(r.id)).toBe(1);
    await addFollowUp(t.db, a.id, { reviewId: r.id, rating: 2, body: `${body}后来补发了一半。` }, nowMs + 60_000 + followUpGapMs);
    expect(await followUpsOf(r.id)).toBe(2);
  });

  it('two follow-ups sent together: one is stored (the review row lock orders them)', async () => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const r = await createReview(t.db, a.id, baseReview(p), nowMs);
    const results = await Promise.allSettled([
      addFollowUp(t.db, a.id, { reviewId: r.id, rating: 2, body }, nowMs + 2 * followUpGapMs),
      addFollowUp(t.db, a.id, { reviewId: r.id, rating: 2, body }, nowMs + 2 * followUpGapMs),
    ]);
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    expect(await followUpsOf(r.id)).toBe(1);
  });

  it.each([
    ['empty', '', 'field.required'],
    ['one character short', '好'.repeat(followUpMinChars - 1), `field.tooShort`],
    ['over 10 000 characters (said, not cut)', '长'.repeat(10_001), 'field.tooLong'],
  ])('refuses a body that is %s and stores nothing', async (_label, text, key) => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const r = await createReview(t.db, a.id, baseReview(p), nowMs);
    const f = await failure(addFollowUp(t.db, a.id, { reviewId: r.id, rating: 2, body: text }, nowMs + 2 * followUpGapMs));
    expect(f.fields?.body?.split('|')[0]).toBe(key);
    expect(await followUpsOf(r.id)).toBe(0);
  });

  it('a same-day follow-up shows at once but replaces the rating only when a day old', async () => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const r = await createReview(t.db, a.id, baseReview(p, { rating: 5 }), nowMs);
    const written = nowMs + 2 * hourMs;
    await addFollowUp(t.db, a.id, { reviewId: r.id, rating: 1, body }, written);
    expect(await ratingOf(r.id)).toEqual({ rating: 5, current_rating: 5 });
    expect(await followUpsOf(r.id)).toBe(1);
    // not yet due
    await applyDueSameDayFollowUps(t.db, written + sameDayFollowUpMs - 1);
    expect((await ratingOf(r.id)).current_rating).toBe(5);
    // due: the maintenance pass applies it, and asks for a recompute
    expect((await applyDueSameDayFollowUps(t.db, written + sameDayFollowUpMs)).applied).toBeGreaterThanOrEqual(1);
    expect(await ratingOf(r.id)).toEqual({ rating: 5, current_rating: 1 });
    const req = await t.db.selectFrom('rank_request').selectAll().execute();
    expect(JSON.stringify(req)).toContain(`follow_up_due:${r.id}`);
    // idempotent: nothing left to apply
    expect(await applyDueSameDayFollowUps(t.db, written + sameDayFollowUpMs + 1)).toEqual({ applied: 0, tags: [] });
  });

  it('a follow-up written a day or more after the review replaces the rating at once', async () => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const r = await createReview(t.db, a.id, baseReview(p, { rating: 5 }), nowMs);
    await addFollowUp(t.db, a.id, { reviewId: r.id, rating: 2, body }, nowMs + sameDayFollowUpMs);
    expect((await ratingOf(r.id)).current_rating).toBe(2);
  });

  it('the ranking reads follow-ups by the same rule', () => {
    expect(followUpRatingCounts(0, hourMs, 2 * hourMs)).toBe(false);
    expect(followUpRatingCounts(0, hourMs, hourMs + sameDayFollowUpMs)).toBe(true);
    expect(followUpRatingCounts(0, sameDayFollowUpMs, sameDayFollowUpMs)).toBe(true);
    const account = { id: 1, createdAt: new Date(0), fingerprint: 'f', removedPosts: 0, rejectedProofs: 0 };
    const platform = { id: 1, foundedOn: null, status: 'active', statusChangedAt: null } as never;
    const review = { id: 1, platformId: 1, accountId: 1, rating: 5, createdAt: new Date(nowMs), proofState: 'none', text: 'x', service: null, risk: null, value: null, afterSales: null } as never;
    const fu = { id: 9, reviewId: 1, rating: 1, createdAt: new Date(nowMs + hourMs) } as never;
    const early = buildModelInput(nowMs + 2 * hourMs, [account as never], [platform], [review], [fu]);
    expect(early.input.reviews[0]!.followUps).toBeUndefined();
    const later = buildModelInput(nowMs + hourMs + sameDayFollowUpMs, [account as never], [platform], [review], [fu]);
    expect(later.input.reviews[0]!.followUps).toEqual([{ createdAtMs: nowMs + hourMs, rating: 1 }]);
  });

  it('home "最新追评": one per account, trusted authors first', async () => {
    const p = await makePlatform(t.db);
    const young1 = await makeAccount(t.db, { ageDays: 0 });
    const young2 = await makeAccount(t.db, { ageDays: 0 });
    const trusted = await makeAccount(t.db, { ageDays: 900 });
    await t.db.insertInto('account_trust').values({ account_id: trusted.id, trust: 0.9, band: 'high', computed_at: new Date(nowMs) }).execute();
    const tAt = nowMs + 3 * followUpGapMs;
    const tr = await createReview(t.db, trusted.id, baseReview(p), nowMs);
    await addFollowUp(t.db, trusted.id, { reviewId: tr.id, rating: 3, body }, tAt);
    // the two young accounts flood: three reviews each, a follow-up on each, all newer
    for (const acc of [young1, young2]) {
      for (let i = 0; i < 3; i++) {
        const r = await createReview(t.db, acc.id, baseReview(await makePlatform(t.db), { rating: 5 }), tAt + 1000);
        await addFollowUp(t.db, acc.id, { reviewId: r.id, rating: 5, body: `${body}${i}` }, tAt + 2000 + i);
      }
    }
    const candidates = (await recentFollowUps(t.db, 40)).filter((c) => [young1.id, young2.id, trusted.id].some((id) => c.handle === [young1, young2, trusted].find((x) => x.id === id)!.handle));
    const handles = candidates.map((c) => c.handle);
    expect(new Set(handles).size).toBe(handles.length); // one per account
    expect(handles).toHaveLength(3);
    const picked = pickHomeFollowUps(candidates, 2);
    expect(picked.map((c) => c.handle)).toContain(trusted.handle);
    expect(picked).toHaveLength(2);
  });
});
