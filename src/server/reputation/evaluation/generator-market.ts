// The third evaluation generator, "market": synthetic worlds of the 卡盟 review market as the
// field describes it (docs/seed-article.md; issue 14's list of realities), written as a
// held-out judge of the reputation model.
//
// Independence rule (issue 14): this file was written reading ONLY the model's input format
// (../types.ts), prng.ts, run.ts (how worlds are used), the exported types/constants at the top
// of generator.ts (AttackKind, ATTACK_KINDS, World, NOW_MS), scripts/eval-reputation.ts,
// src/server/time.ts, docs/seed-article.md and docs/DESIGN.md — never the model's code, config or
// reasons, nor the bodies of generator.ts and generator-field.ts. Every constant below was chosen
// before the model was ever run on these worlds and must not be tuned by looking at its scores:
// a generator tuned to the model no longer judges it. Change the realities, not the figures.
//
// What it models
// - Honest market: 40–100 platforms with a Zipf-like long tail of popularity; new platforms
//   (months old) and veterans (5+ years; the article trusts those "成立3年以上"); a few bad ones
//   (true quality 1.5–2.5) that still sell and get reviewed. Ratings are J-shaped: a buyer is
//   either satisfied (mostly 5★) or not (mostly 1★), few middles; the platform's quality is the
//   share of satisfied buyers.
// - Buyers write short, formulaic texts from one phrase pool the whole market shares (到账很快,
//   客服回复及时, 卡密都能用 …) with the product and the amount changing; many write nothing;
//   some texts are exact copies of other honest buyers' texts.
// - Customers with histories (2–6 platforms over months or years) beside one-off new buyers
//   (account made days before their only review, no proof). Proofs: some verified, some
//   pending, many none, a few rejected (the wrong order uploaded).
// - 追评 weeks later (the article: 追评 shows the long-term experience), sometimes lower;
//   platforms that changed owner/quality (their ratings drift); promotions (双十一, 618, 五一,
//   the new-year sale) that bring a week of honest reviews from new and old customers alike;
//   a few honest accounts sharing a fingerprint (网吧, a family, a campus NAT).
// - Attacks (the article's 刷单造假 and 托儿): ring, smear, camouflage, dormant sleepers, a slow
//   drip, and brushing with verified small orders; and a genuine complaint wave of a platform
//   starting to 跑路 (提现不了 / 余额冻结 / 客服失联), partly as downgrading 追评.
// Labels (`fake`, `filler`, `targetId`, `trueQuality`) stay beside the model input, never in it.
import { DIMENSIONS, type AccountInput, type Dimension, type FollowUpInput, type PlatformInput, type ProofState, type ReviewInput } from '../types.ts';
import { dayMs } from '../../time.ts';
import { createRng, type Rng } from './prng.ts';
import { ATTACK_KINDS, NOW_MS, type AttackKind, type World } from './generator.ts';

// ───────────────────────────── constants (each with its why) ─────────────────────────────

/** Salt of this generator's random streams, so seed 1 here is not seed 1 of the other generators. ("mark" in ASCII.) */
const MARKET_SALT = 0x6d61726b;
/** Platform count range of a world: issue 14 asks for 40–100 (a niche directory, not an app store). */
const PLATFORM_COUNT_RANGE = [40, 100] as const;
/** Honest reviews per platform on average (world total = platforms × this): enough that a mid-tail platform has tens of reviews, while the largest world (100 × 85 + bursts + an attack) stays well under the harness's ~15k. */
const HONEST_REVIEWS_PER_PLATFORM_RANGE = [55, 85] as const;
/** Exponent of the Zipf popularity law (Zipf 1949; web-shop popularity is commonly ~1): the top platform gets about as many reviews as the next few together. */
const ZIPF_EXPONENT_RANGE = [0.9, 1.2] as const;
/** Every platform gets at least this many honest reviews: a listed platform nobody ever reviewed would not be in a ranking at all. */
const MIN_HONEST_REVIEWS_PER_PLATFORM = 6;
/** The review site's own age: accounts and reviews are no older than this (platforms can be: they predate the site). */
const SITE_AGE_DAYS = 4 * 365;
/** Share of platforms that are new (months old): the article's 低门槛 market keeps opening shops. */
const NEW_PLATFORM_SHARE = 0.2;
/** Age of a new platform in days. */
const NEW_PLATFORM_AGE_DAYS = [60, 300] as const;
/** Share of veterans (5–8 years): the article's "成立3年以上、用户评价稳定" platforms exist in numbers. */
const VETERAN_PLATFORM_SHARE = 0.3;
const VETERAN_PLATFORM_AGE_DAYS = [5 * 365, 8 * 365] as const;
/** The rest are 1–5 years old. */
const MIDDLE_PLATFORM_AGE_DAYS = [365, 5 * 365] as const;
/** Share of bad platforms (quality 1.5–2.5) by age class: more among the new (三无 shops), few among veterans (the bad ones rarely last). */
const BAD_SHARE_BY_AGE = { fresh: 0.25, middle: 0.12, veteran: 0.05 } as const;
/** Share of mediocre platforms (2.5–3.5) in every age class; the rest are good (3.5–4.6). */
const MEDIOCRE_SHARE = 0.25;
const BAD_QUALITY = [1.5, 2.5] as const;
const MEDIOCRE_QUALITY = [2.5, 3.5] as const;
/** Good platforms top out at 4.6: even the best has unlucky buyers (a dead key, a slow refund), and the J-shaped rating law below cannot average more than ~4.64. */
const GOOD_QUALITY = [3.5, 4.6] as const;
/** Share of platforms that changed owner or quality during the site's life (ratings drift). */
const DRIFT_PLATFORM_SHARE = 0.1;
/** How far the old quality was from today's (stars). */
const DRIFT_DELTA_STARS = [1.0, 2.0] as const;
/** Share of drifts that were a decline (owner sold the shop, supply went grey) rather than a recovery. */
const DRIFT_DECLINE_SHARE = 0.65;
/** When the change happened, days before now. */
const DRIFT_AGO_DAYS = [90, 900] as const;

/** Mean of a satisfied buyer's stars (5 / 4 / 3 with the weights below): J-shaped ratings (Hu, Pavlou & Zhang 2009, "Overcoming the J-shaped distribution of product reviews"). */
const SATISFIED_STARS: readonly (readonly [number, number])[] = [[5, 0.75], [4, 0.2], [3, 0.05]];
/** A dissatisfied buyer's stars: mostly 1★, some 2★, few 3★. */
const DISSATISFIED_STARS: readonly (readonly [number, number])[] = [[1, 0.6], [2, 0.25], [3, 0.15]];
const SATISFIED_MEAN = 5 * 0.75 + 4 * 0.2 + 3 * 0.05;
const DISSATISFIED_MEAN = 1 * 0.6 + 2 * 0.25 + 3 * 0.15;
/** Bounds of the satisfied share: no platform pleases (or fails) everyone. */
const SATISFIED_SHARE_BOUNDS = [0.02, 0.98] as const;

/** Share of new accounts that are one-off new buyers (made days before their only review, no proof). */
const NEW_BUYER_SHARE = 0.3;
/** A new buyer's account is this many days older than their review (signed up to write it). */
const NEW_BUYER_ACCOUNT_LEAD_DAYS = [0.05, 7] as const;
/** How many platforms an established customer reviews, with weights: most 2–6 (issue 14), some only one. */
const REVIEWS_PER_CUSTOMER: readonly (readonly [number, number])[] = [[1, 0.18], [2, 0.25], [3, 0.2], [4, 0.15], [5, 0.12], [6, 0.1]];
/** Mean delay from sign-up to an established customer's first review (days, exponential). */
const FIRST_REVIEW_MEAN_DAYS = 25;
/** Mean gap between an established customer's reviews (days, exponential): reviews over months or years. */
const REVIEW_GAP_MEAN_DAYS = 130;
/** Buyers do not review a platform in its first days (no orders yet). */
const PLATFORM_FIRST_REVIEW_DAYS = 3;
/** Popular platforms get slightly more buyers when they are good (word of mouth): weight = popularity × (base + slope × quality). Bad ones still sell (low prices). */
const QUALITY_TRAFFIC_BASE = 0.5;
const QUALITY_TRAFFIC_SLOPE = 0.15;

/** Proof mix of an established customer's review: some verified, some pending, many none, a few rejected (issue 14). */
const ESTABLISHED_PROOF_MIX: readonly (readonly [ProofState, number])[] = [['verified', 0.32], ['pending', 0.1], ['none', 0.54], ['rejected', 0.04]];
/** Share of reviews without text, established customers and new buyers (many just click the stars). */
const NO_TEXT_SHARE = { established: 0.38, newBuyer: 0.5 } as const;
/** Share of texted reviews that are a single pool phrase (到账很快。): these repeat exactly across buyers. */
const SINGLE_PHRASE_SHARE = 0.3;
/** Share of texted reviews that name the product and amount. */
const PRODUCT_LEAD_SHARE = 0.55;
/** A 3★ note's second phrase is praise this often, else a complaint ("能用,就是到账慢"). */
const MIXED_NOTE_POSITIVE_SHARE = 0.5;
/** Share of reviews that also rate the four dimensions (the form makes them optional). */
const DIMENSION_SHARE = 0.45;
/** Each dimension is filled with this probability when the reviewer fills the dimensions. */
const DIMENSION_FILL = 0.85;
/** Std-dev of a dimension around the overall rating (stars). */
const DIMENSION_NOISE_STARS = 0.8;

/** Share of an established customer's reviews followed by a 追评. */
const FOLLOW_UP_SHARE = 0.12;
/** The same when the platform changed after the review (people come back to say it got worse). */
const FOLLOW_UP_SHARE_AFTER_DRIFT = 0.35;
/** Delay of a 追评 after its review (days): weeks later. */
const FOLLOW_UP_DELAY_DAYS = [14, 120] as const;
/** Share of 追评 that confirm the original rating ("用了两个月还是很稳"); the rest re-rate from experience. */
const FOLLOW_UP_SAME_SHARE = 0.55;
/** Share of 追评 followed by a second one. */
const SECOND_FOLLOW_UP_SHARE = 0.15;
/** Share of honest accounts with one post removed by moderators (off-topic, an insult): honest people are not spotless. */
const HONEST_REMOVED_POST_SHARE = 0.01;
/** Share of honest accounts without a registration fingerprint (made before fingerprints were kept). */
const NO_FINGERPRINT_SHARE = 0.04;
/** Shared honest fingerprints: internet cafés (网吧), families, campus NATs — a little (issue 14). [groups lo, hi, size lo, hi] */
const SHARED_FINGERPRINT_GROUPS = {
  cafe: [1, 3, 3, 8],
  family: [2, 5, 2, 3],
  campus: [0, 2, 5, 12],
} as const;

/** Promotions: 双十一 (11-11), 618 (06-18), 五一 (05-01) and the new-year sale (春节; dates of the lunar new year). */
const PROMOTION_DATES_MS: readonly number[] = [
  ...[2022, 2023, 2024, 2025].map((y) => Date.UTC(y, 10, 11)),
  ...[2022, 2023, 2024, 2025].map((y) => Date.UTC(y, 5, 18)),
  ...[2023, 2024, 2025, 2026].map((y) => Date.UTC(y, 4, 1)),
  Date.UTC(2023, 0, 22), Date.UTC(2024, 1, 10), Date.UTC(2025, 0, 29), Date.UTC(2026, 1, 17),
];
/** Chance a platform runs promotions worth a burst: higher for the popular third (they can afford campaigns). */
const PROMOTION_PLATFORM_SHARE = { popular: 0.35, other: 0.12 } as const;
/** Promotions per promoting platform. */
const PROMOTIONS_PER_PLATFORM = [1, 2] as const;
/** Honest reviews a promotion brings within a week. */
const PROMOTION_REVIEWS = [12, 40] as const;
/** Length of the promotion's review burst (days): within a week. */
const PROMOTION_DAYS = 7;
/** Share of a promotion's reviewers who are new buyers (the sale brought them); the rest are existing customers. */
const PROMOTION_NEW_BUYER_SHARE = 0.5;
/** Sale buyers are a little happier (a good price): added to the satisfied share. */
const PROMOTION_SATISFACTION_BOOST = 0.05;
/** Share of a happy sale buyer's texts that mention the sale. */
const PROMOTION_PHRASE_SHARE = 0.5;
/** A platform lists no promotion in its first two months. */
const PROMOTION_MIN_PLATFORM_AGE_DAYS = 60;

/** An attack is placed where a plain mean would move its target at least this many ranks (issue 14: "several"). */
const MIN_NAIVE_SHIFT_RANKS = 3;
/** Boosted targets are weak-to-middling platforms (nobody pays to boost the best). */
const BOOST_TARGET_MAX_QUALITY = 3.5;
/** Ring targets are weak platforms. */
const RING_TARGET_MAX_QUALITY = 3.0;
/** Smear and complaint-wave targets are good platforms. */
const GOOD_TARGET_MIN_QUALITY = 3.8;
/** The attack's last review lies this many days before now: campaigns are recent, but not all of today. */
const ATTACK_END_AGO_DAYS = [0.5, 20] as const;

/** Ring: 15–40 fresh accounts, 5★ within days, one script with small edits, some devices shared (issue 14). */
const RING = { accounts: [15, 40], windowDays: [2, 6], accountLeadDays: [0.2, 12], sharedShare: [0.3, 0.7], devices: [2, 4], fiveStarShare: 0.9, noTextShare: 0.1, proof: [['none', 0.65], ['pending', 0.3], ['rejected', 0.05]] } as const;
/** Smear: 15–40 fresh accounts, 1★ on a good competitor within days, complaint scripts (issue 14). */
const SMEAR = { accounts: [15, 40], windowDays: [2, 7], accountLeadDays: [0.5, 15], sharedShare: [0.2, 0.5], devices: [2, 4], oneStarShare: 0.8, noTextShare: 0.1, proof: [['none', 0.75], ['pending', 0.2], ['rejected', 0.05]] } as const;
/** Camouflage: accounts aged 6–24 months that first rate 2–5 other platforms plausibly, then 5★ the target. */
const CAMOUFLAGE = { accounts: [12, 30], ageDays: [180, 730], fillers: [2, 5], windowDays: [3, 14], sharedShare: [0.1, 0.25], devices: [1, 3], fiveStarShare: 0.85, targetProof: [['none', 0.55], ['pending', 0.3], ['verified', 0.15]], fillerProof: [['none', 0.6], ['pending', 0.2], ['verified', 0.2]], templateTextShare: 0.5 } as const;
/** Dormant sleepers: registered in a batch long ago, some with one early review, silent for months, then all wake within days. */
const DORMANT = { accounts: [15, 35], ageDays: [365, 1000], batchSpreadDays: 20, earlyReviewShare: 0.4, earlyReviewWithinDays: 60, windowDays: [2, 5], sharedShare: [0.3, 0.6], devices: [2, 4], fiveStarShare: 0.9, proof: [['none', 0.8], ['pending', 0.2]] } as const;
/** Drip: 30–60 accounts, one 4–5★ review each, spread over 4–8 months, varied texts, no other history. */
const DRIP = { accounts: [30, 60], spreadDays: [120, 240], accountLeadDays: [1, 60], sharedShare: [0, 0.1], devices: [1, 2], fiveStarShare: 0.65, noTextShare: 0.2, proof: [['none', 0.7], ['pending', 0.25], ['verified', 0.05]], praiseTemplateShare: 0.3 } as const;
/** Brushing (刷单): 15–30 hired buyers with accounts 1–4 months old, VERIFIED small orders, 5★ within a week; some 追评 repeating 5★; some did an earlier job elsewhere. Real people, own devices. */
const BRUSHING = { accounts: [15, 30], ageDays: [30, 120], windowDays: 7, verifiedShare: 0.9, followUpShare: [0.3, 0.5], followUpDelayDays: [3, 20], earlierJobShare: 0.3, earlierJobs: [1, 2], noTextShare: 0.25, fiveStarShare: 0.95, keywordShare: 0.6 } as const;
/** Complaint wave (a platform starting to 跑路): 25–60 existing customers, 1–2★ within 5–10 days, ~50–60 % verified, some as downgrading 追评 (issue 14). */
const WAVE = {
  customers: [25, 60],
  windowDays: [5, 10],
  endAgoDays: [0.5, 12],
  accountAgeDays: [30, 3 * 365],
  verifiedShare: [0.5, 0.6],
  /** Of the wave, the share that are 追评 on the buyer's own old review of the platform (as many as there are such buyers). */
  followUpShare: [0.2, 0.4],
  /** Of the new wave reviews, the share from accounts without any earlier review (1–3 months old; they bought, then had nothing to say until now). */
  noHistoryShare: 0.2,
  noHistoryAgeDays: [30, 90],
  /** The wave's platform has a customer base: at least this many honest reviews (25–60 customers with balances are a popular shop's). */
  minHonestReviews: 20,
  /** Of the unverified wave reviews, the share with a proof still pending (uploaded in anger, not yet checked). */
  pendingShareOfUnverified: 0.4,
  oneStarShare: 0.7,
  noTextShare: 0.15,
  /** The platform's true quality once it is failing (the wave is right). */
  failingQuality: 1.5,
} as const;

// ───────────────────────────── text pools ─────────────────────────────

/** The market's shared vocabulary (every honest buyer draws from it). */
const POSITIVE_PHRASES = [
  '到账很快', '客服回复及时', '卡密都能用', '秒发货', '话费准时到账', '价格实惠', '发货快', '好评', '老客户了', '一直在这买',
  '售后不错', '还会再来', '挺方便的', '半夜下单也秒到', '支持批量下单', '比官方便宜', '充值很稳', '没出过问题', '靠谱', '不错',
];
const NEUTRAL_PHRASES = ['还行', '一般般', '价格一般', '偶尔要等一会', '客服回复有点慢', '能用', '凑合', '页面有点乱'];
const NEGATIVE_PHRASES = [
  '卡密失效了', '退款很慢', '客服不回消息', '到账慢', '充了半天没到账', '售后差', '有几张卡用不了', '不推荐', '退款要等好几天',
  '卡密是被用过的', '客服态度差', '别买',
];
const PROMOTION_PHRASES = ['活动价很划算', '趁活动囤了点', '活动期间也秒到', '活动力度大', '优惠券好用'];
const PRODUCTS = ['话费', '移动话费', '联通话费', '电信话费', '腾讯视频会员', '爱奇艺会员', '优酷会员', 'Q币', '王者荣耀点券', '网易一卡通', 'Steam充值卡', '京东E卡', '课程兑换码', '游戏点卡'];
const AMOUNTS = [10, 20, 30, 50, 100, 200, 300, 500];
const LEADS = ['买了{amount}元{product}', '充{amount}{product}', '{product}{amount}面值', '第二次买{product}', '帮朋友买的{product}', '{product}'];
const SEPARATORS = [',', ',', ' ', '。', ','];
const ENDINGS = ['', '', '', '。', '!', '~'];

/** Paid praise: longer and warmer than a buyer's note; a campaign works from one or two of these. */
const PRAISE_TEMPLATES = [
  '这家卡盟真心靠谱,{product}秒到账,客服态度特别好,强烈推荐!',
  '用了很久了,价格实惠,卡密都能用,售后也很给力,推荐给大家',
  '第一次在这里买{product},没想到这么快,以后就认准这家了',
  '良心平台!{product}便宜又稳定,客服24小时在线,放心买',
  '找了好多家,这家最靠谱,{amount}元{product}一分钟就到了',
  '身边朋友推荐的,果然没让我失望,卡密秒发,售后也很耐心',
];
/** Smear scripts (a competitor's campaign). */
const SMEAR_TEMPLATES = [
  '跑路了!充了{amount}到现在没到账,客服失联,大家千万别充',
  '提现不了,客服一直不回,骗子平台',
  '卡密全是废的,找客服直接拉黑,避雷!!',
  '这家要跑路了,余额提不出来,赶紧撤',
  '垃圾平台,{product}充了不到账,退款也不给退',
];
/** Synonym groups for a campaign's "small edits". */
const SYNONYMS: readonly (readonly string[])[] = [
  ['真心靠谱', '真的靠谱', '确实靠谱'], ['放心买', '放心冲', '可以冲'], ['良心平台', '宝藏平台'], ['推荐', '安利'], ['特别', '非常', '超级'], ['客服', '售后客服'], ['秒到账', '马上到账', '很快到账'],
  ['千万别充', '别上当', '别再充了'], ['骗子平台', '黑平台', '垃圾平台'], ['避雷', '大家小心'],
];
/** How much a campaign member edits the script: swap a synonym, drop a clause, type an ASCII comma (a different input method). */
const CAMPAIGN_EDITS = { synonymSwap: 0.4, clauseDrop: 0.25, fullWidthComma: 0.8 } as const;
/** What a campaign tacks on the end: praise campaigns a thumbs-up or 好评, smears a warning. */
const PRAISE_SUFFIXES = ['', '', '', ' 👍', '[赞]', ' 五星好评', ' 必须好评'];
const SMEAR_SUFFIXES = ['', '', '', ' 避雷', ' 大家注意', ' 已报警'];
/** Keywords a brushing job asks its hired buyers to include. */
const BRUSHING_KEYWORDS = ['正品卡密', '性价比高', '五星好评', '放心购买', '回购'];
/** A failing platform's genuine complaints: formulaic and personal. */
const WAVE_PHRASES = [
  '提现不了', '余额冻结了', '客服失联', '退款被拒', '订单一直处理中', '卡密发不出来', '余额还有{amount}没退', '充的{amount}元{product}没到账',
  '之前一直挺好的,这几天突然不行了', '客服只会说系统维护', '申请退款没人处理', '群里都在说要跑路了',
];

// ───────────────────────────── helpers ─────────────────────────────

/** One independent stream per (seed, purpose): MurmurHash3's fmix32 finaliser (Appleby 2011) over the mixed pair. */
function streamSeed(seed: number, stream: number): number {
  let h = (Math.imul(seed ^ MARKET_SALT, 0x9e3779b1) + Math.imul(stream + 1, 0x85ebca6b)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
const HONEST_STREAM = 0;
const ATTACK_STREAM_BASE = 100;
const WAVE_STREAM = 200;

const days = (d: number) => d * dayMs;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const exponential = (rng: Rng, mean: number) => -mean * Math.log(1 - rng.next());
const between = (rng: Rng, range: readonly [number, number]) => rng.uniform(range[0], range[1]);
const intBetween = (rng: Rng, range: readonly [number, number]) => rng.int(range[0], range[1]);

function weighted<T>(rng: Rng, table: readonly (readonly [T, number])[]): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let u = rng.next() * total;
  for (const [v, w] of table) {
    u -= w;
    if (u < 0) return v;
  }
  return table[table.length - 1]![0];
}

function fill(rng: Rng, template: string): string {
  return template.replace(/\{product\}/g, () => rng.pick(PRODUCTS)).replace(/\{amount\}/g, () => String(rng.pick(AMOUNTS)));
}

/** An honest buyer's stars: satisfied (mostly 5★) with probability from the quality, else dissatisfied (mostly 1★). */
function honestRating(rng: Rng, quality: number, boost = 0): number {
  const share = clamp((quality - DISSATISFIED_MEAN) / (SATISFIED_MEAN - DISSATISFIED_MEAN) + boost, SATISFIED_SHARE_BOUNDS[0], SATISFIED_SHARE_BOUNDS[1]);
  return weighted(rng, rng.chance(share) ? SATISFIED_STARS : DISSATISFIED_STARS);
}

function honestText(rng: Rng, rating: number, noTextShare: number, promotion: boolean): string | undefined {
  if (rng.chance(noTextShare)) return undefined;
  const pool = rating >= 4 ? POSITIVE_PHRASES : rating <= 2 ? NEGATIVE_PHRASES : NEUTRAL_PHRASES;
  if (rng.chance(SINGLE_PHRASE_SHARE)) return rng.pick(pool) + rng.pick(ENDINGS);
  const parts: string[] = [];
  if (rng.chance(PRODUCT_LEAD_SHARE)) parts.push(fill(rng, rng.pick(LEADS)));
  if (promotion && rating >= 4 && rng.chance(PROMOTION_PHRASE_SHARE)) parts.push(rng.pick(PROMOTION_PHRASES));
  const phrases = rng.int(1, 2);
  for (let i = 0; i < phrases; i++) {
    // A 3★ note mixes praise and complaint.
    const p = rating === 3 && i === 1 ? rng.pick(rng.chance(MIXED_NOTE_POSITIVE_SHARE) ? POSITIVE_PHRASES : NEGATIVE_PHRASES) : rng.pick(pool);
    if (!parts.includes(p)) parts.push(p);
  }
  return parts.join(rng.pick(SEPARATORS)) + rng.pick(ENDINGS);
}

function dimensions(rng: Rng, rating: number): Partial<Record<Dimension, number>> | undefined {
  if (!rng.chance(DIMENSION_SHARE)) return undefined;
  const out: Partial<Record<Dimension, number>> = {};
  for (const d of DIMENSIONS) if (rng.chance(DIMENSION_FILL)) out[d] = clamp(Math.round(rating + DIMENSION_NOISE_STARS * rng.normal()), 1, 5);
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A campaign's "small edits" of its script: synonyms, a dropped clause, punctuation, a suffix. */
function editTemplate(rng: Rng, template: string, suffixes: readonly string[] = PRAISE_SUFFIXES): string {
  let text = fill(rng, template);
  for (const group of SYNONYMS) {
    for (const word of group) {
      if (text.includes(word) && rng.chance(CAMPAIGN_EDITS.synonymSwap)) {
        text = text.replace(word, rng.pick(group));
        break;
      }
    }
  }
  const clauses = text.split(',');
  if (clauses.length >= 3 && rng.chance(CAMPAIGN_EDITS.clauseDrop)) clauses.splice(rng.int(1, clauses.length - 2), 1);
  text = clauses.join(rng.chance(CAMPAIGN_EDITS.fullWidthComma) ? ',' : ',');
  text = text.replace(/[!!。~]+$/u, '') + rng.pick(['!', '!!', '~', '。', '', '!!!']);
  return text + rng.pick(suffixes);
}

/** Registration fingerprints of a campaign: a share of its accounts on a few shared devices, the rest each its own. */
function campaignFingerprints(rng: Rng, n: number, sharedShare: readonly [number, number], devices: readonly [number, number]): string[] {
  const shared = Math.round(n * between(rng, sharedShare));
  const pool = Array.from({ length: intBetween(rng, devices) }, () => `fp-${rng.id()}`);
  const out = Array.from({ length: n }, (_, i) => (i < shared ? rng.pick(pool) : `fp-${rng.id()}`));
  return rng.shuffle(out);
}

// ───────────────────────────── the honest market ─────────────────────────────

interface MarketPlatform {
  input: PlatformInput;
  /** Quality today (the label). */
  quality: number;
  /** Quality before an owner/quality change, and when it happened. */
  earlierQuality?: number;
  changedAtMs?: number;
  popularity: number;
  popularRank: number;
}

interface Market {
  seed: number;
  platforms: MarketPlatform[];
  accounts: AccountInput[];
  reviews: ReviewInput[];
  /** Account id → platform ids it reviewed. */
  reviewed: Map<string, Set<string>>;
  /** Accounts that are established customers (not one-off new buyers). */
  established: AccountInput[];
}

function qualityAt(p: MarketPlatform, atMs: number): number {
  return p.changedAtMs !== undefined && atMs < p.changedAtMs ? p.earlierQuality! : p.quality;
}

function buildPlatforms(rng: Rng): MarketPlatform[] {
  const count = intBetween(rng, PLATFORM_COUNT_RANGE);
  const zipf = between(rng, ZIPF_EXPONENT_RANGE);
  const ranks = rng.shuffle(Array.from({ length: count }, (_, i) => i + 1));
  return ranks.map((popularRank) => {
    const u = rng.next();
    const ageClass = u < NEW_PLATFORM_SHARE ? 'fresh' : u < NEW_PLATFORM_SHARE + VETERAN_PLATFORM_SHARE ? 'veteran' : 'middle';
    const ageDays = between(rng, ageClass === 'fresh' ? NEW_PLATFORM_AGE_DAYS : ageClass === 'veteran' ? VETERAN_PLATFORM_AGE_DAYS : MIDDLE_PLATFORM_AGE_DAYS);
    const v = rng.next();
    const bad = BAD_SHARE_BY_AGE[ageClass];
    const quality = between(rng, v < bad ? BAD_QUALITY : v < bad + MEDIOCRE_SHARE ? MEDIOCRE_QUALITY : GOOD_QUALITY);
    const p: MarketPlatform = {
      input: { id: rng.id(), foundedAtMs: NOW_MS - days(ageDays) },
      quality,
      popularity: 1 / Math.pow(popularRank, zipf),
      popularRank,
    };
    if (ageDays > 1.5 * 365 && rng.chance(DRIFT_PLATFORM_SHARE)) {
      const delta = between(rng, DRIFT_DELTA_STARS);
      p.earlierQuality = clamp(quality + (rng.chance(DRIFT_DECLINE_SHARE) ? delta : -delta), BAD_QUALITY[0], GOOD_QUALITY[1]);
      p.changedAtMs = NOW_MS - days(Math.min(between(rng, DRIFT_AGO_DAYS), ageDays - 180));
    }
    return p;
  });
}

/** Days before now of a sign-up or first visit: the site grows, so the density rises linearly from its launch to now. */
function siteActivityAgoDays(rng: Rng): number {
  return SITE_AGE_DAYS * (1 - Math.sqrt(rng.next()));
}

function choosePlatform(rng: Rng, platforms: MarketPlatform[], atMs: number, exclude: Set<string>): MarketPlatform | undefined {
  const open = platforms.filter((p) => p.input.foundedAtMs! + days(PLATFORM_FIRST_REVIEW_DAYS) <= atMs && !exclude.has(p.input.id));
  if (open.length === 0) return undefined;
  return weighted(rng, open.map((p) => [p, p.popularity * (QUALITY_TRAFFIC_BASE + QUALITY_TRAFFIC_SLOPE * qualityAt(p, atMs))] as const));
}

function followUps(rng: Rng, p: MarketPlatform, rating: number, atMs: number): FollowUpInput[] | undefined {
  const drifts = p.changedAtMs !== undefined && p.changedAtMs > atMs;
  if (!rng.chance(drifts ? FOLLOW_UP_SHARE_AFTER_DRIFT : FOLLOW_UP_SHARE)) return undefined;
  const out: FollowUpInput[] = [];
  let last = rating;
  let t = atMs;
  do {
    t += days(between(rng, FOLLOW_UP_DELAY_DAYS));
    if (t >= NOW_MS) break;
    const changedBetween = p.changedAtMs !== undefined && p.changedAtMs > atMs && p.changedAtMs <= t;
    last = !changedBetween && rng.chance(FOLLOW_UP_SAME_SHARE) ? last : honestRating(rng, qualityAt(p, t));
    out.push({ createdAtMs: Math.round(t), rating: last });
  } while (out.length < 2 && rng.chance(SECOND_FOLLOW_UP_SHARE));
  return out.length > 0 ? out : undefined;
}

function honestReview(rng: Rng, account: AccountInput, p: MarketPlatform, atMs: number, newBuyer: boolean, promotion = false): ReviewInput {
  const rating = honestRating(rng, qualityAt(p, atMs), promotion ? PROMOTION_SATISFACTION_BOOST : 0);
  const review: ReviewInput = {
    id: rng.id(),
    accountId: account.id,
    platformId: p.input.id,
    rating,
    createdAtMs: Math.round(atMs),
    proof: newBuyer ? 'none' : weighted(rng, ESTABLISHED_PROOF_MIX),
  };
  const text = honestText(rng, rating, newBuyer ? NO_TEXT_SHARE.newBuyer : NO_TEXT_SHARE.established, promotion);
  if (text !== undefined) review.text = text;
  const dims = dimensions(rng, rating);
  if (dims) review.dimensions = dims;
  if (!newBuyer) {
    const f = followUps(rng, p, rating, atMs);
    if (f) review.followUps = f;
  }
  return review;
}

function buildMarket(seed: number): Market {
  const rng = createRng(streamSeed(seed, HONEST_STREAM));
  const platforms = buildPlatforms(rng);
  const target = platforms.length * intBetween(rng, HONEST_REVIEWS_PER_PLATFORM_RANGE);
  const accounts: AccountInput[] = [];
  const established: AccountInput[] = [];
  const reviews: ReviewInput[] = [];
  const reviewed = new Map<string, Set<string>>();
  const siteStartMs = NOW_MS - days(SITE_AGE_DAYS);
  const addAccount = (createdAtMs: number, isEstablished: boolean) => {
    const a: AccountInput = { id: rng.id(), createdAtMs: Math.round(Math.max(siteStartMs, createdAtMs)) };
    accounts.push(a);
    if (isEstablished) established.push(a);
    reviewed.set(a.id, new Set());
    return a;
  };
  const addReview = (r: ReviewInput) => {
    reviews.push(r);
    reviewed.get(r.accountId)!.add(r.platformId);
  };
  const newBuyerReview = (p: MarketPlatform | undefined, atMs: number, promotion = false) => {
    const chosen = p ?? choosePlatform(rng, platforms, atMs, new Set());
    if (!chosen) return;
    const a = addAccount(atMs - days(between(rng, NEW_BUYER_ACCOUNT_LEAD_DAYS)), false);
    addReview(honestReview(rng, a, chosen, atMs, true, promotion));
  };

  /** A review of `p` at `t` by a new buyer (share `newShare`) or else an existing customer of a month or more who has not reviewed it. */
  const customerReview = (p: MarketPlatform, t: number, newShare: number, promotion: boolean) => {
    let customer: AccountInput | undefined;
    if (!rng.chance(newShare)) {
      for (let tries = 0; tries < 30 && !customer; tries++) {
        const c = rng.pick(established);
        if (c.createdAtMs <= t - days(30) && !reviewed.get(c.id)!.has(p.input.id)) customer = c;
      }
    }
    if (customer) addReview(honestReview(rng, customer, p, t, false, promotion));
    else newBuyerReview(p, t, promotion);
  };

  while (reviews.length < target) {
    if (rng.chance(NEW_BUYER_SHARE)) {
      newBuyerReview(undefined, NOW_MS - days(siteActivityAgoDays(rng)));
      continue;
    }
    const a = addAccount(NOW_MS - days(siteActivityAgoDays(rng)), true);
    const k = weighted(rng, REVIEWS_PER_CUSTOMER);
    let t = a.createdAtMs + days(exponential(rng, FIRST_REVIEW_MEAN_DAYS));
    for (let i = 0; i < k && t < NOW_MS; i++) {
      const p = choosePlatform(rng, platforms, t, reviewed.get(a.id)!);
      if (p) addReview(honestReview(rng, a, p, t, false));
      t += days(exponential(rng, REVIEW_GAP_MEAN_DAYS));
    }
  }

  // Promotions: a week of honest reviews from new and existing customers alike.
  for (const p of platforms) {
    const popular = p.popularRank <= platforms.length / 3;
    if (!rng.chance(popular ? PROMOTION_PLATFORM_SHARE.popular : PROMOTION_PLATFORM_SHARE.other)) continue;
    const earliest = Math.max(siteStartMs, p.input.foundedAtMs! + days(PROMOTION_MIN_PLATFORM_AGE_DAYS));
    const dates = PROMOTION_DATES_MS.filter((d) => d >= earliest && d < NOW_MS - dayMs);
    const chosen = rng.shuffle([...dates]).slice(0, intBetween(rng, PROMOTIONS_PER_PLATFORM));
    for (const start of chosen) {
      const n = intBetween(rng, PROMOTION_REVIEWS);
      for (let i = 0; i < n; i++) {
        // Front-loaded: most buy on the day of the sale.
        const t = Math.min(NOW_MS - 1, start + days(PROMOTION_DAYS) * Math.pow(rng.next(), 1.5));
        customerReview(p, t, PROMOTION_NEW_BUYER_SHARE, true);
      }
    }
  }

  // No listed platform without reviews: top up the tail during its life, from new and existing customers alike.
  const counts = new Map<string, number>();
  for (const r of reviews) counts.set(r.platformId, (counts.get(r.platformId) ?? 0) + 1);
  for (const p of platforms) {
    const from = Math.max(siteStartMs, p.input.foundedAtMs! + days(PLATFORM_FIRST_REVIEW_DAYS));
    for (let c = counts.get(p.input.id) ?? 0; c < MIN_HONEST_REVIEWS_PER_PLATFORM; c++) customerReview(p, rng.uniform(from, NOW_MS - dayMs), NEW_BUYER_SHARE, false);
  }

  // Fingerprints: most own a device; a few share (网吧, family, campus NAT); a few predate fingerprints.
  for (const a of accounts) if (!rng.chance(NO_FINGERPRINT_SHARE)) a.fingerprint = `fp-${rng.id()}`;
  for (const [groupsLo, groupsHi, sizeLo, sizeHi] of Object.values(SHARED_FINGERPRINT_GROUPS)) {
    const groups = rng.int(groupsLo, groupsHi);
    for (let g = 0; g < groups; g++) {
      const fp = `fp-${rng.id()}`;
      const size = rng.int(sizeLo, sizeHi);
      for (let i = 0; i < size; i++) rng.pick(accounts).fingerprint = fp;
    }
  }
  const rejected = new Map<string, number>();
  for (const r of reviews) if (r.proof === 'rejected') rejected.set(r.accountId, (rejected.get(r.accountId) ?? 0) + 1);
  for (const a of accounts) {
    const n = rejected.get(a.id);
    if (n) a.rejectedProofs = n;
    if (rng.chance(HONEST_REMOVED_POST_SHARE)) a.removedPosts = 1;
  }
  return { seed, platforms, accounts, reviews, reviewed, established };
}

function worldOf(m: Market, extraAccounts: AccountInput[] = [], extraReviews: ReviewInput[] = [], replaced: Map<string, ReviewInput> = new Map()): World {
  const accounts = [...m.accounts, ...extraAccounts].sort((a, b) => a.createdAtMs - b.createdAtMs);
  const reviews = [...m.reviews.map((r) => replaced.get(r.id) ?? r), ...extraReviews].sort((a, b) => a.createdAtMs - b.createdAtMs);
  return {
    input: { nowMs: NOW_MS, accounts, platforms: m.platforms.map((p) => p.input), reviews },
    trueQuality: new Map(m.platforms.map((p) => [p.input.id, p.quality])),
    fake: new Set(),
    filler: new Set(),
  };
}

// ───────────────────────────── placing an attack ─────────────────────────────

/** Plain mean of the stars that count (the latest 追评's, else the original) per platform. */
function plainMeans(platforms: readonly MarketPlatform[], reviews: readonly ReviewInput[]): Map<string, { sum: number; n: number }> {
  const out = new Map(platforms.map((p) => [p.input.id, { sum: 0, n: 0 }]));
  for (const r of reviews) {
    const s = out.get(r.platformId)!;
    s.sum += r.followUps?.length ? r.followUps[r.followUps.length - 1]!.rating : r.rating;
    s.n++;
  }
  return out;
}

/**
 * The target: among the eligible platforms, one a plain mean would move at least
 * MIN_NAIVE_SHIFT_RANKS ranks with these added stars (issue 14: "place the target so a naive
 * mean would move it several ranks"), picked at random; the one moving most if none does.
 */
function placeTarget(rng: Rng, m: Market, eligible: (p: MarketPlatform) => boolean, addedStars: readonly number[]): MarketPlatform {
  const means = plainMeans(m.platforms, m.reviews);
  const meanOf = (id: string) => means.get(id)!.sum / Math.max(1, means.get(id)!.n);
  const added = addedStars.reduce((a, b) => a + b, 0);
  const shift = (p: MarketPlatform) => {
    const s = means.get(p.input.id)!;
    const before = meanOf(p.input.id);
    const after = (s.sum + added) / (s.n + addedStars.length);
    const lo = Math.min(before, after);
    const hi = Math.max(before, after);
    return m.platforms.filter((q) => q !== p && meanOf(q.input.id) > lo && meanOf(q.input.id) < hi).length;
  };
  let candidates = m.platforms.filter(eligible);
  if (candidates.length === 0) candidates = m.platforms;
  const scored = candidates.map((p) => ({ p, shift: shift(p) }));
  const moving = scored.filter((s) => s.shift >= MIN_NAIVE_SHIFT_RANKS);
  if (moving.length > 0) return rng.pick(moving).p;
  return scored.reduce((best, s) => (s.shift > best.shift ? s : best)).p;
}

interface Attack {
  accounts: AccountInput[];
  reviews: ReviewInput[];
  target: MarketPlatform;
  fillerIds: string[];
}

function starsPlan(rng: Rng, n: number, highShare: number, high: number, low: number): number[] {
  return Array.from({ length: n }, () => (rng.chance(highShare) ? high : low));
}

function campaignReview(rng: Rng, account: AccountInput, target: MarketPlatform, rating: number, atMs: number, proof: ProofState, text: string | undefined): ReviewInput {
  const r: ReviewInput = { id: rng.id(), accountId: account.id, platformId: target.input.id, rating, createdAtMs: Math.round(atMs), proof };
  if (text !== undefined) r.text = text;
  const dims = dimensions(rng, rating);
  if (dims) r.dimensions = dims;
  return r;
}

/** A plausible rating of another platform (camouflage filler, an earlier job): an honest buyer's stars there. */
function plausibleReview(rng: Rng, account: AccountInput, p: MarketPlatform, atMs: number, proof: ProofState): ReviewInput {
  const rating = honestRating(rng, qualityAt(p, atMs));
  const r: ReviewInput = { id: rng.id(), accountId: account.id, platformId: p.input.id, rating, createdAtMs: Math.round(atMs), proof };
  const text = honestText(rng, rating, NO_TEXT_SHARE.established, false);
  if (text !== undefined) r.text = text;
  const dims = dimensions(rng, rating);
  if (dims) r.dimensions = dims;
  return r;
}

function newAccounts(rng: Rng, createdAtMs: readonly number[], fingerprints: readonly string[]): AccountInput[] {
  return createdAtMs.map((t, i) => ({ id: rng.id(), createdAtMs: Math.round(t), fingerprint: fingerprints[i]! }));
}

function buildAttack(rng: Rng, m: Market, kind: AttackKind): Attack {
  const endMs = NOW_MS - days(between(rng, ATTACK_END_AGO_DAYS));
  const weak = (p: MarketPlatform) => p.quality <= BOOST_TARGET_MAX_QUALITY;
  switch (kind) {
    case 'ring': {
      const n = intBetween(rng, RING.accounts);
      const stars = starsPlan(rng, n, RING.fiveStarShare, 5, 4);
      const target = placeTarget(rng, m, (p) => p.quality <= RING_TARGET_MAX_QUALITY, stars);
      const startMs = endMs - days(between(rng, RING.windowDays));
      const times = stars.map(() => rng.uniform(startMs, endMs));
      const accounts = newAccounts(rng, times.map((t) => t - days(between(rng, RING.accountLeadDays))), campaignFingerprints(rng, n, RING.sharedShare, RING.devices));
      const script = rng.shuffle([...PRAISE_TEMPLATES]).slice(0, rng.int(1, 2));
      const reviews = accounts.map((a, i) =>
        campaignReview(rng, a, target, stars[i]!, times[i]!, weighted(rng, RING.proof), rng.chance(RING.noTextShare) ? undefined : editTemplate(rng, rng.pick(script))),
      );
      return { accounts, reviews, target, fillerIds: [] };
    }
    case 'smear': {
      const n = intBetween(rng, SMEAR.accounts);
      const stars = starsPlan(rng, n, SMEAR.oneStarShare, 1, 2);
      const target = placeTarget(rng, m, (p) => p.quality >= GOOD_TARGET_MIN_QUALITY, stars);
      const startMs = endMs - days(between(rng, SMEAR.windowDays));
      const times = stars.map(() => rng.uniform(startMs, endMs));
      const accounts = newAccounts(rng, times.map((t) => t - days(between(rng, SMEAR.accountLeadDays))), campaignFingerprints(rng, n, SMEAR.sharedShare, SMEAR.devices));
      const script = rng.shuffle([...SMEAR_TEMPLATES]).slice(0, rng.int(2, 3));
      const reviews = accounts.map((a, i) =>
        campaignReview(rng, a, target, stars[i]!, times[i]!, weighted(rng, SMEAR.proof), rng.chance(SMEAR.noTextShare) ? undefined : editTemplate(rng, rng.pick(script), SMEAR_SUFFIXES)),
      );
      return { accounts, reviews, target, fillerIds: [] };
    }
    case 'camouflage': {
      const n = intBetween(rng, CAMOUFLAGE.accounts);
      const stars = starsPlan(rng, n, CAMOUFLAGE.fiveStarShare, 5, 4);
      const target = placeTarget(rng, m, weak, stars);
      const startMs = endMs - days(between(rng, CAMOUFLAGE.windowDays));
      const accounts = newAccounts(
        rng,
        stars.map(() => NOW_MS - days(between(rng, CAMOUFLAGE.ageDays))),
        campaignFingerprints(rng, n, CAMOUFLAGE.sharedShare, CAMOUFLAGE.devices),
      );
      const reviews: ReviewInput[] = [];
      const fillerIds: string[] = [];
      accounts.forEach((a, i) => {
        const seen = new Set([target.input.id]);
        const fillers = intBetween(rng, CAMOUFLAGE.fillers);
        const times = Array.from({ length: fillers }, () => rng.uniform(a.createdAtMs + days(7), startMs - days(3))).sort((x, y) => x - y);
        for (const t of times) {
          const p = choosePlatform(rng, m.platforms, t, seen);
          if (!p) continue;
          seen.add(p.input.id);
          const r = plausibleReview(rng, a, p, t, weighted(rng, CAMOUFLAGE.fillerProof));
          reviews.push(r);
          fillerIds.push(r.id);
        }
        // The operator writes each praise by hand: a template edited, or the market's own phrases.
        const text = rng.chance(CAMOUFLAGE.templateTextShare) ? editTemplate(rng, rng.pick(PRAISE_TEMPLATES)) : honestText(rng, stars[i]!, 0, false);
        reviews.push(campaignReview(rng, a, target, stars[i]!, rng.uniform(startMs, endMs), weighted(rng, CAMOUFLAGE.targetProof), text));
      });
      return { accounts, reviews, target, fillerIds };
    }
    case 'dormant': {
      const n = intBetween(rng, DORMANT.accounts);
      const stars = starsPlan(rng, n, DORMANT.fiveStarShare, 5, 4);
      const target = placeTarget(rng, m, weak, stars);
      const startMs = endMs - days(between(rng, DORMANT.windowDays));
      const batchMs = NOW_MS - days(Math.min(between(rng, DORMANT.ageDays), SITE_AGE_DAYS - DORMANT.batchSpreadDays));
      const accounts = newAccounts(
        rng,
        stars.map(() => batchMs + days(rng.uniform(-DORMANT.batchSpreadDays, DORMANT.batchSpreadDays))),
        campaignFingerprints(rng, n, DORMANT.sharedShare, DORMANT.devices),
      );
      const reviews: ReviewInput[] = [];
      const fillerIds: string[] = [];
      const script = rng.shuffle([...PRAISE_TEMPLATES]).slice(0, rng.int(1, 3));
      accounts.forEach((a, i) => {
        if (rng.chance(DORMANT.earlyReviewShare)) {
          const t = a.createdAtMs + days(rng.uniform(1, DORMANT.earlyReviewWithinDays));
          const p = choosePlatform(rng, m.platforms, t, new Set([target.input.id]));
          if (p) {
            const r = plausibleReview(rng, a, p, t, 'none');
            reviews.push(r);
            fillerIds.push(r.id);
          }
        }
        reviews.push(campaignReview(rng, a, target, stars[i]!, rng.uniform(startMs, endMs), weighted(rng, DORMANT.proof), editTemplate(rng, rng.pick(script))));
      });
      return { accounts, reviews, target, fillerIds };
    }
    case 'drip': {
      const n = intBetween(rng, DRIP.accounts);
      const stars = starsPlan(rng, n, DRIP.fiveStarShare, 5, 4);
      const target = placeTarget(rng, m, weak, stars);
      const startMs = endMs - days(between(rng, DRIP.spreadDays));
      const times = stars.map(() => rng.uniform(startMs, endMs));
      const accounts = newAccounts(rng, times.map((t) => t - days(between(rng, DRIP.accountLeadDays))), campaignFingerprints(rng, n, DRIP.sharedShare, DRIP.devices));
      // Varied texts: the market's own phrases mostly, a hand-edited praise now and then.
      const reviews = accounts.map((a, i) => {
        const text = rng.chance(DRIP.noTextShare) ? undefined : rng.chance(DRIP.praiseTemplateShare) ? editTemplate(rng, rng.pick(PRAISE_TEMPLATES)) : honestText(rng, stars[i]!, 0, false);
        return campaignReview(rng, a, target, stars[i]!, times[i]!, weighted(rng, DRIP.proof), text);
      });
      return { accounts, reviews, target, fillerIds: [] };
    }
    case 'brushing': {
      const n = intBetween(rng, BRUSHING.accounts);
      const stars = starsPlan(rng, n, BRUSHING.fiveStarShare, 5, 4);
      const target = placeTarget(rng, m, weak, stars);
      const startMs = endMs - days(BRUSHING.windowDays);
      const accounts = newAccounts(
        rng,
        stars.map(() => startMs - days(between(rng, BRUSHING.ageDays))),
        stars.map(() => `fp-${rng.id()}`),
      );
      const followUpShare = between(rng, BRUSHING.followUpShare);
      const keyword = rng.pick(BRUSHING_KEYWORDS);
      const reviews: ReviewInput[] = [];
      const fillerIds: string[] = [];
      accounts.forEach((a, i) => {
        if (rng.chance(BRUSHING.earlierJobShare)) {
          const seen = new Set([target.input.id]);
          for (let j = intBetween(rng, BRUSHING.earlierJobs); j > 0; j--) {
            const t = rng.uniform(a.createdAtMs + days(2), startMs - days(2));
            const p = choosePlatform(rng, m.platforms, t, seen);
            if (!p) continue;
            seen.add(p.input.id);
            // Another client's job: a verified small order and 5★.
            const r: ReviewInput = { id: rng.id(), accountId: a.id, platformId: p.input.id, rating: 5, createdAtMs: Math.round(t), proof: 'verified' };
            const text = honestText(rng, 5, BRUSHING.noTextShare, false);
            if (text !== undefined) r.text = text;
            reviews.push(r);
            fillerIds.push(r.id);
          }
        }
        const t = rng.uniform(startMs, endMs);
        const base = honestText(rng, stars[i]!, BRUSHING.noTextShare, false);
        const text = base === undefined ? undefined : rng.chance(BRUSHING.keywordShare) ? `${base}${rng.pick(SEPARATORS)}${keyword}` : base;
        const r = campaignReview(rng, a, target, stars[i]!, t, rng.chance(BRUSHING.verifiedShare) ? 'verified' : 'pending', text);
        if (rng.chance(followUpShare)) {
          const f = t + days(between(rng, BRUSHING.followUpDelayDays));
          if (f < NOW_MS) r.followUps = [{ createdAtMs: Math.round(f), rating: 5 }];
        }
        reviews.push(r);
      });
      return { accounts, reviews, target, fillerIds };
    }
  }
}

// ───────────────────────────── the complaint wave ─────────────────────────────

interface Wave {
  accounts: AccountInput[];
  reviews: ReviewInput[];
  replaced: Map<string, ReviewInput>;
  target: MarketPlatform;
}

function buildWave(rng: Rng, m: Market): Wave {
  const n = intBetween(rng, WAVE.customers);
  const stars = starsPlan(rng, n, WAVE.oneStarShare, 1, 2);
  const honestCount = plainMeans(m.platforms, m.reviews);
  const target = placeTarget(
    rng,
    m,
    (p) => p.quality >= GOOD_TARGET_MIN_QUALITY && p.changedAtMs === undefined && honestCount.get(p.input.id)!.n >= WAVE.minHonestReviews,
    stars,
  );
  const endMs = NOW_MS - days(between(rng, WAVE.endAgoDays));
  const startMs = endMs - days(between(rng, WAVE.windowDays));
  const verifiedShare = between(rng, WAVE.verifiedShare);
  const proof = (): ProofState => (rng.chance(verifiedShare) ? 'verified' : rng.chance(WAVE.pendingShareOfUnverified) ? 'pending' : 'none');
  const text = (): string | undefined => {
    if (rng.chance(WAVE.noTextShare)) return undefined;
    const parts = rng.shuffle([...WAVE_PHRASES]).slice(0, rng.int(1, 2)).map((p) => fill(rng, p));
    return parts.join(rng.pick(SEPARATORS)) + rng.pick(ENDINGS);
  };
  const ageOk = (a: AccountInput, t: number) => t - a.createdAtMs >= days(WAVE.accountAgeDays[0]) && t - a.createdAtMs <= days(WAVE.accountAgeDays[1]);
  const accountById = new Map(m.accounts.map((a) => [a.id, a]));

  // Old customers of the platform come back with a downgrading 追评 on their own review.
  const own = rng.shuffle(
    m.reviews.filter(
      (r) =>
        r.platformId === target.input.id &&
        r.createdAtMs < startMs - days(14) &&
        (r.followUps ?? []).every((f) => f.createdAtMs < startMs) &&
        ageOk(accountById.get(r.accountId)!, startMs),
    ),
  );
  const followUpCount = Math.min(own.length, Math.round(n * between(rng, WAVE.followUpShare)));
  const replaced = new Map<string, ReviewInput>();
  for (let i = 0; i < followUpCount; i++) {
    const r = own[i]!;
    const f: FollowUpInput = { createdAtMs: Math.round(rng.uniform(startMs, endMs)), rating: stars[i]! };
    replaced.set(r.id, { ...r, followUps: [...(r.followUps ?? []), f] });
  }

  // The rest post new reviews: most are existing customers with reviews elsewhere, some quiet buyers of 1–3 months.
  const accounts: AccountInput[] = [];
  const reviews: ReviewInput[] = [];
  const used = new Set(own.slice(0, followUpCount).map((r) => r.accountId));
  const firstReviewMs = new Map<string, number>();
  for (const r of m.reviews) firstReviewMs.set(r.accountId, Math.min(r.createdAtMs, firstReviewMs.get(r.accountId) ?? Infinity));
  const withHistory = rng.shuffle(
    m.established.filter((a) => (firstReviewMs.get(a.id) ?? Infinity) < startMs && !m.reviewed.get(a.id)!.has(target.input.id) && ageOk(a, startMs)),
  );
  let next = 0;
  for (let i = followUpCount; i < n; i++) {
    const t = rng.uniform(startMs, endMs);
    let a: AccountInput | undefined;
    if (!rng.chance(WAVE.noHistoryShare)) {
      while (next < withHistory.length && used.has(withHistory[next]!.id)) next++;
      a = withHistory[next++];
    }
    if (!a) {
      a = { id: rng.id(), createdAtMs: Math.round(t - days(between(rng, WAVE.noHistoryAgeDays))), fingerprint: `fp-${rng.id()}` };
      accounts.push(a);
    }
    used.add(a.id);
    reviews.push(campaignReview(rng, a, target, stars[i]!, t, proof(), text()));
  }
  return { accounts, reviews, replaced, target };
}

// ───────────────────────────── the generator ─────────────────────────────

/** An honest market world. */
export function generateMarketHonestWorld(seed: number): World {
  return worldOf(buildMarket(seed));
}

/** The same honest world plus one attack: `fake` = its reviews of the target, `filler` = its reviews elsewhere. */
export function generateMarketAttackWorld(seed: number, kind: AttackKind): World {
  const m = buildMarket(seed);
  const rng = createRng(streamSeed(seed, ATTACK_STREAM_BASE + ATTACK_KINDS.indexOf(kind)));
  const attack = buildAttack(rng, m, kind);
  // Moderators rejected some of the campaign's proofs: its accounts carry that count, as honest ones do.
  for (const a of attack.accounts) {
    const n = attack.reviews.filter((r) => r.accountId === a.id && r.proof === 'rejected').length;
    if (n > 0) a.rejectedProofs = n;
  }
  const world = worldOf(m, attack.accounts, attack.reviews);
  const filler = new Set(attack.fillerIds);
  world.fake = new Set(attack.reviews.filter((r) => !filler.has(r.id)).map((r) => r.id));
  world.filler = filler;
  world.targetId = attack.target.input.id;
  return world;
}

/** The same honest world plus a genuine complaint wave on a good platform starting to 跑路 (`fake` empty). */
export function generateMarketComplaintWorld(seed: number): World {
  const m = buildMarket(seed);
  const rng = createRng(streamSeed(seed, WAVE_STREAM));
  const wave = buildWave(rng, m);
  const world = worldOf(m, wave.accounts, wave.reviews, wave.replaced);
  world.targetId = wave.target.input.id;
  // The wave is right: the platform is failing now.
  world.trueQuality.set(wave.target.input.id, WAVE.failingQuality);
  return world;
}
