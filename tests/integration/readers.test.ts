// Reader conveniences on the platform page (issue 17, item 6) on PGlite and PostgreSQL: review
// tags (stored, refused when unknown or too many, filterable), keyword search within one
// platform's reviews, the star distribution, suggested alternatives and the transparency report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKind, type TestDb } from '../helpers/db.ts';
import { makeAccount } from '../helpers/accounts.ts';
import { baseReview, expectFieldMessage, failure, makePlatform } from './review-helpers.ts';
import { createReview } from '../../src/server/reviews/review.service.ts';
import { loadPlatformReviews, parseReviewListQuery } from '../../src/server/reviews/review.read.ts';
import { drainOutbox, postgresEngine } from '../../src/server/search/outbox.ts';
import { loadAlternatives, loadStarDistribution } from '../../src/server/readers/readers.service.ts';
import { loadTransparency } from '../../src/server/readers/transparency.service.ts';
import { invalidatePages } from '../../src/server/http/invalidation.ts';
import type { VerdictBand } from '../../src/server/verdict/verdict.ts';
import type { ModAction, ModSubjectKind } from '../../src/server/moderation/moderation.table.ts';

let t: TestDb;
const nowMs = Date.parse('2026-12-07T04:00:00Z');

beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t.destroy(); });

async function reviewCount(platformId: number): Promise<number> {
  const r = await t.db.selectFrom('review').select((eb) => eb.fn.countAll<number>().as('n')).where('platform_id', '=', platformId).executeTakeFirstOrThrow();
  return Number(r.n);
}
const list = (platformId: number, qs: string) => loadPlatformReviews(t.db, platformId, parseReviewListQuery(new URLSearchParams(qs)), null);

describe(`review tags on ${testDbKind}`, () => {
  it('stores the chosen tags in the list order, without duplicates, and shows them on the card', async () => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const r = await createReview(t.db, a.id, baseReview(p, { tags: ['refund', 'arrival', 'refund'] }), nowMs);
    const row = await t.db.selectFrom('review').select('tags').where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row.tags).toEqual(['arrival', 'refund']);
    invalidatePages([`platform:${p}`]);
    expect((await list(p, '')).items[0]!.tags).toEqual(['arrival', 'refund']);
  });

  it('accepts one tag as a plain string (one checked box) and none at all', async () => {
    const p = await makePlatform(t.db);
    const one = await createReview(t.db, (await makeAccount(t.db)).id, baseReview(p, { tags: 'support' }), nowMs);
    const none = await createReview(t.db, (await makeAccount(t.db)).id, baseReview(p), nowMs);
    const rows = await t.db.selectFrom('review').select(['id', 'tags']).where('platform_id', '=', p).orderBy('id').execute();
    expect(rows.map((r) => [r.id, r.tags])).toEqual([[one.id, ['support']], [none.id, []]]);
  });

  it.each([
    ['an unknown tag', ['arrival', 'drugs'], 'reviews.error.unknownTag'],
    ['a tag in another case', ['Arrival'], 'reviews.error.unknownTag'],
    ['a non-string', [{ x: 1 }], 'reviews.error.unknownTag'],
    ['four tags', ['arrival', 'refund', 'support', 'price'], { key: 'reviews.error.tooManyTags', params: { max: 3 } }],
  ])('refuses %s with a field error on tags and writes nothing', async (_name, tags, key) => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const f = await failure(createReview(t.db, a.id, baseReview(p, { tags }), nowMs));
    expect(f.status).toBe('BAD_REQUEST');
    expectFieldMessage(f, 'tags', key);
    expect(await reviewCount(p)).toBe(0);
  });

  it('the database itself refuses an unknown tag or more than three', async () => {
    const p = await makePlatform(t.db);
    const a = await makeAccount(t.db);
    const base = { platform_id: p, account_id: a.id, rating: 3, current_rating: 3, rating_service: null, rating_risk: null, rating_value: null, rating_after_sales: null, product_category: 'game_cards' as const, purchased_on: null, body_source: 'x', body_html: 'x', state_reason: null, last_follow_up_at: null, edited_at: null };
    await expect(t.db.insertInto('review').values({ ...base, tags: ['nope'] }).execute()).rejects.toThrow();
    await expect(t.db.insertInto('review').values({ ...base, tags: ['arrival', 'refund', 'support', 'price'] }).execute()).rejects.toThrow();
  });

  it('?tag= filters the list and its count; an unknown ?tag= is ignored', async () => {
    const p = await makePlatform(t.db);
    const refund = await createReview(t.db, (await makeAccount(t.db)).id, baseReview(p, { tags: ['refund', 'support'] }), nowMs);
    await createReview(t.db, (await makeAccount(t.db)).id, baseReview(p, { tags: ['arrival'] }), nowMs);
    await createReview(t.db, (await makeAccount(t.db)).id, baseReview(p), nowMs);
    const byRefund = await list(p, 'tag=refund');
    expect(byRefund.items.map((r) => r.id)).toEqual([refund.id]);
    expect(byRefund.total).toBe(1);
    expect((await list(p, 'tag=price')).total).toBe(0);
    expect((await list(p, 'tag=%3Cscript%3E')).total).toBe(3);
  });
});

describe(`keyword search within one platform's reviews on ${testDbKind}`, () => {
  it('finds reviews of this platform by their words (and follow-ups), never another platform\'s', async () => {
    const p = await makePlatform(t.db);
    const other = await makePlatform(t.db);
    const hit = await createReview(t.db, (await makeAccount(t.db)).id, baseReview(p, { body: '买的话费一直没有到账，客服说在处理，等了三天。' }), nowMs);
    await createReview(t.db, (await makeAccount(t.db)).id, baseReview(p, { body: '游戏点卡秒发，价格比别家便宜一点，推荐。' }), nowMs);
    await createReview(t.db, (await makeAccount(t.db)).id, baseReview(other, { body: '话费也是很久没有到账，和别人说的一样。' }), nowMs);
    await drainOutbox(t.db, postgresEngine(t.db), { maxBatches: 100 });
    const found = await list(p, `q=${encodeURIComponent('到账')}`);
    expect(found.items.map((r) => r.id)).toEqual([hit.id]);
    expect(found.total).toBe(1);
    // every word is required
    expect((await list(p, `q=${encodeURIComponent('到账 点卡')}`)).total).toBe(0);
    expect((await list(p, `q=${encodeURIComponent('点卡')}`)).total).toBe(1);
    // combined with a rating filter
    expect((await list(p, `q=${encodeURIComponent('到账')}&rating=1`)).total).toBe(0);
  });

  it('a query of punctuation only matches nothing (and says so), without an error', async () => {
    const p = await makePlatform(t.db);
    await createReview(t.db, (await makeAccount(t.db)).id, baseReview(p), nowMs);
    await drainOutbox(t.db, postgresEngine(t.db), { maxBatches: 100 });
    for (const q of ['！！！', "' OR 1=1 --", '& | ! :*']) {
      const r = await list(p, `q=${encodeURIComponent(q)}`);
      expect(r.total, q).toBe(0);
    }
    expect((await list(p, 'q=')).total).toBe(1);
  });
});

describe(`star distribution on ${testDbKind}`, () => {
  it('counts published reviews per star, overall (current rating) and per dimension, in one query', async () => {
    const p = await makePlatform(t.db);
    const ratings: Array<[number, number | null]> = [[5, 5], [5, 4], [4, null], [1, 1], [1, null], [1, null]];
    for (const [rating, service] of ratings) await createReview(t.db, (await makeAccount(t.db)).id, baseReview(p, { rating, ratingService: service }), nowMs);
    // a removed review does not count
    const removed = await createReview(t.db, (await makeAccount(t.db)).id, baseReview(p, { rating: 3 }), nowMs);
    await t.db.updateTable('review').set({ state: 'removed' }).where('id', '=', removed.id).execute();
    invalidatePages([`platform:${p}`]);
    const d = await loadStarDistribution(t.db, p);
    expect(d.map((x) => x.dimension)).toEqual(['overall', 'service', 'risk', 'value', 'afterSales']);
    const overall = d[0]!.histogram;
    expect(overall.total).toBe(6);
    expect(overall.bars.map((b) => [b.stars, b.count, b.percent])).toEqual([[5, 2, 33], [4, 1, 17], [3, 0, 0], [2, 0, 0], [1, 3, 50]]);
    const service = d[1]!.histogram;
    expect(service.total).toBe(3);
    expect(service.bars.map((b) => b.count)).toEqual([1, 1, 0, 0, 1]);
    expect(service.bars.reduce((n, b) => n + b.percent, 0)).toBe(100);
    expect(d[2]!.histogram.total).toBe(0);
  });
});

async function setVerdict(platformId: number, band: VerdictBand, rank: number | null): Promise<void> {
  await t.db.insertInto('platform_verdict').values({ platform_id: platformId, band, reasons: '[]', lower_bound: null, rank, computed_at: new Date(nowMs) })
    .onConflict((oc) => oc.column('platform_id').doUpdateSet({ band, rank })).execute();
}
async function setCategories(platformId: number, categories: string[], status = 'active'): Promise<void> {
  await t.db.updateTable('platform').set({ categories: categories as never, status: status as never }).where('id', '=', platformId).execute();
}

describe(`suggested alternatives on ${testDbKind}`, () => {
  it('on a 高风险 page: same categories, 靠谱/一般 only, active, in the ranking\'s order, at most three', async () => {
    // ranks far above the demo-free test database's others so the order is ours
    const risky = await makePlatform(t.db);
    await setCategories(risky, ['phone_topup', 'game_cards']);
    await setVerdict(risky, 'high_risk', 9000);
    const mk = async (cats: string[], band: VerdictBand, rank: number | null, status = 'active') => {
      const id = await makePlatform(t.db);
      await setCategories(id, cats, status);
      await setVerdict(id, band, rank);
      return id;
    };
    const second = await mk(['phone_topup'], 'fair', 8002);
    const first = await mk(['game_cards', 'course_codes'], 'reliable', 8001);
    const third = await mk(['phone_topup'], 'reliable', 8003);
    await mk(['phone_topup'], 'reliable', 8004); // a fourth: past the limit
    await mk(['phone_topup'], 'caution', 7000); // better than 高风险 but has a known weakness
    await mk(['video_memberships'], 'reliable', 7001); // another category
    await mk(['phone_topup'], 'reliable', 7002, 'suspended'); // not active
    await mk(['phone_topup'], 'insufficient', null); // not ranked
    invalidatePages(['ranking']);
    const alt = await loadAlternatives(t.db, risky);
    expect(alt.band).toBe('high_risk');
    expect(alt.items.map((i) => i.id)).toEqual([first, second, third]);
    expect(alt.items[0]!.sharedCategories).toEqual(['game_cards']);
  });

  it('a platform whose status is 跑路 gets them even without a verdict row; a 靠谱 one gets none', async () => {
    const scam = await makePlatform(t.db);
    await setCategories(scam, ['course_codes'], 'exit_scam');
    const good = await makePlatform(t.db);
    await setCategories(good, ['course_codes']);
    await setVerdict(good, 'reliable', 6000);
    invalidatePages(['ranking']);
    const alt = await loadAlternatives(t.db, scam);
    expect(alt.band).toBe('exit_scam');
    expect(alt.items.map((i) => i.id)).toContain(good);
    expect((await loadAlternatives(t.db, good)).items).toEqual([]);
    expect((await loadAlternatives(t.db, good)).band).toBeNull();
  });
});

describe(`transparency report on ${testDbKind}`, () => {
  it('counts removals by reason, appeals won and lost, proofs verified and rejected, and the median decision time per Beijing month', async () => {
    const mod = await makeAccount(t.db, { role: 'moderator' });
    const author = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const rev = await createReview(t.db, author.id, baseReview(p), nowMs);
    const at = (iso: string) => new Date(iso);
    const ev = (action: ModAction, subjectKind: ModSubjectKind, reason: string | null, iso: string) => t.db.insertInto('moderation_event')
      .values({ moderator_id: mod.id, action, subject_kind: subjectKind, subject_id: rev.id, platform_id: p, reason, batch_id: null, created_at: at(iso) }).execute();
    // December 2026 (Beijing): 2 spam removals, 1 shill, 1 ring; 1 appeal won, 2 lost; 1 proof verified
    await ev('remove', 'review', 'spam', '2026-12-01T01:00:00Z');
    await ev('remove', 'review', 'spam', '2026-12-03T01:00:00Z');
    await ev('remove', 'review', 'shill', '2026-12-04T01:00:00Z');
    await ev('ring_remove', 'ring', null, '2026-12-05T01:00:00Z');
    await ev('overturn', 'review', null, '2026-12-05T02:00:00Z');
    await ev('uphold', 'review', null, '2026-12-05T03:00:00Z');
    await ev('uphold', 'review', null, '2026-12-06T03:00:00Z');
    await ev('approve', 'proof', null, '2026-12-06T04:00:00Z');
    await ev('approve', 'platform', null, '2026-12-06T04:00:00Z'); // not a proof
    // 2026-11-30T17:00Z is 1 December 01:00 in Beijing: December, not November
    await ev('reject', 'proof', null, '2026-11-30T17:00:00Z');
    // November (Beijing): one rejected proof
    await ev('reject', 'proof', null, '2026-11-10T01:00:00Z');
    // older than twelve months: left out
    await ev('remove', 'review', 'spam', '2025-10-01T01:00:00Z');
    // decision times in December: flags 1 h and 3 h, a proof 2 h → median 2 h
    const flag = (created: string, resolved: string) => t.db.insertInto('flag').values({ reporter_id: author.id, target_kind: 'review', target_id: rev.id, reason: 'spam', state: 'upheld', created_at: at(created), resolved_at: at(resolved), resolved_by: mod.id }).execute();
    await flag('2026-12-02T00:00:00Z', '2026-12-02T01:00:00Z');
    await flag('2026-12-02T00:00:00Z', '2026-12-02T03:00:00Z');
    await t.db.insertInto('purchase_proof').values({ review_id: rev.id, case_report_id: null, account_id: author.id, upload_id: null, state: 'verified', state_reason: null, reviewed_by: mod.id, created_at: at('2026-12-03T00:00:00Z'), reviewed_at: at('2026-12-03T02:00:00Z') }).execute();

    invalidatePages(['modlog']);
    const months = await loadTransparency(t.db, nowMs);
    expect(months).toHaveLength(12);
    expect(months[0]!.month).toBe('2026-12');
    expect(months[11]!.month).toBe('2026-01');
    const dec = months[0]!;
    expect(dec.removals).toEqual({ spam: 2, shill: 1, ring: 1 });
    expect(dec.removalsTotal).toBe(4);
    expect([dec.appealsWon, dec.appealsLost]).toEqual([1, 2]);
    expect([dec.proofsVerified, dec.proofsRejected]).toEqual([1, 1]);
    expect(dec.medianSeconds).toBe(7200);
    expect(dec.decided).toBe(3);
    const nov = months[1]!;
    expect(nov.month).toBe('2026-11');
    expect(nov.proofsRejected).toBe(1);
    expect(nov.removalsTotal).toBe(0);
    expect(nov.medianSeconds).toBeNull();
    expect(months.reduce((n, m) => n + (m.removals.spam ?? 0), 0)).toBe(2);
  });
});
