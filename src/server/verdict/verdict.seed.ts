// Demo data for the verdict: verified-purchase reviews from established members on a few
// licensed companies, so that 靠谱 — which needs reviews that support it — appears on a
// first start. Written through the review service, like every other demo review; runs
// after the other domains' seeders and before the search index and the ranking.
import type { NamedSeeder, SeedContext } from '../seed/context.ts';
import { crowd, personas } from '../../../db/seed/personas.ts';
import { wellReviewedLicensedSlugs } from '../../../db/seed/platforms.ts';
import { attachProof, createReview } from '../reviews/review.service.ts';
import { writeReviewProofDecision } from '../reviews/review.repository.ts';
import { approvedPlatformNames } from '../platforms/platform.repository.ts';
import { hourMs, dayMs } from '../time.ts';

const noUploads = { config: { uploadDir: '/nonexistent' } };

/** [rating, category, text]: long-term buyers' experiences, with what the article asks about. */
const bodies: Array<[number, 'game_cards' | 'video_memberships' | 'phone_topup' | 'course_codes', string]> = [
  [5, 'game_cards', '买了一年多的点卡，每单都能在后台查到卡密批次和来源，失效的卡当天补发。'],
  [5, 'video_memberships', '会员卡自动发货，有一次买错了，未使用的卡密直接在系统里一键退款，钱原路退回。'],
  [4, 'phone_topup', '话费到账稳定，付款走担保交易，确认到账后才结算，心里踏实。扣一星是高峰期偶尔要等十几分钟。'],
  [5, 'game_cards', '做小店对接了他们的 API，批量下单很稳，对账工具也好用，售后有专人对接。'],
  [4, 'course_codes', '课程兑换码都能激活，页面写清了有效期和退款规则，没有四十八小时那种限制。'],
  [5, 'video_memberships', '登录有两步验证，页面全站 HTTPS，客服半夜也有人回，用了两年没出过问题。'],
];

async function seed(ctx: SeedContext): Promise<void> {
  const rows = await approvedPlatformNames(ctx.db, wellReviewedLicensedSlugs);
  const modId = ctx.accounts.get(personas.moderator.handle)!;
  // Established members only (a year or more), so the reviews carry weight as real buyers' would.
  const reviewers = crowd.filter((c) => c.ageDays >= 365);
  let written = 0;
  for (const [n, p] of rows.entries()) {
    for (let j = 0; j < bodies.length; j++) {
      const who = reviewers[(n * 7 + j * 3) % reviewers.length]!;
      const accountId = ctx.accounts.get(who.handle);
      if (!accountId) continue;
      const [rating, cat, body] = bodies[(n + j) % bodies.length]!;
      const at = ctx.nowMs - (20 + ((n * 31 + j * 47) % 300)) * dayMs;
      try {
        const { id } = await createReview(ctx.db, accountId, {
          platformId: Number(p.id), rating, ratingService: rating, ratingRisk: 5, ratingValue: 4, ratingAfterSales: rating,
          productCategory: cat, productName: '', amountBand: '200_1000', purchasedOn: new Date(at - 2 * dayMs).toISOString().slice(0, 10),
          body: `${body}（${p.nameZh}）`,
        }, at);
        const { proofId } = await attachProof(ctx.db, noUploads, accountId, { reviewId: id }, { orderNumber: `VD${String(id).padStart(6, '0')}` }, at + hourMs);
        // What a moderator's decision writes (as the reviews seeder does for its verified proofs).
        await writeReviewProofDecision(ctx.db, { proofId, reviewId: id, state: 'verified', reviewedBy: modId, at: new Date(at + 2 * dayMs) });
        written++;
      } catch {
        /* this member already reviewed that platform: skip */
      }
    }
  }
  ctx.log(`verdict: ${written} verified reviews on licensed companies`);
}


export const verdictSeeder: NamedSeeder = { name: 'verdict', run: seed };
