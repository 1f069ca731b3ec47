// Demo reviews, follow-ups, proofs in every state, case reports, incidents in every status,
// helpful votes and an official reply — written through the services (so the demo data
// obeys the same rules as users), at past times relative to ctx.nowMs. The shill ring's
// reviews are NOT here: the moderation seeder creates (and removes) them.
import type { NamedSeeder, SeedContext } from '../seed/context.ts';
import { demoPlatforms, demoPlatformSlugs } from '../../../db/seed/platforms.ts';
import { personas, crowd } from '../../../db/seed/personas.ts';
import type { ReviewTag } from './review-tags.ts';
import { addFollowUp, attachProof, createReview, fileCaseReport, postOfficialReply, vote } from './review.service.ts';
import { addPlatformReply, addReporterUpdate, closeStaleIncidents, fileIncident, resolveIncident } from '../incidents/incident.service.ts';
import type { FollowUpOutcome } from './review.table.ts';
import { hourMs, dayMs } from '../time.ts';
import { insertVerifiedRepresentative, findLiveReviewId, writeCaseReportProofVerified, writeReviewProofDecision } from './review.repository.ts';
import { findIncidentRef, writeIncidentAccepted, writeIncidentRejected } from '../incidents/incident.repository.ts';
import { approvedPlatformIdsBySlug } from '../platforms/platform.repository.ts';

const noUploads = { config: { uploadDir: '/nonexistent' } }; // the demo attaches order numbers only, never files

type Cat = 'game_cards' | 'video_memberships' | 'phone_topup' | 'course_codes' | 'other';
interface DemoReview {
  by: string; daysAgo: number; rating: number; cat: Cat; product?: string; amount?: string; body: string;
  dims?: [number | null, number | null, number | null, number | null];
  proof?: 'pending' | 'verified' | 'rejected'; proofReason?: string;
  followUps?: Array<{ afterDays: number; rating: number; outcome?: FollowUpOutcome; body: string }>;
  /** what the author said it is about (review-tags.ts) */
  tags?: ReviewTag[];
}

const c = (i: number) => crowd[i - 1]!.handle;

const xingyao: DemoReview[] = [
  { by: personas.honestBuyer.handle, daysAgo: 420, rating: 5, cat: 'game_cards', product: '王者荣耀点券 6480', amount: '1000_5000', dims: [5, 5, 4, 5], proof: 'verified', tags: ['arrival', 'refund', 'invalid_key'],
    body: '在星耀买了快两年的游戏点卡，前后三十多单。卡密都是自动发货，最慢一次也就两分钟。有一次买错面值，没用过的卡密客服当天就给退了，没有扯皮。\n\n页面上写了卡密来源，能查到批次，这点比很多小站靠谱。',
    followUps: [{ afterDays: 95, rating: 5, body: '三个月后追评：又买了十几单，依旧稳定。中间有一张卡提示已使用，提交截图后半小时补发了新卡。' }] },
  { by: personas.longTimeBuyer.handle, daysAgo: 610, rating: 4, cat: 'video_memberships', product: '视频会员年卡', amount: '200_1000', dims: [4, 4, 4, 4], proof: 'verified', tags: ['arrival', 'support', 'price'],
    body: '主要买视频会员年卡给家里人用。价格比官方活动价略高一点，但胜在稳定，到账快。扣一星是因为客服晚上十一点以后基本找不到人。',
    followUps: [{ afterDays: 210, rating: 4, outcome: 'key_replaced', body: '半年多以后追评：有一张月卡激活失败，联系客服第二天补发了，整体还是满意的。' }] },
  { by: personas.carefulBuyer.handle, daysAgo: 150, rating: 3, cat: 'phone_topup', product: '移动话费 100 元', amount: '50_200', dims: [3, 3, 4, 2], proof: 'pending', tags: ['arrival', 'support'],
    body: '话费充值显示成功，但实际到账等了将近六个小时，中间问客服只说“通道拥堵请耐心等待”。最后是到了，不过急用的话别在这里充。' },
  { by: personas.newBuyer.handle, daysAgo: 8, rating: 4, cat: 'course_codes', product: '考研网课兑换码', amount: '200_1000',
    body: '第一次在卡盟买课程兑换码，有点担心，结果下单后一分钟就收到了，激活正常。新手一枚，先给四星观察一下。' },
  { by: c(1), daysAgo: 25, rating: 5, cat: 'game_cards', product: '原神创世结晶', amount: '200_1000', proof: 'verified', body: '原神结晶充值秒到，比官方渠道便宜一些。客服回复也挺快的，问了两个问题都有耐心解答。' },
  { by: c(2), daysAgo: 120, rating: 4, cat: 'game_cards', amount: '50_200', body: '点卡价格适中，后台订单记录很清楚，每张卡密都能看到购买时间，对账方便。' },
  { by: c(3), daysAgo: 200, rating: 5, cat: 'video_memberships', product: '音乐会员季卡', amount: 'lt50', body: '买过三次音乐会员，每次都顺利。退款规则写得明白：没用过的卡密可以申请退，不设四十八小时的限制。' },
  { by: c(4), daysAgo: 75, rating: 2, cat: 'phone_topup', product: '联通话费 50 元', amount: '50_200', proof: 'rejected', proofReason: '截图中的订单号与填写的订单号不一致', tags: ['refund', 'support'],
    body: '充了两次联通话费，一次正常，一次说失败了退回余额，但退回余额要等三天，体验不好。',
    followUps: [{ afterDays: 30, rating: 3, outcome: 'refund_granted', body: '一个月后补充：余额最后退回来了，而且客服主动解释了是上游通道的问题，给个中评吧。' }] },
  { by: c(5), daysAgo: 300, rating: 5, cat: 'game_cards', product: '和平精英点券', amount: '200_1000', proof: 'pending', body: '老用户了，开了 API 接口给自己的小店对接，一年多没出过大问题。售后群里有人值班。' },
  { by: c(6), daysAgo: 60, rating: 4, cat: 'other', product: '网盘会员', amount: 'lt50', body: '网盘会员便宜，自动发货。唯一不足是商品分类有点乱，找了半天。' },
  { by: c(7), daysAgo: 45, rating: 3, cat: 'course_codes', amount: '50_200', body: '课程码能用，但商品说明里写的有效期和实际不一样，少了一个月。客服说以实际为准，有点无语。' },
  { by: c(8), daysAgo: 500, rating: 5, cat: 'video_memberships', amount: '50_200', proof: 'verified', body: '用了一年多，从来没遇到卡密失效。登录有两步验证，账户安全做得比别家好。' },
  { by: c(9), daysAgo: 33, rating: 4, cat: 'phone_topup', amount: '50_200', body: '话费一般十分钟内到账，偶尔高峰期慢一点，能接受。' },
  { by: c(10), daysAgo: 260, rating: 5, cat: 'game_cards', product: '英雄联盟点券', amount: '50_200', body: '页面干净没有乱七八糟的弹窗广告，付款走的是担保交易，心里踏实。' },
  { by: c(11), daysAgo: 18, rating: 4, cat: 'video_memberships', amount: 'lt50', body: '月卡秒发，价格不是最低但也不贵。希望以后能支持更多支付方式。' },
  { by: c(12), daysAgo: 140, rating: 1, cat: 'game_cards', product: '某手游礼包码', amount: '50_200', tags: ['refund', 'after_sales'],
    body: '买的礼包码提示已被领取，找客服要求退款，说要先提供录屏证明。录了屏也等了两天才处理，体验很差。',
    followUps: [{ afterDays: 5, rating: 2, outcome: 'refund_granted', body: '五天后追评：钱退了，但流程太麻烦，礼包码这种商品建议大家谨慎。' }] },
];

const kuaifa: DemoReview[] = [
  { by: c(19), daysAgo: 330, rating: 5, cat: 'game_cards', amount: '200_1000', body: '快发名字没白起，点卡下单几秒就到。价格比其他家便宜一成左右。',
    followUps: [{ afterDays: 300, rating: 1, outcome: 'refund_no_answer', body: '十个月后追评：余额里还有八百多提不出来，客服不回消息，网站也打不开了。当初便宜就是个坑。' }] },
  { by: c(20), daysAgo: 280, rating: 4, cat: 'phone_topup', amount: '50_200', proof: 'verified', body: '话费折扣很大，九折左右，到账也不慢。就是客服只有一个 QQ，没有工单系统。',
    followUps: [{ afterDays: 255, rating: 1, outcome: 'refund_refused', body: '追评：最近充值一直“处理中”，申请退款被拒，说要等上游结算。现在整个站都没了。' }] },
  { by: c(21), daysAgo: 240, rating: 5, cat: 'game_cards', amount: '1000_5000', body: '做代理拿货的，利润空间大，出货快，推荐给身边朋友了。',
    followUps: [{ afterDays: 215, rating: 1, outcome: 'key_not_replaced', body: '后悔推荐。最后一批卡密一半失效，说好的补发一直没补，群也解散了。' }] },
  { by: c(22), daysAgo: 190, rating: 4, cat: 'video_memberships', amount: '50_200', body: '会员卡价格确实低，不过要求先充值余额才能买，心里有点不踏实。',
    followUps: [{ afterDays: 165, rating: 1, outcome: 'refund_no_answer', body: '不踏实是对的。余额两百多没了，联系不上任何人。' }] },
  { by: c(23), daysAgo: 90, rating: 2, cat: 'game_cards', amount: '200_1000', tags: ['arrival', 'withdrawal'], body: '最近到账越来越慢，客服说在升级系统。充值活动倒是天天有，“充一千送一百”，感觉不太对劲。' },
  { by: c(24), daysAgo: 150, rating: 3, cat: 'phone_topup', amount: 'lt50', tags: ['refund', 'price'], body: '话费能到，但是退款要扣百分之十的手续费，规则是下单后才在页面角落看到的。' },
  { by: personas.complainer.handle, daysAgo: 24, rating: 1, cat: 'game_cards', product: '点卡批发', amount: '1000_5000', proof: 'verified', dims: [1, 1, 2, 1], tags: ['withdrawal', 'support'],
    body: '预存了三千块做批发，十月底开始提现一直“审核中”。客服先说系统维护，后来直接把我拉黑。网站现在已经打不开，大家千万别再充值。' },
];

const xiaolu: DemoReview[] = [
  { by: c(29), daysAgo: 120, rating: 4, cat: 'game_cards', amount: 'lt50', body: '小鹿是个人工作室，规模不大，但站长自己回消息，问题当天就能解决。' },
  { by: c(30), daysAgo: 70, rating: 3, cat: 'video_memberships', amount: 'lt50', proof: 'pending', body: '东西没问题，就是品类太少，有时候缺货要等补货。' },
  { by: c(31), daysAgo: 40, rating: 5, cat: 'game_cards', product: '我的世界点券', amount: 'lt50', body: '买了好几次小额点券，每次都很顺利，站长还会提醒哪些商品近期有风险。' },
];

const haoping: DemoReview[] = [
  { by: c(32), daysAgo: 50, rating: 2, cat: 'game_cards', amount: '50_200', body: '下单后客服私聊我，说写五星好评截图给他就返五块钱。卡密倒是能用，但这种做法让人不放心它那些好评。' },
  { by: c(33), daysAgo: 35, rating: 1, cat: 'game_cards', amount: '200_1000', proof: 'verified', body: '买到的点卡充值时提示“该卡已被冻结”，怀疑是盗刷来的黑卡。找客服只给退一半。',
    followUps: [{ afterDays: 20, rating: 1, outcome: 'refund_refused', body: '追评：剩下一半也不给退了，说是上游的问题与他们无关。' }] },
  { by: c(34), daysAgo: 22, rating: 3, cat: 'video_memberships', amount: 'lt50', body: '会员卡正常使用。只是首页那些清一色的五星好评看着太假了，全是新号发的。' },
  { by: c(35), daysAgo: 12, rating: 2, cat: 'phone_topup', amount: '50_200', body: '话费等了一天才到，客服一直让我先确认收货再说。' },
];

const jinniu: DemoReview[] = [
  { by: c(36), daysAgo: 400, rating: 4, cat: 'game_cards', amount: '1000_5000', body: '做金牛代理一年，前期拿货还行，保证金五千。',
    followUps: [{ afterDays: 245, rating: 1, outcome: 'refund_refused', body: '追评：平台关站前两周还在招代理收保证金，我的保证金至今没退。' }] },
  { by: c(37), daysAgo: 250, rating: 2, cat: 'game_cards', amount: '200_1000', body: '到账越来越慢，代理群里天天有人问提现的事，管理员只会发广告。' },
];

// Short, distinct bodies for the generated directory platforms.
const generic: Array<[number, Cat, string]> = [
  [4, 'game_cards', '小额点卡买过几次，到账正常，客服响应一般。'],
  [5, 'video_memberships', '会员卡自动发货，价格合理，暂时没遇到问题。'],
  [3, 'phone_topup', '话费能到，但高峰期要等一两个小时，说明里没有写。'],
  [2, 'game_cards', '一张卡密无效，补发拖了三天，售后需要改进。'],
  [4, 'course_codes', '课程兑换码能正常激活，页面有写清楚有效期。'],
  [5, 'other', '网盘和工具类会员都有，一直用着挺顺手。'],
  [3, 'game_cards', '价格比别家便宜，但客服只有工作日在线，周末出问题没人管。'],
  [1, 'phone_topup', '话费充了两天没到账，退款还要扣手续费，不推荐。'],
  [4, 'video_memberships', '用了三个月，只有一次激活失败，客服很快处理好了。'],
  [2, 'other', '商品描述和实际不符，买的是月卡，到手是周卡。'],
];

function isoDay(ms: number): string {
  return new Date(ms + 8 * hourMs).toISOString().slice(0, 10);
}

async function seedReviews(ctx: SeedContext, platformId: number, list: DemoReview[], modId: number): Promise<number[]> {
  const ids: number[] = [];
  for (const r of list) {
    const accountId = ctx.accounts.get(r.by);
    if (!accountId) continue;
    const at = ctx.nowMs - r.daysAgo * dayMs;
    const { id } = await createReview(ctx.db, accountId, {
      platformId, rating: r.rating, ratingService: r.dims?.[0] ?? null, ratingRisk: r.dims?.[1] ?? null, ratingValue: r.dims?.[2] ?? null,
      ratingAfterSales: r.dims?.[3] ?? null, productCategory: r.cat, productName: r.product ?? '', amountBand: r.amount ?? 'unknown',
      purchasedOn: isoDay(at - 2 * dayMs), body: r.body, tags: r.tags,
    }, at);
    ids.push(id);
    if (r.proof) {
      const order = `KM${isoDay(at).replace(/-/g, '')}${String(id).padStart(5, '0')}`;
      const { proofId } = await attachProof(ctx.db, noUploads, accountId, { reviewId: id }, { orderNumber: order }, at + hourMs);
      if (r.proof !== 'pending') {
        // What a moderator's decision writes (the moderation service owns this step for real users).
        await writeReviewProofDecision(ctx.db, { proofId, reviewId: id, state: r.proof, reason: r.proofReason ?? null, reviewedBy: modId, at: new Date(at + 2 * dayMs) });
      }
    }
    for (const f of r.followUps ?? []) {
      await addFollowUp(ctx.db, accountId, { reviewId: id, rating: f.rating, outcome: f.outcome ?? null, body: f.body }, at + f.afterDays * dayMs);
    }
  }
  return ids;
}

async function seed(ctx: SeedContext): Promise<void> {
  const platforms = await approvedPlatformIdsBySlug(ctx.db);
  const modId = ctx.accounts.get(personas.moderator.handle)!;
  const pid = (slug: string) => platforms.get(slug);
  const xingyaoId = pid(demoPlatformSlugs.reputable);
  const kuaifaId = pid(demoPlatformSlugs.exitScam);
  const xiaoluId = pid(demoPlatformSlugs.small);
  const haopingId = pid(demoPlatformSlugs.shillTarget);
  const jinniuId = pid(demoPlatformSlugs.secondExitScam);
  const reviewIds: number[] = [];

  if (xingyaoId) reviewIds.push(...(await seedReviews(ctx, xingyaoId, xingyao, modId)));
  if (kuaifaId) reviewIds.push(...(await seedReviews(ctx, kuaifaId, kuaifa, modId)));
  if (xiaoluId) reviewIds.push(...(await seedReviews(ctx, xiaoluId, xiaolu, modId)));
  if (haopingId) reviewIds.push(...(await seedReviews(ctx, haopingId, haoping, modId)));
  if (jinniuId) reviewIds.push(...(await seedReviews(ctx, jinniuId, jinniu, modId)));

  // A few reviews on the other directory platforms, from crowd members whose accounts are old enough.
  const named = new Set(Object.values(demoPlatformSlugs));
  const others = demoPlatforms.filter((p) => !named.has(p.slug) && platforms.has(p.slug) && (p.approval ?? 'approved') === 'approved');
  let k = 0;
  for (const [i, p] of others.entries()) {
    const n = 1 + (i * 7) % 4;
    const list: DemoReview[] = [];
    for (let j = 0; j < n; j++, k++) {
      const [rating, cat, body] = generic[k % generic.length]!;
      const who = crowd[(k * 13) % crowd.length]!;
      list.push({ by: who.handle, daysAgo: Math.min(who.ageDays - 1, 10 + ((k * 37) % 300)), rating, cat, body: `${body}（${p.nameZh}）` });
    }
    reviewIds.push(...(await seedReviews(ctx, platforms.get(p.slug)!, list, modId)));
  }

  // Helpful votes from the crowd (never on one's own post).
  for (const [n, reviewId] of reviewIds.entries()) {
    const votes = 1 + (n * 5) % 7;
    for (let j = 0; j < votes; j++) {
      const voter = crowd[(n * 3 + j * 11) % crowd.length]!;
      const voterId = ctx.accounts.get(voter.handle)!;
      try {
        await vote(ctx.db, voterId, { kind: 'review', targetId: reviewId, value: (n + j) % 6 === 0 ? -1 : 1 }, ctx.nowMs - j * hourMs);
      } catch { /* own review: skip */ }
    }
  }

  // xingyao_official: a verified representative of 星耀卡盟, with an official reply.
  const repId = ctx.accounts.get(personas.platformRep.handle);
  if (xingyaoId && repId) {
    await insertVerifiedRepresentative(ctx.db, {
      platformId: xingyaoId, accountId: repId, evidence: '在星耀官网公告页发布了验证码 KP-XY-2026，并使用企业邮箱 rep@xingyao.example 联系。',
      decidedBy: modId, decidedAt: new Date(ctx.nowMs - 300 * dayMs), createdAt: new Date(ctx.nowMs - 302 * dayMs),
    });
    const careful = await findLiveReviewId(ctx.db, ctx.accounts.get(personas.carefulBuyer.handle)!, xingyaoId);
    if (careful !== null) {
      await postOfficialReply(ctx.db, repId, { kind: 'review', targetId: careful, body: '您好，当天移动充值通道确实出现拥堵，已在公告中说明。我们已新增通道拥堵时的自动退款选项，给您带来不便非常抱歉。' }, ctx.nowMs - 148 * dayMs);
    }
  }

  // Case reports from the reseller personas.
  const qiang = ctx.accounts.get(personas.reseller.handle);
  const mei = ctx.accounts.get(personas.reseller2.handle);
  const cases: Array<[number | undefined, number | undefined, Parameters<typeof fileCaseReport>[3], number, 'verified' | 'pending' | null]> = [
    [qiang, xingyaoId, { platformId: 0, sinceOn: isoDay(ctx.nowMs - 820 * dayMs), volume: '50k_200k', products: '游戏点卡、视频会员', usesApi: true, wouldContinue: true,
      body: '从星耀拿货两年多，API 对接稳定，高峰期也很少掉单。售后有专人对接分销商，失效卡密一般当天补发。结算按周，从没拖过款。', orderNumber: 'XY-B2B-2024-0315' }, 30, 'verified'],
    [qiang, kuaifaId, { platformId: 0, sinceOn: isoDay(ctx.nowMs - 300 * dayMs), volume: '10k_50k', products: '游戏点卡',
      usesApi: false, wouldContinue: false, body: '进货价低得不正常，要求预存大额余额才给批发价。后期补发越来越慢，我及时把余额提了出来，身边几个代理没提出来。' }, 40, null],
    [mei, xiaoluId, { platformId: 0, sinceOn: isoDay(ctx.nowMs - 400 * dayMs), volume: '1k_10k', products: '小额点卡、音乐会员',
      usesApi: false, wouldContinue: true, body: '工作室规模小，但站长对分销商很实在，缺货会提前告知，售后问题基本当天解决。', orderNumber: 'XL-20250920-77' }, 60, 'pending'],
    [mei, xingyaoId, { platformId: 0, sinceOn: isoDay(ctx.nowMs - 500 * dayMs), volume: '10k_50k', products: '视频会员',
      usesApi: true, wouldContinue: true, body: '会员类商品货源稳定，API 文档写得清楚。偶尔价格调整通知得比较晚，其余满意。' }, 90, null],
  ];
  for (const [accountId, platformId, input, daysAgo, proofState] of cases) {
    if (!accountId || !platformId) continue;
    const at = ctx.nowMs - daysAgo * dayMs;
    const r = await fileCaseReport(ctx.db, noUploads, accountId, { ...input, platformId }, at);
    if (proofState === 'verified') {
      await writeCaseReportProofVerified(ctx.db, { caseReportId: r.id, reviewedBy: modId, at: new Date(at + dayMs) });
    }
  }

  // Incidents in every status.
  const incidentOf = async (caseNo: string) => {
    const i = await findIncidentRef(ctx.db, caseNo);
    if (!i) throw new Error(`reviews seed: case ${caseNo} was just filed but is not found`);
    return i;
  };
  const accept = async (caseNo: string, at: number) => {
    const i = await incidentOf(caseNo);
    await writeIncidentAccepted(ctx.db, { incidentId: i.id, moderatorId: modId, at: new Date(at) });
  };
  const file = async (handle: string, platformId: number | undefined, daysAgo: number, kind: string, body: string, amountYuan?: number) => {
    const accountId = ctx.accounts.get(handle);
    if (!accountId || !platformId) return null;
    const at = ctx.nowMs - daysAgo * dayMs;
    const r = await fileIncident(ctx.db, noUploads, accountId, { platformId, kind, occurredOn: isoDay(at - 2 * dayMs), orderNumber: `ORD${Math.floor(at / 1000)}`, amountYuan: amountYuan ?? null, body }, at);
    return { caseNo: r.caseNo, at, accountId };
  };

  // 跑路 on kuaifa-ka: accepted more than 15 days ago and never answered → unresolved.
  const k1 = await file(personas.complainer.handle, kuaifaId, 23, 'exit_scam', '预存余额 3000 元无法提现，客服失联，网站于十一月初关闭。附转账记录与聊天截图（已提交给审核员）。', 3000);
  if (k1) {
    await accept(k1.caseNo, k1.at + dayMs);
    await addReporterUpdate(ctx.db, k1.accountId, { caseNo: k1.caseNo, body: '补充：同一个 QQ 群里至少还有十几个人没提出余额，已有人去派出所报案。' }, k1.at + 4 * dayMs);
  }
  const k2 = await file(c(20), kuaifaId, 22, 'withdrawal_blocked', '代理账户余额 860 元申请提现一直显示“审核中”，三周无人处理。', 860);
  if (k2) await accept(k2.caseNo, k2.at + 2 * dayMs);
  const k3 = await file(c(22), kuaifaId, 3, 'exit_scam', '网站打不开了，充值的两百多元余额怎么办？有没有人联系上站长？', 230);
  const k4 = await file(c(21), kuaifaId, 30, 'invalid_keys', '最后一批卡密一半失效，申请补发无人处理。这是我第二次提交同一件事。', 1200);
  if (k4) {
    const i = await incidentOf(k4.caseNo);
    await writeIncidentRejected(ctx.db, { incidentId: i.id, moderatorId: modId, reason: '与本人此前提交的案件重复，已合并处理。', at: new Date(k4.at + dayMs) });
  }
  void k3; // stays 'submitted'

  // 星耀: one resolved after the platform replied, one where the platform replied and the reporter has not confirmed yet.
  const x1 = await file(c(5), xingyaoId, 40, 'invalid_keys', '一次买了二十张点卡，其中三张提示已被使用，订单号已提交。', 180);
  if (x1 && repId) {
    await accept(x1.caseNo, x1.at + dayMs);
    await addPlatformReply(ctx.db, repId, { caseNo: x1.caseNo, body: '已核实三张卡密为上游重复出库，已为您补发新卡并延长质保期，抱歉。' }, x1.at + 2 * dayMs);
    await resolveIncident(ctx.db, x1.accountId, { caseNo: x1.caseNo, note: '补发的卡都能用，问题解决了。' }, x1.at + 3 * dayMs);
  }
  const x2 = await file(c(7), xingyaoId, 7, 'refund_refused', '课程兑换码有效期与描述不符，申请退款被拒绝，客服说已激活不能退。', 299);
  if (x2 && repId) {
    await accept(x2.caseNo, x2.at + dayMs);
    await addPlatformReply(ctx.db, repId, { caseNo: x2.caseNo, body: '商品说明已更正。该兑换码由上游设定有效期，我们愿意按剩余时长比例退款，请在工单中确认。' }, x2.at + 3 * dayMs);
  }
  // 小鹿: resolved quickly by the reporter.
  const s1 = await file(c(30), xiaoluId, 60, 'refund_refused', '缺货商品付款后一直不发货，申请退款没有回复。', 45);
  if (s1) {
    await accept(s1.caseNo, s1.at + dayMs);
    await resolveIncident(ctx.db, s1.accountId, { caseNo: s1.caseNo, note: '站长看到后当天退了全款。' }, s1.at + 2 * dayMs);
  }
  // 好评卡盟: black keys, accepted recently (still within 15 days).
  const h1 = await file(c(33), haopingId, 9, 'black_keys', '买到的点卡充值时提示该卡已被冻结，疑似盗刷卡，平台只肯退一半。', 420);
  if (h1) await accept(h1.caseNo, h1.at + dayMs);
  // 金牛卡门: old 跑路 case, never resolved.
  const j1 = await file(c(36), jinniuId, 158, 'exit_scam', '代理保证金 5000 元未退，主站停止解析，客服全部失联。', 5000);
  if (j1) await accept(j1.caseNo, j1.at + dayMs);
  const j2 = await file(c(37), jinniuId, 150, 'data_leak', '关站后我注册用的手机号开始频繁收到诈骗短信，怀疑用户数据被卖。');
  if (j2) await accept(j2.caseNo, j2.at + 2 * dayMs);

  // Persist the 15-day rule for everything the demo just aged.
  await closeStaleIncidents(ctx.db, ctx.nowMs);
  ctx.log(`reviews: ${reviewIds.length} reviews`);
}

export const reviewsSeeder: NamedSeeder = { name: 'reviews', run: seed };
