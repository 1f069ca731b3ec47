// What the flag page (/mod/flag) shows about its target, on PGlite and on PostgreSQL: every
// kind's excerpt, author and link back; nothing for targets readers cannot see, and a posted
// flag (createFlag) on such a target is refused with the page's not-found, writing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKind, type TestDb } from '../helpers/db.ts';
import { makeAccount } from '../helpers/accounts.ts';
import { makePlatform } from './review-helpers.ts';
import { createFlag } from '../../src/server/moderation/moderation.service.ts';
import { flagExcerptChars, flagTarget } from '../../src/server/moderation/moderation.read.ts';
import { DomainError } from '../../src/server/errors.ts';
import type { Actor } from '../../src/server/moderation/guards.ts';
import type { Account } from '../../src/server/accounts/account.service.ts';

let t: TestDb;
const now = Date.UTC(2026, 10, 25, 12);

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.destroy();
});

async function slugOf(platformId: number): Promise<string> {
  return (await t.db.selectFrom('platform').select('slug').where('id', '=', platformId).executeTakeFirstOrThrow()).slug;
}

async function review(platformId: number, accountId: number, body: string, state: 'published' | 'removed' | 'deleted' = 'published'): Promise<number> {
  return (await t.db.insertInto('review').values({
    platform_id: platformId, account_id: accountId, rating: 5, current_rating: 5, rating_service: null, rating_risk: null, rating_value: null,
    rating_after_sales: null, product_category: 'game_cards', body_source: body, body_html: `<p>${body}</p>`, purchased_on: null,
    state, state_reason: null, last_follow_up_at: null, edited_at: null,
  }).returning('id').executeTakeFirstOrThrow()).id;
}

async function followUp(reviewId: number, accountId: number, body: string, state: 'published' | 'removed' = 'published'): Promise<number> {
  return (await t.db.insertInto('review_follow_up').values({
    review_id: reviewId, account_id: accountId, rating: 2, outcome: null, body_source: body, body_html: `<p>${body}</p>`, state, state_reason: null,
  }).returning('id').executeTakeFirstOrThrow()).id;
}

async function reply(targetKind: 'review' | 'follow_up', targetId: number, platformId: number, accountId: number, body: string, state: 'published' | 'removed' = 'published'): Promise<number> {
  return (await t.db.insertInto('official_reply').values({
    target_kind: targetKind, target_id: targetId, platform_id: platformId, account_id: accountId, body_source: body, body_html: `<p>${body}</p>`, state,
  }).returning('id').executeTakeFirstOrThrow()).id;
}

async function incident(platformId: number, reporterId: number, caseNo: string): Promise<number> {
  return (await t.db.insertInto('incident').values({
    case_no: caseNo, platform_id: platformId, reporter_id: reporterId, kind: 'invalid_keys', occurred_on: new Date(now - 5 * 86_400_000), amount_cents: 1000,
    body_source: '买的卡密全部显示已使用。', body_html: '<p>买的卡密全部显示已使用。</p>', upload_id: null, status_reason: null, accepted_at: null, closed_at: null,
  }).returning('id').executeTakeFirstOrThrow()).id;
}

async function evidence(platformId: number, submittedBy: number, number: string): Promise<number> {
  return (await t.db.insertInto('platform_qualification').values({
    platform_id: platformId, kind: 'icp_filing', number, upload_id: null, state_reason: null, submitted_by: submittedBy, reviewed_by: null, reviewed_at: null,
  }).returning('id').executeTakeFirstOrThrow()).id;
}

const actor = (a: Account): Actor => ({ id: a.id, handle: a.handle, role: a.role, status: a.status, totpVerified: false });

/** A flag posted as the form posts it: 'ok' or the error's status and message key. */
async function flagOutcome(reporter: Account, kind: string, id: number): Promise<string> {
  try {
    await createFlag(t.db, actor(reporter), { targetKind: kind, targetId: id, reason: 'spam' }, now, now - 400 * 86_400_000);
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError) return `${e.status}:${e.messageKey}`;
    throw e;
  }
}

async function flagsOn(kind: string, id: number): Promise<number> {
  return (await t.db.selectFrom('flag').select('id').where('target_kind', '=', kind as never).where('target_id', '=', id).execute()).length;
}

async function caseReport(platformId: number, accountId: number, body: string, state: 'published' | 'removed' | 'deleted' = 'published'): Promise<number> {
  return (await t.db.insertInto('case_report').values({
    platform_id: platformId, account_id: accountId, since_on: new Date(now - 400 * 86_400_000), monthly_volume_band: '1k_10k', products: '话费',
    uses_api: true, would_continue: true, body_source: body, body_html: `<p>${body}</p>`, state, state_reason: null,
  }).returning('id').executeTakeFirstOrThrow()).id;
}

describe(`flag targets on ${testDbKind}`, () => {
  let author: Account, buyer: Account, rep: Account, reseller: Account;
  let platformId: number, slug: string, pendingPlatformId: number;

  beforeAll(async () => {
    author = await makeAccount(t.db, { nowMs: now });
    buyer = await makeAccount(t.db, { nowMs: now });
    rep = await makeAccount(t.db, { nowMs: now });
    reseller = await makeAccount(t.db, { nowMs: now });
    platformId = await makePlatform(t.db);
    slug = await slugOf(platformId);
    pendingPlatformId = await makePlatform(t.db, 'pending');
  });

  it('a review: its text escaped as plain text, its author, its platform and its permalink', async () => {
    const id = await review(platformId, author.id, '好评卡盟 **真的** 靠谱 <script>alert(1)</script> & 秒发货');
    const v = await flagTarget(t.db, 'review', id);
    expect(v).toMatchObject({ kind: 'review', id, author: author.handle, path: `/reviews/${id}`, truncated: false, evidenceKind: null });
    expect(v!.platform).toMatchObject({ slug });
    expect(v!.excerptHtml).toBe('好评卡盟 **真的** 靠谱 &lt;script&gt;alert(1)&lt;/script&gt; &amp; 秒发货');
  });

  it('a long text is cut at the excerpt length, on one line, and says it goes on', async () => {
    const line = '到账很慢，客服两天才回复，退款也拖了很久。\n\n';
    const id = await review(platformId, buyer.id, line.repeat(20));
    const v = (await flagTarget(t.db, 'review', id))!;
    expect(v.truncated).toBe(true);
    expect([...v.excerptHtml].length).toBeLessThanOrEqual(flagExcerptChars);
    expect([...v.excerptHtml].length).toBeGreaterThan(flagExcerptChars - 5);
    expect(v.excerptHtml).not.toContain('\n');
  });

  it('a follow-up links to its place under the review; a reply to the review or follow-up it answers', async () => {
    const rid = await review(platformId, rep.id, '第一次买，很顺利。');
    const fid = await followUp(rid, rep.id, '三个月后：卡密失效，不给换。');
    expect(await flagTarget(t.db, 'follow_up', fid)).toMatchObject({ author: rep.handle, path: `/reviews/${rid}#follow-up-${fid}`, excerptHtml: '三个月后：卡密失效，不给换。' });
    const onReview = await reply('review', rid, platformId, reseller.id, '感谢支持。');
    expect(await flagTarget(t.db, 'reply', onReview)).toMatchObject({ author: reseller.handle, path: `/reviews/${rid}`, excerptHtml: '感谢支持。' });
    const onFollowUp = await reply('follow_up', fid, platformId, reseller.id, '已为您补发。');
    expect(await flagTarget(t.db, 'reply', onFollowUp)).toMatchObject({ path: `/reviews/${rid}#follow-up-${fid}`, excerptHtml: '已为您补发。' });
  });

  it('a case report links to the platform page; evidence shows its kind and number', async () => {
    const cid = await caseReport(platformId, reseller.id, '合作两年，接口稳定。');
    expect(await flagTarget(t.db, 'case_report', cid)).toMatchObject({ author: reseller.handle, path: `/platforms/${slug}#case-report-${cid}`, excerptHtml: '合作两年，接口稳定。' });
    const eid = (await t.db.insertInto('platform_qualification').values({
      platform_id: platformId, kind: 'icp_filing', number: '京ICP备12345678号', upload_id: null, state_reason: null, submitted_by: buyer.id, reviewed_by: null, reviewed_at: null,
    }).returning('id').executeTakeFirstOrThrow()).id;
    expect(await flagTarget(t.db, 'evidence', eid)).toMatchObject({ evidenceKind: 'icp_filing', excerptHtml: '京ICP备12345678号', path: `/platforms/${slug}#qualifications` });
  });

  it('an incident links to its case page; an account to its profile', async () => {
    const caseNo = 'KP-20261125-0042';
    const iid = (await t.db.insertInto('incident').values({
      case_no: caseNo, platform_id: platformId, reporter_id: buyer.id, kind: 'invalid_keys', occurred_on: new Date(now - 5 * 86_400_000), amount_cents: 1000,
      body_source: '买的卡密全部显示已使用。', body_html: '<p>买的卡密全部显示已使用。</p>', upload_id: null, status_reason: null, accepted_at: null, closed_at: null,
    }).returning('id').executeTakeFirstOrThrow()).id;
    expect(await flagTarget(t.db, 'incident', iid)).toMatchObject({ author: buyer.handle, path: `/incidents/${caseNo}`, excerptHtml: '买的卡密全部显示已使用。', platform: { slug } });
    expect(await flagTarget(t.db, 'account', author.id)).toMatchObject({ author: author.handle, path: `/u/${author.handle}`, excerptHtml: author.handle, platform: null });
  });

  it('nothing for what readers cannot see: removed or deleted posts, posts under a removed one, unapproved platforms, unknown ids and kinds', async () => {
    const x = await makeAccount(t.db, { nowMs: now });
    const removed = await review(platformId, x.id, '已被移除的评价', 'removed');
    const fu = await followUp(removed, x.id, '移除评价下的追评');
    const rep1 = await reply('review', removed, platformId, reseller.id, '移除评价下的回复');
    const liveP = await makePlatform(t.db);
    const live = await review(liveP, x.id, '正常评价');
    const removedFu = await followUp(live, x.id, '被移除的追评', 'removed');
    const rep2 = await reply('follow_up', removedFu, liveP, reseller.id, '被移除追评下的回复');
    const removedReply = await reply('review', live, liveP, reseller.id, '被移除的回复', 'removed');
    const onPending = await review(pendingPlatformId, x.id, '待审核平台上的评价');
    const deletedCase = await caseReport(liveP, x.id, '已删除的案例', 'deleted');
    const cases: Array<[string, number]> = [
      ['review', removed], ['follow_up', fu], ['reply', rep1], ['follow_up', removedFu], ['reply', rep2], ['reply', removedReply],
      ['review', onPending], ['case_report', deletedCase], ['review', 999_999_999], ['account', 999_999_999], ['platform', liveP], ['../../x', live],
    ];
    for (const [kind, id] of cases) expect(await flagTarget(t.db, kind, id), `${kind}:${id}`).toBeNull();
    // the live review next to them is shown
    expect(await flagTarget(t.db, 'review', live)).not.toBeNull();
  });

  describe('a posted flag takes the same rule', () => {
    let reporter: Account, x: Account;
    beforeAll(async () => {
      reporter = await makeAccount(t.db, { nowMs: now, ageDays: 400 });
      x = await makeAccount(t.db, { nowMs: now });
    });

    it('refuses every kind readers cannot see with the page\'s not-found, and writes no flag', async () => {
      const liveP = await makePlatform(t.db);
      const removed = await review(liveP, x.id, '已被移除的评价', 'removed');
      const fuUnderRemoved = await followUp(removed, x.id, '移除评价下的追评');
      const replyUnderRemoved = await reply('review', removed, liveP, reseller.id, '移除评价下的回复');
      const replyUnderFuUnderRemoved = await reply('follow_up', fuUnderRemoved, liveP, reseller.id, '移除评价下追评的回复');
      const liveP2 = await makePlatform(t.db);
      const live = await review(liveP2, x.id, '正常评价');
      const removedFu = await followUp(live, x.id, '被移除的追评', 'removed');
      const replyUnderRemovedFu = await reply('follow_up', removedFu, liveP2, reseller.id, '被移除追评下的回复');
      const removedReply = await reply('review', live, liveP2, reseller.id, '被移除的回复', 'removed');
      const deletedReview = await review(await makePlatform(t.db), x.id, '作者删除的评价', 'deleted');
      const removedCase = await caseReport(liveP2, x.id, '被移除的案例', 'removed');
      const onPending = await review(pendingPlatformId, x.id, '待审核平台上的评价');
      const evidenceOnPending = await evidence(pendingPlatformId, x.id, '京ICP备00000001号');
      const incidentOnPending = await incident(pendingPlatformId, x.id, 'KP-20261125-0043');
      const cases: Array<[string, number]> = [
        ['review', removed], ['review', deletedReview], ['review', onPending], ['follow_up', fuUnderRemoved], ['follow_up', removedFu],
        ['reply', replyUnderRemoved], ['reply', replyUnderFuUnderRemoved], ['reply', replyUnderRemovedFu], ['reply', removedReply],
        ['case_report', removedCase], ['evidence', evidenceOnPending], ['incident', incidentOnPending],
      ];
      for (const [kind, id] of cases) {
        expect(await flagOutcome(reporter, kind, id), `${kind}:${id}`).toBe('NOT_FOUND:mod.error.notFound');
        expect(await flagsOn(kind, id), `${kind}:${id}`).toBe(0);
      }
    });

    it('still takes a flag on every kind readers can see', async () => {
      const p = await makePlatform(t.db);
      const rid = await review(p, x.id, '可见的评价');
      const fid = await followUp(rid, x.id, '可见的追评');
      const cases: Array<[string, number]> = [
        ['review', rid], ['follow_up', fid],
        ['reply', await reply('review', rid, p, reseller.id, '可见的回复')], ['reply', await reply('follow_up', fid, p, reseller.id, '追评下可见的回复')],
        ['case_report', await caseReport(p, x.id, '可见的案例')], ['evidence', await evidence(p, x.id, '京ICP备00000002号')],
        ['incident', await incident(p, x.id, 'KP-20261125-0044')], ['account', x.id],
      ];
      for (const [kind, id] of cases) {
        expect(await flagOutcome(reporter, kind, id), `${kind}:${id}`).toBe('ok');
        const row = await t.db.selectFrom('flag').select(['reporter_id', 'state', 'reason']).where('target_kind', '=', kind as never).where('target_id', '=', id).executeTakeFirstOrThrow();
        expect(row).toEqual({ reporter_id: reporter.id, state: 'open', reason: 'spam' });
      }
    });
  });
});
