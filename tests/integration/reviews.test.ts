// Review write paths on PGlite and PostgreSQL: good and bad input, rows written, nothing
// changed on failure, authorization at the service level.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createTestDb, testDbKind, type TestDb } from '../helpers/db.ts';
import { makeAccount } from '../helpers/accounts.ts';
import { expectFieldMessage, failure, makePlatform } from './review-helpers.ts';
import { DomainError } from '../../src/server/errors.ts';
import {
  addFollowUp, attachProof, createReview, deleteReview, editReview, listRevisions, postReview, editWindowMs,
} from '../../src/server/reviews/review.service.ts';
import { loadPlatformReviews, loadReview, parseReviewListQuery, loadProfile } from '../../src/server/reviews/review.read.ts';

let t: TestDb;
let dir: string;
let rt: { config: { uploadDir: string } };
const nowMs = Date.parse('2026-11-25T04:00:00Z');

const goodBody = '充值很快，五分钟到账，客服态度也不错。第二次买还是很顺利。';
const review = (platformId: number, extra: Record<string, unknown> = {}) => ({
  platformId, rating: 4, ratingService: 5, ratingRisk: 3, ratingValue: 4, ratingAfterSales: null,
  productCategory: 'game_cards', productName: '王者荣耀 点券 600', amountBand: '50_200', purchasedOn: '2026-10-01', body: goodBody, ...extra,
});


async function count(table: 'review' | 'review_follow_up' | 'purchase_proof' | 'review_revision' | 'rank_request' | 'upload', where?: [string, number]): Promise<number> {
  let q = t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (where) q = q.where(where[0] as never, '=', where[1] as never);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#0a0' } }).png().toBuffer();

beforeAll(async () => {
  t = await createTestDb();
  dir = mkdtempSync(path.join(tmpdir(), 'kaopu-reviews-'));
  rt = { config: { uploadDir: dir } };
});
afterAll(async () => {
  await t.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe(`reviews on ${testDbKind}`, () => {
  it('creates a review with ratings, product, date and rendered body; requests a recompute', async () => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const before = await count('rank_request');
    const r = await createReview(t.db, a.id, review(p, { body: '很好用 **推荐**\n\n- 到账快\n- 客服在线' }), nowMs);
    const row = await t.db.selectFrom('review').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ platform_id: p, account_id: a.id, rating: 4, current_rating: 4, rating_service: 5, rating_risk: 3, rating_after_sales: null, product_category: 'game_cards', amount_band: '50_200', proof_state: 'none', state: 'published' });
    expect(row.body_html).toContain('<strong>推荐</strong>');
    expect(row.body_html).toContain('<li>到账快</li>');
    expect(await count('rank_request')).toBe(before + 1);
  });

  it.each([
    ['rating 0', { rating: 0 }, 'rating', 'field.rating'],
    ['rating 6', { rating: 6 }, 'rating', 'field.rating'],
    ['rating abc', { rating: 'abc' }, 'rating', 'field.rating'],
    ['rating 3.5', { rating: 3.5 }, 'rating', 'field.rating'],
    ['dimension 9', { ratingRisk: 9 }, 'ratingRisk', 'field.rating'],
    ['unknown category', { productCategory: 'drugs' }, 'productCategory', 'field.choice'],
    ['future date', { purchasedOn: '2027-03-01' }, 'purchasedOn', 'reviews.error.futureDate'],
    ['bad date', { purchasedOn: '2026-02-30' }, 'purchasedOn', 'field.date'],
    ['empty body', { body: '   ' }, 'body', 'field.required'],
    ['5 MB body', { body: 'a'.repeat(5 * 1024 * 1024) }, 'body', { key: 'field.tooLong', params: { max: 10000 } }],
    ['10001 chars', { body: '好'.repeat(10_001) }, 'body', { key: 'field.tooLong', params: { max: 10000 } }],
    ['homoglyph spam', { body: 'Best sеrvice еver, buy at pаypal now 很好' }, 'body', 'reviews.error.homoglyph'],
    ['product name 81', { productName: 'x'.repeat(81) }, 'productName', { key: 'field.tooLong', params: { max: 80 } }],
  ])('refuses %s with a clear message and writes nothing', async (_name, extra, field, key) => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const before = await count('review');
    const f = await failure(createReview(t.db, a.id, review(p, extra), nowMs));
    expectFieldMessage(f, field, key);
    expect(f.status).toBe('BAD_REQUEST');
    expect(await count('review')).toBe(before);
  });

  it('neutralises script tags and javascript: links, strips zero-width and bidi characters', async () => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const body = '<script>alert(1)</script> 到账\u200B很快 \u202Eevil\u202C [点我](javascript:alert(1)) 很好的平台';
    const r = await createReview(t.db, a.id, review(p, { body }), nowMs);
    const row = await t.db.selectFrom('review').select(['body_html', 'body_source']).where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row.body_html).not.toMatch(/<script/i);
    expect(row.body_html).toContain('&lt;script&gt;');
    expect(row.body_html).not.toMatch(/href="javascript/i);
    expect(row.body_source).not.toMatch(/[\u200B\u202E\u202C]/);
    expect(row.body_source).toContain('到账很快');
  });

  it('masks card keys and reports how many', async () => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const r = await createReview(t.db, a.id, review(p, { body: '卡密 ABCD-EFGH-JKLM-NPQR-STUV 用不了，客服说已经被用过了。' }), nowMs);
    expect(r.maskedCount).toBeGreaterThan(0);
    const row = await t.db.selectFrom('review').select('body_source').where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row.body_source).not.toContain('ABCD-EFGH-JKLM-NPQR-STUV');
  });

  it('refuses a second review on the same platform (409) and allows one after deleting', async () => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const first = await createReview(t.db, a.id, review(p), nowMs);
    const f = await failure(createReview(t.db, a.id, review(p, { rating: 1 }), nowMs));
    expect(f).toMatchObject({ key: 'reviews.error.alreadyReviewed', status: 'CONFLICT' });
    expect(await count('review', ['platform_id', p])).toBe(1);
    await deleteReview(t.db, a.id, first.id, nowMs);
    const row = await t.db.selectFrom('review').select(['state', 'body_source']).where('id', '=', first.id).executeTakeFirstOrThrow();
    expect(row.state).toBe('deleted');
    expect(row.body_source).toBe(goodBody); // tombstone keeps the text for moderators
    const again = await createReview(t.db, a.id, review(p, { rating: 2 }), nowMs);
    expect(again.id).not.toBe(first.id);
  });

  it('refuses a review on an unknown or unapproved platform', async () => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db, 'pending');
    expect((await failure(createReview(t.db, a.id, review(p), nowMs))).status).toBe('NOT_FOUND');
    expect((await failure(createReview(t.db, a.id, review(99_999_999), nowMs))).status).toBe('NOT_FOUND');
  });

  it('saves the review with a proof (pending); the order number stays private', async () => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const r = await postReview(t.db, rt, a.id, { ...review(p), orderNumber: 'KM20261001-8842', file: new File([png], 'pay.png') }, nowMs);
    expect(r.proofError).toBeNull();
    const proof = await t.db.selectFrom('purchase_proof').selectAll().where('review_id', '=', r.id).executeTakeFirstOrThrow();
    expect(proof).toMatchObject({ state: 'pending', order_number: 'KM20261001-8842', account_id: a.id });
    expect(proof.upload_id).not.toBeNull();
    const row = await t.db.selectFrom('review').select('proof_state').where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row.proof_state).toBe('pending');
    const view = await loadReview(t.db, r.id, null);
    expect(JSON.stringify(view)).not.toContain('KM20261001-8842');
  });

  it.each([
    ['a Windows executable renamed .png', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]), 'upload.type'],
    ['an ELF binary renamed .png', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(200)]), 'upload.type'],
    ['an empty file with an order number', Buffer.alloc(0), null],
  ])('saves the review even when the proof is %s, and says why', async (_n, bytes, key) => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const uploadsBefore = await count('upload');
    const r = await postReview(t.db, rt, a.id, { ...review(p), orderNumber: key ? '' : 'A-1', file: new File([bytes], 'proof.png') }, nowMs);
    expect(await count('review', ['id', r.id])).toBe(1);
    if (key) {
      expect(r.proofError?.messageKey).toBe(key);
      expect(await count('purchase_proof', ['review_id', r.id])).toBe(0);
      expect(await count('upload')).toBe(uploadsBefore);
      const row = await t.db.selectFrom('review').select('proof_state').where('id', '=', r.id).executeTakeFirstOrThrow();
      expect(row.proof_state).toBe('none');
    } else {
      expect(r.proofError).toBeNull(); // order number alone is a proof
      expect(await count('purchase_proof', ['review_id', r.id])).toBe(1);
    }
  });

  it('lets the author add proof later, but not someone else, and not twice while pending', async () => {
    const a = await makeAccount(t.db);
    const b = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const r = await createReview(t.db, a.id, review(p), nowMs);
    expect((await failure(attachProof(t.db, rt, b.id, { reviewId: r.id }, { orderNumber: 'X1' }, nowMs))).status).toBe('FORBIDDEN');
    expect((await failure(attachProof(t.db, rt, a.id, { reviewId: r.id }, { orderNumber: '' }, nowMs))).fields?.file).toBe('reviews.proof.empty');
    await attachProof(t.db, rt, a.id, { reviewId: r.id }, { file: new File([png], 'x.png') }, nowMs);
    expect((await failure(attachProof(t.db, rt, a.id, { reviewId: r.id }, { orderNumber: 'X2' }, nowMs))).key).toBe('reviews.proof.exists');
    expect(await count('purchase_proof', ['review_id', r.id])).toBe(1);
  });

  it('a follow-up supersedes the rating; others get 403 and nothing changes', async () => {
    const a = await makeAccount(t.db);
    const b = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const r = await createReview(t.db, a.id, review(p, { rating: 5 }), nowMs);
    const f403 = await failure(addFollowUp(t.db, b.id, { reviewId: r.id, rating: 1, body: '我不是作者但想追评一下看看。' }, nowMs));
    expect(f403).toMatchObject({ status: 'FORBIDDEN', key: 'reviews.error.notAuthor' });
    expect((await failure(addFollowUp(t.db, a.id, { reviewId: r.id, rating: 7, body: '三个月后退款被拒绝了。' }, nowMs))).fields?.rating).toBe('field.rating');
    expect((await failure(addFollowUp(t.db, a.id, { reviewId: r.id, rating: 2, outcome: 'whatever', body: '三个月后退款被拒绝了。' }, nowMs))).fields?.outcome).toBe('field.choice');
    expect(await count('review_follow_up', ['review_id', r.id])).toBe(0);
    const later = nowMs + 92 * 86_400_000;
    await addFollowUp(t.db, a.id, { reviewId: r.id, rating: 2, outcome: 'refund_refused', body: '三个月后卡密失效，申请退款被拒绝了。' }, later);
    const row = await t.db.selectFrom('review').select(['rating', 'current_rating', 'follow_up_count', 'last_follow_up_at']).where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ rating: 5, current_rating: 2, follow_up_count: 1 });
    expect(row.last_follow_up_at?.getTime()).toBe(later);
    await addFollowUp(t.db, a.id, { reviewId: r.id, rating: 3, body: '后来客服主动联系补发了，勉强可以。' }, later + 86_400_000);
    const view = await loadReview(t.db, r.id, null);
    expect(view?.currentRating).toBe(3);
    expect(view?.followUps.map((f) => f.rating)).toEqual([2, 3]);
    expect(view?.followUps[0]?.outcome).toBe('refund_refused');
  });

  it('edits within 30 days keep the previous version; after 30 days edits are refused', async () => {
    const a = await makeAccount(t.db);
    const b = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const r = await createReview(t.db, a.id, review(p, { rating: 4 }), nowMs);
    expect((await failure(editReview(t.db, b.id, { reviewId: r.id, rating: 1, body: '别人改不了这条评价的内容。' }, nowMs))).status).toBe('FORBIDDEN');
    await editReview(t.db, a.id, { reviewId: r.id, rating: 3, body: '改一下：到账慢了一点，但还行。' }, nowMs + 1000);
    const row = await t.db.selectFrom('review').select(['rating', 'current_rating', 'body_source', 'edited_at']).where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ rating: 3, current_rating: 3, body_source: '改一下：到账慢了一点，但还行。' });
    expect(row.edited_at).not.toBeNull();
    const revs = await listRevisions(t.db, r.id);
    expect(revs).toHaveLength(1);
    expect(revs[0]).toMatchObject({ rating: 4, bodySource: goodBody });
    const late = await failure(editReview(t.db, a.id, { reviewId: r.id, rating: 1, body: '超过三十天了再来改评价。' }, nowMs + editWindowMs + 1000));
    expect(late.key).toBe('reviews.error.editWindow');
    expect(await listRevisions(t.db, r.id)).toHaveLength(1);
  });

  it('an edit after a follow-up keeps the follow-up rating as current', async () => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const r = await createReview(t.db, a.id, review(p, { rating: 5 }), nowMs);
    // written two days after the review: its rating counts at once (not a same-day follow-up)
    await addFollowUp(t.db, a.id, { reviewId: r.id, rating: 1, body: '两天后追评：后来平台不给退款了，差评。' }, nowMs + 2 * 86_400_000);
    await editReview(t.db, a.id, { reviewId: r.id, rating: 4, body: '原评价改了一下措辞，保留四星。' }, nowMs + 2 * 86_400_000 + 1000);
    const row = await t.db.selectFrom('review').select(['rating', 'current_rating']).where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ rating: 4, current_rating: 1 });
  });

  it('deleting is author-only; a deleted review leaves the list and its page shows a tombstone', async () => {
    const a = await makeAccount(t.db);
    const b = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const r = await createReview(t.db, a.id, review(p), nowMs);
    expect((await failure(deleteReview(t.db, b.id, r.id, nowMs))).status).toBe('FORBIDDEN');
    await deleteReview(t.db, a.id, r.id, nowMs);
    expect((await failure(deleteReview(t.db, a.id, r.id, nowMs))).status).toBe('CONFLICT');
    const list = await loadPlatformReviews(t.db, p, parseReviewListQuery(new URLSearchParams()), null);
    expect(list.total).toBe(0);
    expect((await loadReview(t.db, r.id, null))?.state).toBe('deleted');
  });

  it('lists with sort, filters and pagination; negative reviews are kept', async () => {
    const p = await makePlatform(t.db);
    const ids: number[] = [];
    for (let i = 0; i < 25; i++) {
      const a = await makeAccount(t.db);
      const r = await createReview(t.db, a.id, review(p, { rating: (i % 5) + 1, productCategory: i % 2 ? 'phone_topup' : 'game_cards' }), nowMs + i * 1000);
      ids.push(r.id);
      if (i === 3) await addFollowUp(t.db, a.id, { reviewId: r.id, rating: 1, body: '追评：后来卡密全部失效了，客服不处理。' }, nowMs + 2 * 86_400_000); // a day later: supersedes at once
    }
    const q = (s: string) => parseReviewListQuery(new URLSearchParams(s));
    const first = await loadPlatformReviews(t.db, p, q('sort=newest'), null);
    expect(first.total).toBe(25);
    expect(first.items).toHaveLength(20);
    expect(first.pageCount).toBe(2);
    expect(first.items[0]!.id).toBe(ids[24]);
    expect((await loadPlatformReviews(t.db, p, q('sort=newest&page=2'), null)).items).toHaveLength(5);
    const lowest = await loadPlatformReviews(t.db, p, q('sort=lowest'), null);
    expect(lowest.items[0]!.currentRating).toBe(1);
    const fu = await loadPlatformReviews(t.db, p, q('sort=follow_ups'), null);
    expect(fu.items[0]!.id).toBe(ids[3]);
    expect((await loadPlatformReviews(t.db, p, q('followups=1'), null)).total).toBe(1);
    expect((await loadPlatformReviews(t.db, p, q('rating=1'), null)).total).toBe(6); // five 1-star + the superseded one
    expect((await loadPlatformReviews(t.db, p, q('category=phone_topup'), null)).total).toBe(12);
    expect((await loadPlatformReviews(t.db, p, q('verified=1'), null)).total).toBe(0);
    expect(q('sort=evil&rating=9&category=x&page=-1')).toMatchObject({ sort: 'helpful', rating: null, category: null, page: 1 });
  });

  it('profile shows reviews, follow-ups and account age, never a trust number', async () => {
    const a = await makeAccount(t.db, { handle: `prof_${process.pid}_${testDbKind}` });
    const p = await makePlatform(t.db);
    const r = await createReview(t.db, a.id, review(p), nowMs);
    await addFollowUp(t.db, a.id, { reviewId: r.id, rating: 2, body: '追评：客服后来不回消息了，退款也没下文。' }, nowMs + 1000);
    const prof = await loadProfile(t.db, a.handle, null);
    expect(prof?.reviews).toHaveLength(1);
    expect(prof?.followUps).toHaveLength(1);
    expect(JSON.stringify(prof)).not.toMatch(/trust/i);
    expect(await loadProfile(t.db, 'nobody-here', null)).toBeNull();
  });
});
