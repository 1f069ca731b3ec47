// Helpful votes (one per account and item, never on one's own post, counters moved in the
// same transaction), official replies by verified representatives, and representative claims.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKind, type TestDb } from '../helpers/db.ts';
import { makeAccount } from '../helpers/accounts.ts';
import { addFollowUp, claimRepresentative, createReview, deleteReview, postOfficialReply, vote } from '../../src/server/reviews/review.service.ts';
import { loadReview } from '../../src/server/reviews/review.read.ts';
import { baseReview, failure, makePlatform, makeRepresentative } from './review-helpers.ts';

let t: TestDb;
const nowMs = Date.parse('2026-11-25T04:00:00Z');
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.destroy();
});

async function counters(id: number) {
  return t.db.selectFrom('review').select(['helpful_count', 'unhelpful_count']).where('id', '=', id).executeTakeFirstOrThrow();
}

describe(`votes, replies and claims on ${testDbKind}`, () => {
  it('one vote per account; changing it moves both counters; same vote twice is a no-op', async () => {
    const author = await makeAccount(t.db);
    const v1 = await makeAccount(t.db);
    const v2 = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const r = await createReview(t.db, author.id, baseReview(p), nowMs);
    await vote(t.db, v1.id, { kind: 'review', targetId: r.id, value: 1 }, nowMs);
    await vote(t.db, v1.id, { kind: 'review', targetId: r.id, value: 1 }, nowMs);
    await vote(t.db, v2.id, { kind: 'review', targetId: r.id, value: -1 }, nowMs);
    expect(await counters(r.id)).toEqual({ helpful_count: 1, unhelpful_count: 1 });
    await vote(t.db, v2.id, { kind: 'review', targetId: r.id, value: 1 }, nowMs);
    expect(await counters(r.id)).toEqual({ helpful_count: 2, unhelpful_count: 0 });
    const rows = await t.db.selectFrom('helpful_vote').selectAll().where('target_id', '=', r.id).where('target_kind', '=', 'review').execute();
    expect(rows.map((x) => x.value).sort()).toEqual([1, 1]);
    expect((await loadReview(t.db, r.id, v2.id))?.myVote).toBe(1);
  });

  it('a vote can be taken back (value 0): the row goes, the counter drops; taking back no vote changes nothing', async () => {
    const author = await makeAccount(t.db);
    const v = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const r = await createReview(t.db, author.id, baseReview(p), nowMs);
    await vote(t.db, v.id, { kind: 'review', targetId: r.id, value: -1 }, nowMs);
    expect(await counters(r.id)).toEqual({ helpful_count: 0, unhelpful_count: 1 });
    await vote(t.db, v.id, { kind: 'review', targetId: r.id, value: 0 }, nowMs);
    expect(await counters(r.id)).toEqual({ helpful_count: 0, unhelpful_count: 0 });
    expect((await loadReview(t.db, r.id, v.id))?.myVote).toBeNull();
    const rows = await t.db.selectFrom('helpful_vote').selectAll().where('target_id', '=', r.id).where('target_kind', '=', 'review').execute();
    expect(rows).toHaveLength(0);
    // again, with nothing to take back: no negative counters
    await vote(t.db, v.id, { kind: 'review', targetId: r.id, value: 0 }, nowMs);
    expect(await counters(r.id)).toEqual({ helpful_count: 0, unhelpful_count: 0 });
    // bad values are refused before anything is written
    expect((await failure(vote(t.db, v.id, { kind: 'review', targetId: r.id, value: 2 as never }, nowMs))).status).toBe('BAD_REQUEST');
  });

  it('refuses a vote on one\'s own review or follow-up, and on deleted or missing items', async () => {
    const author = await makeAccount(t.db);
    const other = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const r = await createReview(t.db, author.id, baseReview(p), nowMs);
    const f = await addFollowUp(t.db, author.id, { reviewId: r.id, rating: 2, body: '追评：后来退款很慢，等了整整两个星期。' }, nowMs + 1000);
    expect(await failure(vote(t.db, author.id, { kind: 'review', targetId: r.id, value: 1 }, nowMs))).toMatchObject({ status: 'FORBIDDEN', key: 'reviews.error.voteOwn' });
    expect((await failure(vote(t.db, author.id, { kind: 'follow_up', targetId: f.id, value: 1 }, nowMs))).key).toBe('reviews.error.voteOwn');
    expect(await counters(r.id)).toEqual({ helpful_count: 0, unhelpful_count: 0 });
    await vote(t.db, other.id, { kind: 'follow_up', targetId: f.id, value: 1 }, nowMs);
    const fu = await t.db.selectFrom('review_follow_up').select('helpful_count').where('id', '=', f.id).executeTakeFirstOrThrow();
    expect(fu.helpful_count).toBe(1);
    expect((await failure(vote(t.db, other.id, { kind: 'review', targetId: 99_999_999, value: 1 }, nowMs))).status).toBe('NOT_FOUND');
    await deleteReview(t.db, author.id, r.id, nowMs);
    expect((await failure(vote(t.db, other.id, { kind: 'review', targetId: r.id, value: 1 }, nowMs))).status).toBe('NOT_FOUND');
    expect((await failure(vote(t.db, other.id, { kind: 'follow_up', targetId: f.id, value: -1 }, nowMs))).status).toBe('NOT_FOUND');
  });

  it('a verified representative replies once per review and per follow-up; others cannot', async () => {
    const author = await makeAccount(t.db);
    const rep = await makeAccount(t.db);
    const stranger = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const otherPlatform = await makePlatform(t.db);
    await makeRepresentative(t.db, rep.id, p);
    const foreignRep = await makeAccount(t.db);
    await makeRepresentative(t.db, foreignRep.id, otherPlatform);
    const r = await createReview(t.db, author.id, baseReview(p), nowMs);
    const f = await addFollowUp(t.db, author.id, { reviewId: r.id, rating: 2, body: '追评：卡密后来全部失效了，客服不处理。' }, nowMs + 1000);
    expect((await failure(postOfficialReply(t.db, stranger.id, { kind: 'review', targetId: r.id, body: '我们是官方。' }, nowMs))).key).toBe('reviews.error.notRepresentative');
    expect((await failure(postOfficialReply(t.db, foreignRep.id, { kind: 'review', targetId: r.id, body: '我们是官方。' }, nowMs))).status).toBe('FORBIDDEN');
    expect((await failure(postOfficialReply(t.db, rep.id, { kind: 'review', targetId: r.id, body: '' }, nowMs))).fields?.body).toBe('field.required');
    await postOfficialReply(t.db, rep.id, { kind: 'review', targetId: r.id, body: '感谢反馈，已补发。' }, nowMs);
    expect((await failure(postOfficialReply(t.db, rep.id, { kind: 'review', targetId: r.id, body: '再回复一次。' }, nowMs))).key).toBe('reviews.error.replyExists');
    await postOfficialReply(t.db, rep.id, { kind: 'follow_up', targetId: f.id, body: '已为您更换新卡。' }, nowMs);
    const view = await loadReview(t.db, r.id, null);
    expect(view?.reply?.bodyHtml).toContain('感谢反馈');
    expect(view?.followUps[0]?.reply?.bodyHtml).toContain('更换新卡');
    expect(await t.db.selectFrom('official_reply').select('id').where('platform_id', '=', p).execute()).toHaveLength(2);
  });

  it('a claim creates one pending representative row; a second is refused', async () => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const short = await failure(claimRepresentative(t.db, a.id, { platformId: p, evidence: '短' }, nowMs));
    expect([short.fields?.evidence, short.fieldParams?.evidence]).toEqual(['field.tooShort', { min: 10 }]);
    await claimRepresentative(t.db, a.id, { platformId: p, evidence: '官网公告页发布了验证码 KP-123，请核对。' }, nowMs);
    const rows = await t.db.selectFrom('platform_representative').selectAll().where('platform_id', '=', p).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ account_id: a.id, state: 'pending' });
    expect((await failure(claimRepresentative(t.db, a.id, { platformId: p, evidence: '再申请一次，证据同上。' }, nowMs))).key).toBe('reviews.error.claimExists');
    // A pending claim does not allow replies.
    const author = await makeAccount(t.db);
    const r = await createReview(t.db, author.id, baseReview(p), nowMs);
    expect((await failure(postOfficialReply(t.db, a.id, { kind: 'review', targetId: r.id, body: '官方回复。' }, nowMs))).status).toBe('FORBIDDEN');
  });
});
