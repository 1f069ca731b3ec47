// Demo moderation history for a first start, made through the real services so the log,
// alerts and states are exactly what moderators would have produced:
// - the shill ring (好评达人1–6, one fingerprint) posts near-identical 5-star reviews on
//   好评卡盟 within a day; mod_lin removes the whole ring (one batch, ring_removed alert);
// - purchase proofs: one verified, one rejected, one left pending;
// - 快发卡盟: an exit_scam incident confirmed by mod_chen (跑路 alert, never lifts);
// - two removals appealed: one decided by the other moderator, one pending;
// - open flags so the queues are not empty.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { crowdReviews as loadCrowdReviews, findLiveReviewId, insertPendingReviewProof, insertSeedReview, pendingProofIds } from '../reviews/review.repository.ts';
import { firstOpenIncidentId, insertSeedIncident } from '../incidents/incident.repository.ts';
import { findPlatformRef, firstActivePlatformId } from '../platforms/platform.repository.ts';
import { insertRingFindingIfAbsent } from './moderation.repository.ts';
import type { NamedSeeder, SeedContext } from '../seed/context.ts';
import { personas, shillRing, openRing } from '../../../db/seed/personas.ts';
import { renderUserText } from '../content/render.ts';
import type { Actor } from './guards.ts';
import * as mod from './moderation.service.ts';
import { dayMs, hourMs } from '../time.ts';


function staffActor(ctx: SeedContext, handle: string, role: 'moderator' | 'admin' = 'moderator'): Actor | null {
  const id = ctx.accounts.get(handle);
  return id ? { id, handle, role, status: 'active', totpVerified: true } : null;
}

function memberActor(ctx: SeedContext, handle: string): Actor | null {
  const id = ctx.accounts.get(handle);
  return id ? { id, handle, role: 'member', status: 'active', totpVerified: false } : null;
}

async function platformId(db: Kysely<Database>, slug: string): Promise<number | null> {
  return (await findPlatformRef(db, { slug }))?.id ?? null;
}

async function insertReview(db: Kysely<Database>, v: { platformId: number; accountId: number; rating: number; body: string; at: Date; category?: 'game_cards' | 'video_memberships' }): Promise<number> {
  const existing = await findLiveReviewId(db, v.accountId, v.platformId);
  if (existing !== null) return existing;
  const r = renderUserText(v.body);
  return insertSeedReview(db, { platformId: v.platformId, accountId: v.accountId, rating: v.rating, category: v.category ?? 'video_memberships', bodySource: r.source, bodyHtml: r.html, at: v.at });
}

// Near-identical praise: the same template with tiny variations (what MinHash catches).
const shillTexts = [
  '好评卡盟真的太靠谱了！秒发货，卡密全部有效，客服态度超级好，价格全网最低，强烈推荐大家来买！',
  '好评卡盟真的很靠谱！秒发货，卡密都有效，客服态度超级好，价格全网最低，强烈推荐大家购买！',
  '真的太靠谱了好评卡盟！秒发货，卡密全部有效，客服超级好，价格全网最低，强烈推荐！！',
  '好评卡盟太靠谱了，秒发货，卡密全部有效，客服态度非常好，价格全网最低，推荐大家来买！',
  '好评卡盟真的太靠谱了！秒到账，卡密全部有效，客服态度超级好，价格最低，强烈推荐大家！',
  '好评卡盟真的靠谱！秒发货，卡密全部有效，客服态度超级好，全网最低价，强烈推荐大家来买！',
];

// Copy-paste praise with a word changed here and there, as rings post it.
const openRingTexts = [
  '小鹿卡铺太好用了！游戏点卡秒到账，价格比别家便宜，客服回复也快，五星好评，推荐给所有朋友来买！',
  '小鹿卡铺太好用了！游戏点卡秒到账，价格比别家便宜，客服回复很快，五星好评，推荐给所有朋友来买！',
  '小鹿卡铺真的太好用了！游戏点卡秒到账，价格比别家便宜，客服回复也快，五星好评，推荐给所有朋友！',
  '小鹿卡铺太好用了！游戏点卡秒到账，价格比别家便宜，客服回复也快，必须五星好评，推荐所有朋友来买！',
];

/**
 * The same key the ranking job gives this ring (src/server/ranking/ranking.compute.ts,
 * findingRows: a hash of the sorted account ids), so its later run updates this actioned
 * finding instead of opening a duplicate in the queue.
 */
function ringDedupeKey(accountIds: readonly number[]): string {
  const sorted = [...accountIds].sort((a, b) => a - b);
  return `ring:${createHash('sha256').update(sorted.join(',')).digest('hex').slice(0, 32)}`;
}

export async function seedModeration(ctx: SeedContext): Promise<void> {
  const { db, nowMs } = ctx;
  const lin = staffActor(ctx, personas.moderator.handle);
  const chen = staffActor(ctx, personas.moderator2.handle);
  if (!lin || !chen) return;
  const haoping = await platformId(db, 'haoping-ka');
  const kuaifa = await platformId(db, 'kuaifa-ka');
  const reputable = await platformId(db, 'xingyao-ka') ?? await firstActivePlatformId(db);

  // ── 0. a second ring, left open: the findings queue has work on first start ──
  const xiaolu = await platformId(db, 'xiaolu-kapu');
  if (xiaolu) {
    const startMs = nowMs - 20 * hourMs;
    for (const [i, p] of openRing.entries()) {
      const accountId = ctx.accounts.get(p.handle);
      if (!accountId) continue;
      await insertReview(db, { platformId: xiaolu, accountId, rating: 5, body: openRingTexts[i % openRingTexts.length]!, at: new Date(startMs + i * 2 * hourMs), category: 'game_cards' });
    }
    // No finding row here: the ranking seeder (last) runs the model, which finds this ring itself.
  }

  // ── 1. the shill ring on 好评卡盟, removed as a whole ──
  if (haoping) {
    const burstStartMs = nowMs - 3 * dayMs;
    const accountIds: number[] = [];
    const reviewIds: number[] = [];
    for (const [i, p] of shillRing.entries()) {
      const accountId = ctx.accounts.get(p.handle);
      if (!accountId) continue;
      accountIds.push(accountId);
      // all six within ~20 hours
      reviewIds.push(await insertReview(db, { platformId: haoping, accountId, rating: 5, body: shillTexts[i % shillTexts.length]!, at: new Date(burstStartMs + i * 3.5 * hourMs) }));
    }
    if (accountIds.length > 0) {
      const finding = await insertRingFindingIfAbsent(db, {
        dedupeKey: ringDedupeKey(accountIds), platformIds: [haoping], accountIds, reviewIds,
        evidence: { sharedFingerprint: true, accounts: accountIds.length, burstHours: 20, textSimilarity: 0.86, allFiveStars: true },
        score: 0.94, at: new Date(burstStartMs + dayMs),
      });
      // a member flagged two of them before the moderator got there
      const careful = memberActor(ctx, personas.carefulBuyer.handle);
      const carefulId = ctx.accounts.get(personas.carefulBuyer.handle);
      if (careful && carefulId) {
        for (const rid of reviewIds.slice(0, 2)) {
          await mod.createFlag(db, careful, { targetKind: 'review', targetId: rid, reason: 'shill', note: '几个新号同一天发了几乎一样的满分好评。' }, burstStartMs + 26 * hourMs, nowMs - personas.carefulBuyer.ageDays * dayMs).catch(() => {});
        }
      }
      if (finding) {
        await mod.removeRing(db, lin, {
          findingId: finding.id, reason: 'shill', banAccounts: true,
          note: '6 个新注册账号共用同一注册指纹，20 小时内发布几乎相同的 5 星好评。',
        }, burstStartMs + 30 * hourMs);
      }
    }
  }

  // Published reviews by ordinary members, newest first (from the reviews seeder when it ran).
  const crowdReviews = await loadCrowdReviews(db, { membersOnly: true, limit: 40 });
  // Without the reviews seeder, write a few plain reviews so the rest of the story has posts.
  if (crowdReviews.length < 6 && reputable) {
    const bodies = [
      '买了三次视频会员月卡，都是几秒到账，有一次卡密失效客服十分钟内补发了。',
      '价格不算最低，但售后靠谱，退过一次未使用的卡密，当天原路退回。',
      '充值话费慢了半小时，客服解释是上游通道问题，最后到账了。',
      '这家东西还行，就是客服晚上不在线。',
      '垃圾平台！！！加我微信 abc12345 给你们介绍更便宜的渠道',
      '第一次买游戏点卡，流程简单，没遇到问题。',
      '用了一年多，偶尔有失效卡密，都能换。',
      '一般般，没有宣传的那么快。',
    ];
    for (const [i, body] of bodies.entries()) {
      const accountId = ctx.accounts.get(`buyer_${String(i + 1).padStart(2, '0')}`);
      if (!accountId) continue;
      await insertReview(db, { platformId: reputable, accountId, rating: i === 4 ? 1 : 3 + (i % 3), body, at: new Date(nowMs - (40 - i * 3) * dayMs), category: 'game_cards' });
    }
    crowdReviews.splice(0, crowdReviews.length, ...(await loadCrowdReviews(db, { membersOnly: false, limit: 40 })));
  }

  // ── 2. purchase proofs: verified, rejected, pending ──
  let pending = await pendingProofIds(db, 3);
  if (pending.length < 3) {
    const withoutProof = crowdReviews.slice(0, 3 - pending.length);
    for (const [i, r] of withoutProof.entries()) {
      const accountId = r.account_id;
      await insertPendingReviewProof(db, { reviewId: r.id, accountId, orderNumber: `DEMO2026${1000 + i}`, at: new Date(nowMs - (6 - i) * dayMs) });
    }
    pending = await pendingProofIds(db, 3);
  }
  if (pending[0]) await mod.decideProof(db, chen, { id: pending[0].id, decision: 'approve', note: '订单截图与评价的购买日期、金额一致。' }, nowMs - 4 * dayMs).catch(() => {});
  if (pending[1]) await mod.decideProof(db, lin, { id: pending[1].id, decision: 'reject', note: '截图的订单时间晚于评价发布时间，且商品不符。' }, nowMs - 3 * dayMs).catch(() => {});

  // ── 3. 跑路: confirm an exit_scam incident on 快发卡盟 ──
  if (kuaifa) {
    let incidentId = await firstOpenIncidentId(db, kuaifa, 'exit_scam');
    const complainerId = ctx.accounts.get(personas.complainer.handle);
    if (incidentId === null && complainerId) {
      const body = renderUserText('3 月初在快发卡盟预存了 800 元余额用于话费充值，月中网站打不开，客服 QQ 群解散，余额无法提现。附订单与转账记录截图（仅审核员可见）。');
      incidentId = await insertSeedIncident(db, {
        caseNo: 'KP-DEMO-0001', platformId: kuaifa, reporterId: complainerId, kind: 'exit_scam', occurredOn: new Date(nowMs - 23 * dayMs),
        amountCents: 80_000, bodySource: body.source, bodyHtml: body.html, createdAt: new Date(nowMs - 22 * dayMs),
      });
    }
    if (incidentId !== null) {
      await mod.decideIncident(db, chen, { id: incidentId, decision: 'confirm', note: '核实 9 份订单截图与转账记录；网站与客服群同日关闭，确认跑路。' }, nowMs - 21 * dayMs).catch((e) => ctx.log(`moderation seed: incident: ${(e as Error).message}`));
    }
  }

  // ── 4. removals and appeals: one overturned by the other moderator, one pending ──
  const spam = crowdReviews.find((r) => r.rating === 1) ?? crowdReviews[4];
  const harsh = crowdReviews.find((r) => r !== spam && r.rating <= 3) ?? crowdReviews[3];
  if (spam) {
    await mod.removePost(db, lin, { kind: 'review', id: spam.id, reason: 'spam', note: '留联系方式导流到其他渠道。' }, nowMs - 10 * dayMs).catch(() => {});
    const author = memberActor(ctx, spam.handle);
    if (author) await mod.fileAppeal(db, author, { kind: 'review', id: spam.id, body: '我只是想提醒大家有更便宜的渠道，不是广告。' }, nowMs - 9 * dayMs).catch(() => {});
  }
  if (harsh) {
    await mod.removePost(db, chen, { kind: 'review', id: harsh.id, reason: 'off_topic', note: '内容与购买体验无关。' }, nowMs - 8 * dayMs).catch(() => {});
    const author = memberActor(ctx, harsh.handle);
    if (author) {
      const filed = await mod.fileAppeal(db, author, { kind: 'review', id: harsh.id, body: '我写的是客服晚上不在线，这就是我的购买体验。' }, nowMs - 7 * dayMs).catch(() => null);
      if (filed) await mod.decideAppeal(db, lin, { appealId: filed.appealId, decision: 'overturn', note: '复核：内容描述了客服响应，属于购买体验，恢复。' }, nowMs - 6 * dayMs).catch(() => {});
    }
  }

  // ── 5. open flags for the queue ──
  const flaggers = ['honestBuyer', 'longTimeBuyer', 'newBuyer'] as const;
  for (const [i, r] of crowdReviews.filter((r) => r !== spam && r !== harsh).slice(0, 3).entries()) {
    for (const key of flaggers.slice(0, 3 - i)) {
      const p = personas[key];
      const actor = memberActor(ctx, p.handle);
      if (!actor || actor.id === r.account_id) continue;
      await mod.createFlag(db, actor, { targetKind: 'review', targetId: r.id, reason: i === 0 ? 'brushing' : i === 1 ? 'off_topic' : 'other', note: i === 2 ? '评价里贴了一个看起来像卡密的字符串。' : '' }, nowMs - (2 - i) * hourMs, nowMs - p.ageDays * dayMs).catch(() => {});
    }
  }
  ctx.log('moderation: ring removed, proofs decided, 跑路 confirmed, appeals and flags added');
}

export const moderationSeeder: NamedSeeder = { name: 'moderation', run: seedModeration };
