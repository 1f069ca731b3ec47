// A second, independent generator of evaluation worlds (issue 14), written from the field's
// realities rather than from the model: the first generator (generator.ts) was written beside the
// model and the model passed it, then failed worlds generated independently. This file shares only
// the World / AttackKind types, NOW_MS and the PRNG with generator.ts; nothing here looks at how the
// model weighs reviews, and no constant was chosen by running the model on these worlds.
//
// What the field looks like (the seed article, docs/seed-article.md, and issue 14):
// - 卡盟 platforms with long-tail popularity, founded from months to 8+ years ago; the article's
//   "成立3年以上、用户评价稳定" means age and a stable customer base go together, so older platforms
//   tend to be the popular ones.
// - Honest buyers write short formulaic Chinese ("到账很快，客服回复及时，卡密都能用") from a shared pool
//   of common phrases, changing only the product (话费, 腾讯视频…) and the amount; many write nothing;
//   many review several platforms over months or years; ratings are J-shaped (self-selection:
//   Hu, Pavlou & Zhang, "Overcoming the J-shaped distribution of product reviews", CACM 52(10), 2009);
//   some come back weeks later with a 追评 ("追评反映长期使用体验", seed article).
// - Attacks: fresh rings, smears of a good competitor, camouflaged rings, sleepers, slow drips and
//   刷单 with verified small orders ("刷单造假", seed article).
// - A collapse (跑路 in progress): established customers of a good platform complain within a week
//   (提现不了 / 余额冻结 / 客服失联 / 退款被拒), the signal readers most need ("跑路风险", seed article).
import type { AccountInput, Dimension, FollowUpInput, PlatformInput, ProofState, ReviewInput } from '../types.ts';
import { NOW_MS, type AttackKind, type World } from './generator.ts';
import { createRng, type Rng } from './prng.ts';
import { dayMs } from '../../time.ts';

const MS_PER_DAY = dayMs;
const DIMENSION_KEYS: readonly Dimension[] = ['service', 'risk', 'value', 'afterSales'];

/** Extra labels of the complaint world, beside the World labels (the wave is honest, so `fake` stays empty). */
export interface ComplaintWave {
  /** The wave's new 1–2★ reviews of the collapsing platform. */
  reviewIds: Set<string>;
  /** Earlier reviews of the collapsing platform that received a downgrading 追评 inside the wave window. */
  followUpReviewIds: Set<string>;
  fromMs: number;
  toMs: number;
  /** The platform's true quality before it began to collapse (trueQuality holds its quality now: 1). */
  qualityBeforeCollapse: number;
}

export interface FieldWorld extends World {
  /** Present on the complaint world only. */
  wave?: ComplaintWave;
}

// ── Field sizes (moderate: an evaluation over 3 seed sets × 8 worlds must run in well under a minute) ──
/** Platforms per world: the issue's unseen worlds had 40–80. */
const PLATFORM_COUNT_RANGE = [40, 80] as const;
/** Honest reviews per world before promotions (≤ 140 more) and an attack (≤ ~130 more): every world stays under 13k reviews. */
const HONEST_REVIEW_RANGE = [7_000, 12_000] as const;
/** Years of review history on the site. */
const HISTORY_DAYS = 3 * 365;
/** Zipf exponent of platform popularity (long tail; Zipf's law of market shares, s ≈ 1). */
const POPULARITY_ZIPF = 1.05;

// ── Honest behaviour ──
/** Share of honest reviews with no text at all (a star rating only). */
const NO_TEXT_SHARE = 0.35;
/** Share of honest texted reviews written in the reviewer's own words (longer, personal details). */
const PERSONAL_TEXT_SHARE = 0.18;
/** Purchase-proof mix of honest reviews; rejected ≈ 3 % (honest buyers upload the wrong order too). */
const HONEST_PROOF_MIX: readonly [ProofState, number][] = [
  ['verified', 0.34],
  ['pending', 0.15],
  ['none', 0.48],
  ['rejected', 0.03],
];
/** Share of honest reviews that get a 追评 weeks later. */
const FOLLOW_UP_SHARE = 0.13;
/** Share of honest reviews that carry the per-dimension ratings. */
const DIMENSIONS_SHARE = 0.45;
/** Share of honest accounts sharing a device / network with a family member (pairs, rarely three). */
const SHARED_DEVICE_SHARE = 0.05;
/** Accounts registered before the site recorded fingerprints have none. */
const FINGERPRINT_RECORDED_SINCE_MS = NOW_MS - 3 * 365 * MS_PER_DAY;
/** Reviews per honest customer: most review once, many review several platforms, a few resellers many. */
const REVIEWS_PER_CUSTOMER: readonly [number, number, number][] = [
  // [from, to, probability]
  [1, 1, 0.5],
  [2, 2, 0.2],
  [3, 3, 0.12],
  [4, 4, 0.07],
  [5, 8, 0.08],
  [9, 15, 0.03],
];
const REVIEW_COUNT_CHOICES = REVIEWS_PER_CUSTOMER.map(([from, to, p]) => [[from, to], p] as [[number, number], number]);
/** Promotions per world, each drawing 15–35 buyers to one platform within a week or so. */
const PROMOTIONS_PER_WORLD = [2, 4] as const;
/** Mean gap between one customer's successive reviews (days). */
const MEAN_REVIEW_GAP_DAYS = 75;

// ── Text pools (seed data: the field's common phrases) ──
type ProductKind = 'money' | 'membership' | 'count';
const PRODUCTS: readonly [string, ProductKind][] = [
  ['话费', 'money'], ['移动话费', 'money'], ['联通话费', 'money'], ['电信话费', 'money'],
  ['腾讯视频会员', 'membership'], ['爱奇艺会员', 'membership'], ['优酷会员', 'membership'],
  ['芒果TV会员', 'membership'], ['B站大会员', 'membership'], ['QQ音乐绿钻', 'membership'],
  ['网易云黑胶', 'membership'], ['王者点券', 'money'], ['和平精英点券', 'money'], ['网易点卡', 'money'],
  ['Q币', 'money'], ['京东E卡', 'money'], ['Steam充值卡', 'money'], ['游戏点卡', 'money'],
  ['课程兑换码', 'count'], ['原神月卡', 'count'],
];
const MONEY_AMOUNTS = ['10元', '20元', '30元', '50元', '50元', '100元', '100元', '200元', '300元', '500元'];
const SMALL_AMOUNTS = ['10元', '20元', '30元'];
const MEMBERSHIP_TERMS = ['月卡', '月卡', '季卡', '年卡', '周卡'];
const COUNTS = ['一个', '两个', '一张', '三张'];

/** Common phrases of satisfied buyers, most used first (picked with a Zipf law). */
const PRAISE_PHRASES = [
  '到账很快', '客服回复及时', '卡密都能用', '价格实惠', '秒到账', '好评', '靠谱', '发货快',
  '比官方便宜', '一直在这家买', '充值成功', '放心', '自动发货很方便', '会回购的', '老平台了很靠谱',
  '性价比高', '没出过问题', '客服态度很好', '下次还来', '推荐', '售后不错', '操作简单', '很稳定',
  '五星好评', '几秒就到账了', '退款也很快', '老用户了',
];
const NEUTRAL_PHRASES = [
  '还行', '能用', '到账稍微慢了点', '客服回复有点慢', '价格一般', '一般吧', '中规中矩',
  '等了十几分钟才到', '比别家贵一点', '凑合',
];
const COMPLAINT_PHRASES = [
  '卡密无效', '客服不回消息', '等了两天没到账', '退款很慢', '充值失败', '不推荐', '售后很差',
  '卡密被用过了', '一直显示处理中', '联系不上客服', '差评', '被坑了', '别买', '退款要各种证明',
];
/** What customers of a collapsing platform write (跑路 in progress). */
const COLLAPSE_PHRASES = [
  '提现不了', '余额冻结了', '客服失联', '退款被拒', '申请退款一直不处理', '余额提不出来',
  '网站打不开了', '一直说系统维护', '充值不到账', '客服把我拉黑了', '订单一直处理中',
  '大家别再充值了', '群里都说要跑路了', '卡密全部失效',
];

const WHEN = ['昨天', '前天', '上周', '周末', '月初', '半夜', '早上', '中午', '前几天'];
const WHO = ['我妈', '老爸', '对象', '室友', '表弟', '自己', '同事', '家里老人', '闺蜜'];
const WAIT = ['几秒就', '一分钟左右', '五分钟', '半小时', '快一个小时才'];
const GOOD_DETAIL = [
  '价格比营业厅便宜几块钱', '页面有点乱但能找到', '卡密复制下来直接就能兑换', '第一次用有点担心结果挺顺利',
  '之前在别家被坑过所以先买了小额试试', '半夜下单也是自动发的', '客服还提醒我怎么兑换', '发票也能开',
];
const SPAN = ['一年多', '半年', '两三年', '好几个月', '快三年'];
const GOOD_CLOSING = ['目前没遇到问题', '还会继续用', '希望一直保持', '算是比较稳的一家', '小额试过再放心买大额'];
const SNAG = ['有一张卡密提示已使用', '刚开始显示充值中', '下单后忘了复制卡密', '充错了号码'];
const SNAG_RESOLVED = ['很快补发了', '等了一天才处理', '给退了款', '说是运营商延迟，后来到了'];
const BAD_ISSUE = [
  '卡密提示已被使用', '过了一天还没到账', '兑换的时候说卡号不存在', '扣了钱订单却显示失败', '会员只到了一半天数',
];
const BAD_RESOLUTION = [
  '找客服一直不回', '客服让我等，等了三天', '申请退款被拒了，说超过48小时', '退款退到了平台余额，提不出来',
  '客服说是上游的问题让我自己去找',
];
const BAD_CLOSING = ['不会再来了', '大家小心', '小额还好，大额别冒险', '以后换别家了', '已经投诉了'];

/** Distinctive paragraphs a ring operator hands to its accounts (copied with small edits). */
const RING_PRAISE_TEMPLATES = [
  '这家卡盟真的是我用过最良心的平台，货源稳定价格低，客服24小时在线秒回，卡密全部正品可溯源，强烈推荐大家来买！',
  '用了这么多家卡盟，只有这家最靠谱，自动发货几秒到账，售后一键退款超方便，价格也是全网最低，闭眼入！',
  '良心平台，资质齐全有许可证，担保交易资金安全，卡密秒发从来没出过问题，已经推荐给身边朋友了！',
  '作为做了五年代理的老商家说一句，这家的货源是一手的，API对接稳定，售后比别家强太多，真心推荐！',
];
const SMEAR_TEMPLATES = [
  '垃圾平台，充了{amount}卡密全是无效的，客服直接把我拉黑了，这种骗子平台早晚跑路，大家千万不要上当！',
  '千万别在这家买！卡密是回收卡，用了没两天就被封号，退款不给退，已经准备报警了。',
  '骗子平台，说好的秒发货等了三天，找客服一直踢皮球，钱也不退，避雷避雷！',
];
/** Small edits a copy-paster makes so the copies are not identical. */
const SYNONYMS: readonly [string, string][] = [
  ['真的是', '确实是'], ['强烈推荐', '极力推荐'], ['秒回', '回复超快'], ['价格低', '价格实惠'],
  ['大家', '各位'], ['超方便', '很方便'], ['最靠谱', '最放心'], ['闭眼入', '放心买'], ['从来没', '从没'],
  ['千万', '一定'], ['骗子平台', '黑平台'], ['垃圾平台', '坑人平台'], ['真心推荐', '值得推荐'],
];
const PREFIXES = ['亲测，', '实话实说，', '老实说，', '说句实话，'];
const ENDINGS = ['！', '!!', '。', '～', '！！！', ''];

// ── Small helpers ──
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const days = (n: number): number => n * MS_PER_DAY;

function pickWeighted<T>(rng: Rng, items: readonly [T, number][]): T {
  let u = rng.next() * items.reduce((s, [, w]) => s + w, 0);
  for (const [item, w] of items) {
    u -= w;
    if (u < 0) return item;
  }
  return items[items.length - 1]![0];
}

const zipfCumulative = new Map<number, number[]>();
/** Index in 0..n-1 under a Zipf law with exponent 0.9 (a few phrases are used far more often than the rest). */
function zipfIndex(rng: Rng, n: number): number {
  let cumulative = zipfCumulative.get(n);
  if (!cumulative) {
    cumulative = [];
    let total = 0;
    for (let i = 1; i <= n; i++) cumulative.push((total += 1 / i ** 0.9));
    zipfCumulative.set(n, cumulative);
  }
  const u = rng.next() * cumulative[n - 1]!;
  for (let i = 0; i < n; i++) if (u < cumulative[i]!) return i;
  return n - 1;
}

function pickPhrases(rng: Rng, pool: readonly string[], count: number): string[] {
  const out: string[] = [];
  for (let tries = 0; out.length < count && tries < 20; tries++) {
    const phrase = pool[zipfIndex(rng, pool.length)]!;
    if (!out.includes(phrase)) out.push(phrase);
  }
  return out;
}

function productWithAmount(rng: Rng, small = false): { product: string; amount: string } {
  const [product, kind] = rng.pick(PRODUCTS);
  if (small) return { product: kind === 'membership' ? rng.pick(['腾讯视频会员', '爱奇艺会员']) : '话费', amount: kind === 'membership' ? '周卡' : rng.pick(SMALL_AMOUNTS) };
  const amount = kind === 'money' ? rng.pick(MONEY_AMOUNTS) : kind === 'membership' ? rng.pick(MEMBERSHIP_TERMS) : rng.pick(COUNTS);
  return { product, amount };
}

/** The product-and-amount opener of a formulaic review ("买了100元话费"), or nothing. */
function opener(rng: Rng, small = false): string {
  const { product, amount } = productWithAmount(rng, small);
  return pickWeighted<string>(rng, [
    [`买了${amount}${product}`, 3],
    [`充了${amount}${product}`, 2],
    [`${product}${amount}`, 3],
    [`第${rng.pick(['二', '三', '五', 'N'])}次买${product}`, 1],
    [`给家里人充${amount}${product}`, 0.7],
    [product, 1],
  ]);
}

function joinPhrases(rng: Rng, parts: string[], rating: number): string {
  const sep = rng.chance(0.85) ? '，' : rng.chance(0.5) ? ' ' : ',';
  const end = pickWeighted<string>(rng, [['', 5], ['。', 2], ['！', 2], [rating >= 4 ? '~' : '。。。', 0.5], [rating >= 4 ? '👍' : '！！', 0.5]]);
  return parts.join(sep) + end;
}

/** 1–3 common phrases matching the rating. */
function phrasesFor(rng: Rng, rating: number, pools: { praise: readonly string[]; complaint: readonly string[] }): string[] {
  const count = pickWeighted<number>(rng, [[1, 0.35], [2, 0.45], [3, 0.2]]);
  if (rating >= 4) {
    const phrases = pickPhrases(rng, pools.praise, count);
    if (rating === 4 && rng.chance(0.3)) phrases.push(rng.pick(NEUTRAL_PHRASES));
    return phrases;
  }
  if (rating === 3) {
    const phrases = pickPhrases(rng, NEUTRAL_PHRASES, Math.min(count, 2));
    if (rng.chance(0.4)) phrases.push(rng.chance(0.5) ? rng.pick(pools.praise) : rng.pick(pools.complaint));
    return phrases;
  }
  return pickPhrases(rng, pools.complaint, count);
}

/** A formulaic review: optional product/amount opener plus 1–3 common phrases matching the rating. */
function formulaicText(rng: Rng, rating: number, pools = { praise: PRAISE_PHRASES, complaint: COMPLAINT_PHRASES }, smallOrder = false): string {
  const phrases = phrasesFor(rng, rating, pools);
  const parts = rng.chance(0.65) ? [opener(rng, smallOrder), ...phrases] : phrases;
  return joinPhrases(rng, parts, rating);
}

/** A buyer drawn by a promotion mentions it ("趁活动买了100元话费，到账很快"). */
function promotionText(rng: Rng, rating: number): string {
  const { product, amount } = productWithAmount(rng);
  const lead = `${rng.pick(['趁活动买了', '活动价买了', '搞活动囤了', '新人优惠买了'])}${amount}${product}`;
  return joinPhrases(rng, [lead, ...phrasesFor(rng, rating, { praise: PRAISE_PHRASES, complaint: COMPLAINT_PHRASES })], rating);
}

/** A review in the buyer's own words: longer, with the details of one purchase. */
function personalText(rng: Rng, rating: number): string {
  const { product, amount } = productWithAmount(rng);
  if (rating >= 4) {
    return rng.chance(0.5)
      ? `${rng.pick(WHEN)}帮${rng.pick(WHO)}买了${amount}${product}，${rng.pick(WAIT)}到账，${rng.pick(GOOD_DETAIL)}。`
      : `在这家买${product}${rng.pick(SPAN)}了，${rng.pick(GOOD_DETAIL)}，${rng.pick(GOOD_CLOSING)}。`;
  }
  if (rating === 3) {
    return `${product}${amount}，${rng.pick(SNAG)}，找客服${rng.pick(SNAG_RESOLVED)}。${rng.pick(['还行吧', '总体一般', '勉强能用'])}`;
  }
  return `${rng.pick(WHEN)}买的${amount}${product}，${rng.pick(BAD_ISSUE)}，${rng.pick(BAD_RESOLUTION)}，${rng.pick(BAD_CLOSING)}。`;
}

function honestText(rng: Rng, rating: number): string | undefined {
  if (rng.chance(NO_TEXT_SHARE)) return undefined;
  return rng.chance(PERSONAL_TEXT_SHARE) ? personalText(rng, rating) : formulaicText(rng, rating);
}

/** A copy of an operator's template with 1–3 small edits (synonyms, a dropped clause, a prefix, the ending). */
function editedCopy(rng: Rng, template: string): string {
  let text = template.replace('{amount}', rng.pick(MONEY_AMOUNTS));
  const edits = rng.int(1, 3);
  for (let e = 0; e < edits; e++) {
    const op = rng.int(0, 3);
    if (op === 0) {
      const present = SYNONYMS.filter(([a, b]) => text.includes(a) || text.includes(b));
      if (present.length > 0) {
        const [a, b] = rng.pick(present);
        text = text.includes(a) ? text.replace(a, b) : text.replace(b, a);
      }
    } else if (op === 1) {
      const clauses = text.split('，');
      if (clauses.length >= 4) {
        clauses.splice(rng.int(1, clauses.length - 2), 1);
        text = clauses.join('，');
      }
    } else if (op === 2) {
      if (!PREFIXES.some((p) => text.startsWith(p))) text = rng.pick(PREFIXES) + text;
    } else {
      text = text.replace(/[！!。～]+$/u, '') + rng.pick(ENDINGS);
    }
  }
  return text;
}

/** Share of lukewarm buyers (3★, sometimes 2★ or 4★) whatever the platform. */
const LUKEWARM_SHARE = 0.2;
/** Satisfied buyers give 5★ or 4★, dissatisfied ones 1★ or 2★ (mostly the extreme). */
const SATISFIED_MEAN = 0.65 * 5 + 0.35 * 4;
const DISSATISFIED_MEAN = 0.65 * 1 + 0.35 * 2;

/**
 * J-shaped star rating of an honest buyer of a platform of true quality q (1..5), with mean q.
 * Self-selection makes review sites J-shaped: buyers with extreme experiences review more
 * (Hu, Pavlou & Zhang, CACM 52(10), 2009). A buyer is lukewarm, satisfied or dissatisfied;
 * the satisfied share is set so that the expected rating equals q:
 *   q = l·3 + s·SATISFIED_MEAN + (1 − l − s)·DISSATISFIED_MEAN.
 * A failed card key or a refused refund ("卡密失效""售后无门", seed article) is a dissatisfied buyer.
 */
function honestRating(rng: Rng, quality: number): number {
  const satisfied = clamp(
    (quality - LUKEWARM_SHARE * 3 - (1 - LUKEWARM_SHARE) * DISSATISFIED_MEAN) / (SATISFIED_MEAN - DISSATISFIED_MEAN),
    0.02,
    1 - LUKEWARM_SHARE - 0.02,
  );
  const u = rng.next();
  if (u < LUKEWARM_SHARE) return pickWeighted<number>(rng, [[3, 0.6], [2, 0.2], [4, 0.2]]);
  if (u < LUKEWARM_SHARE + satisfied) return rng.chance(0.65) ? 5 : 4;
  return rng.chance(0.65) ? 1 : 2;
}

function dimensionsFor(rng: Rng, rating: number, noise = 0.7): Partial<Record<Dimension, number>> {
  const out: Partial<Record<Dimension, number>> = {};
  for (const d of DIMENSION_KEYS) out[d] = clamp(Math.round(rating + rng.normal() * noise), 1, 5);
  return out;
}

// ── The world under construction ──
interface FieldPlatform {
  id: string;
  foundedAtMs: number;
  quality: number;
  /** Relative popularity (Zipf weight). */
  popularity: number;
}

class WorldBuilder {
  readonly rng: Rng;
  readonly accounts: AccountInput[] = [];
  readonly reviews: ReviewInput[] = [];
  readonly platforms: FieldPlatform[] = [];
  private readonly used = new Set<string>();

  constructor(rng: Rng) {
    this.rng = rng;
  }

  /** Opaque unique id (the model must never read meaning into ids). */
  freshId(): string {
    let id = this.rng.id();
    while (this.used.has(id)) id = this.rng.id();
    this.used.add(id);
    return id;
  }

  addAccount(createdAtMs: number, fingerprint: string | undefined): AccountInput {
    const account: AccountInput = { id: this.freshId(), createdAtMs: Math.round(Math.min(createdAtMs, NOW_MS)) };
    if (fingerprint !== undefined) account.fingerprint = fingerprint;
    this.accounts.push(account);
    return account;
  }

  addReview(review: Omit<ReviewInput, 'id'>): ReviewInput {
    const full: ReviewInput = { id: this.freshId(), ...review, createdAtMs: Math.round(review.createdAtMs) };
    if (full.text === undefined) delete full.text;
    this.reviews.push(full);
    return full;
  }

  quality(platformId: string): number {
    return this.platforms.find((p) => p.id === platformId)!.quality;
  }

  /** A platform open at time t, by popularity, other than those excluded. */
  pickPlatform(tMs: number, exclude: ReadonlySet<string>): FieldPlatform | undefined {
    const isOpen = (p: FieldPlatform) => p.foundedAtMs <= tMs - days(3) && !exclude.has(p.id);
    let total = 0;
    for (const p of this.platforms) if (isOpen(p)) total += p.popularity;
    if (total === 0) return undefined;
    let u = this.rng.next() * total;
    let last: FieldPlatform | undefined;
    for (const p of this.platforms) {
      if (!isOpen(p)) continue;
      last = p;
      u -= p.popularity;
      if (u < 0) return p;
    }
    return last;
  }
}

interface BaseWorld {
  builder: WorldBuilder;
  /** Mediocre platform of moderate popularity: the praise attacks' target. */
  praiseTargetId: string;
  /** Good platform of moderate popularity: the smear's target. */
  smearTargetId: string;
  /** Good, popular, established platform: the one that collapses in the complaint world. */
  collapseTargetId: string;
}

function platformAgeDays(rng: Rng): number {
  // Some recently founded, most one to four years, a long tail of veterans up to ~9 years.
  return pickWeighted<() => number>(rng, [
    [() => rng.uniform(90, 365), 0.15],
    [() => rng.uniform(365, 4 * 365), 0.45],
    [() => rng.uniform(4 * 365, 9 * 365), 0.4],
  ])();
}

function platformQuality(rng: Rng): number {
  // Most platforms are decent, a tenth are bad (the article's "质量参差不齐").
  if (rng.chance(0.1)) return rng.uniform(1.3, 2.3);
  return clamp(3.5 + 0.7 * rng.normal(), 1.5, 4.9);
}

/**
 * Choose a platform whose popularity rank lies in [loShare, hiShare) of the ranking and which is
 * old enough; if none has a quality in [qLo, qHi], the one nearest to the range is given a quality
 * inside it (the world needs a platform of that kind to attack).
 */
function chooseTarget(b: WorldBuilder, byPopularity: FieldPlatform[], loShare: number, hiShare: number, qLo: number, qHi: number, minAgeDays: number, taken: Set<string>): FieldPlatform {
  const n = byPopularity.length;
  const band = byPopularity
    .slice(Math.floor(n * loShare), Math.max(Math.floor(n * loShare) + 1, Math.floor(n * hiShare)))
    .filter((p) => !taken.has(p.id) && p.foundedAtMs <= NOW_MS - days(minAgeDays));
  const pool = band.length > 0 ? band : byPopularity.filter((p) => !taken.has(p.id));
  const fitting = pool.filter((p) => p.quality >= qLo && p.quality <= qHi);
  let chosen: FieldPlatform;
  if (fitting.length > 0) chosen = b.rng.pick(fitting);
  else {
    chosen = b.rng.pick(pool);
    chosen.quality = b.rng.uniform(qLo, qHi);
  }
  if (chosen.foundedAtMs > NOW_MS - days(minAgeDays)) chosen.foundedAtMs = NOW_MS - days(minAgeDays + b.rng.uniform(0, 365));
  taken.add(chosen.id);
  return chosen;
}

function generateBase(seed: number): BaseWorld {
  const b = new WorldBuilder(createRng(seed));
  const { rng } = b;

  // Platforms: ages, qualities, and a popularity that grows with age (established platforms keep customers).
  const platformCount = rng.int(PLATFORM_COUNT_RANGE[0], PLATFORM_COUNT_RANGE[1]);
  const drafts = Array.from({ length: platformCount }, () => {
    const ageDays = platformAgeDays(rng);
    return { id: b.freshId(), foundedAtMs: NOW_MS - days(ageDays), quality: platformQuality(rng), popularityKey: Math.log(ageDays) + 0.8 * rng.normal() };
  });
  drafts.sort((x, y) => y.popularityKey - x.popularityKey);
  const byPopularity: FieldPlatform[] = drafts.map((d, i) => ({ id: d.id, foundedAtMs: Math.round(d.foundedAtMs), quality: d.quality, popularity: 1 / (i + 1) ** POPULARITY_ZIPF }));
  b.platforms.push(...byPopularity);

  const taken = new Set<string>();
  const collapse = chooseTarget(b, byPopularity, 0.02, 0.25, 4.0, 4.7, 2 * 365, taken);
  const smear = chooseTarget(b, byPopularity, 0.2, 0.6, 4.0, 4.7, 365, taken);
  const praise = chooseTarget(b, byPopularity, 0.35, 0.75, 2.4, 3.3, 240, taken);

  // Shared devices: a family's pair (rarely three) of accounts behind one fingerprint.
  const openDevices: { fingerprint: string; seatsLeft: number }[] = [];

  // Honest customers, until the world's honest review budget is spent.
  const honestTarget = rng.int(HONEST_REVIEW_RANGE[0], HONEST_REVIEW_RANGE[1]);
  const historyStartMs = NOW_MS - days(HISTORY_DAYS);
  while (b.reviews.length < honestTarget) {
    // First review: the site grows, so more customers arrive recently (density rising linearly to now).
    const firstMs = NOW_MS - days(HISTORY_DAYS) * (1 - Math.sqrt(rng.next()));
    // Account age at the first review: signed up to review, a few months, or years.
    const ageAtFirst = pickWeighted<() => number>(rng, [
      [() => rng.uniform(0, 14), 0.3],
      [() => rng.uniform(14, 365), 0.35],
      [() => rng.uniform(365, 5 * 365), 0.35],
    ])();
    const createdAtMs = Math.max(historyStartMs - days(4 * 365), firstMs - days(ageAtFirst));
    let fingerprint: string | undefined;
    if (createdAtMs < FINGERPRINT_RECORDED_SINCE_MS && rng.chance(0.3)) fingerprint = undefined;
    else if (openDevices.length > 0 && rng.chance(SHARED_DEVICE_SHARE / 2)) {
      const device = rng.pick(openDevices);
      fingerprint = device.fingerprint;
      if (--device.seatsLeft === 0) openDevices.splice(openDevices.indexOf(device), 1);
    } else {
      fingerprint = b.freshId();
      if (rng.chance(SHARED_DEVICE_SHARE / 2)) openDevices.push({ fingerprint, seatsLeft: rng.chance(0.9) ? 1 : 2 });
    }
    const account = b.addAccount(createdAtMs, fingerprint);
    if (rng.chance(0.01)) account.removedPosts = 1; // an off-topic or rude post removed once

    const [lo, hi] = pickWeighted(rng, REVIEW_COUNT_CHOICES);
    const wanted = rng.int(lo, hi);
    const reviewed = new Set<string>();
    let tMs = firstMs;
    for (let k = 0; k < wanted && tMs <= NOW_MS; k++) {
      const platform = b.pickPlatform(tMs, reviewed);
      if (platform) {
        reviewed.add(platform.id);
        addHonestReview(b, account, platform, tMs);
      }
      tMs += days(Math.max(1, -MEAN_REVIEW_GAP_DAYS * Math.log(1 - rng.next())));
    }
  }
  addPromotions(b);
  return { builder: b, praiseTargetId: praise.id, smearTargetId: smear.id, collapseTargetId: collapse.id };
}

/**
 * Promotions (活动价, 新人优惠; the article's "5折话费充值" bait is the extreme case): a platform's deal
 * draws a cluster of buyers within a week or so — many signing up for it, some long-time customers of
 * other platforms. They are honest; their ratings follow the platform's quality like everyone's.
 */
function addPromotions(b: WorldBuilder): void {
  const { rng } = b;
  const reviewedBy = new Map<string, Set<string>>();
  for (const r of b.reviews) {
    const set = reviewedBy.get(r.accountId) ?? new Set<string>();
    set.add(r.platformId);
    reviewedBy.set(r.accountId, set);
  }
  const promotions = rng.int(PROMOTIONS_PER_WORLD[0], PROMOTIONS_PER_WORLD[1]);
  for (let k = 0; k < promotions; k++) {
    const startMs = NOW_MS - days(rng.uniform(15, HISTORY_DAYS));
    const platform = b.pickPlatform(startMs - days(60), new Set());
    if (!platform) continue;
    const lengthDays = rng.uniform(5, 10);
    const buyers = rng.int(15, 35);
    const established = b.accounts.filter((a) => a.createdAtMs < startMs - days(30) && !reviewedBy.get(a.id)?.has(platform.id));
    for (let i = 0; i < buyers; i++) {
      const atMs = startMs + days(rng.uniform(0, lengthDays));
      let account: AccountInput;
      if (rng.chance(0.45) && established.length > 0) account = established.splice(rng.int(0, established.length - 1), 1)[0]!;
      else account = b.addAccount(atMs - days(rng.uniform(0, 3)), b.freshId());
      const set = reviewedBy.get(account.id) ?? new Set<string>();
      set.add(platform.id);
      reviewedBy.set(account.id, set);
      addHonestReview(b, account, platform, atMs, true);
    }
  }
}

function addHonestReview(b: WorldBuilder, account: AccountInput, platform: FieldPlatform, tMs: number, promotion = false): ReviewInput {
  const { rng } = b;
  const rating = honestRating(rng, platform.quality);
  const text = promotion && rng.chance(0.5) ? promotionText(rng, rating) : honestText(rng, rating);
  const proof = pickWeighted(rng, HONEST_PROOF_MIX);
  if (proof === 'rejected') account.rejectedProofs = (account.rejectedProofs ?? 0) + 1;
  const review = b.addReview({
    accountId: account.id,
    platformId: platform.id,
    rating,
    createdAtMs: Math.max(tMs, account.createdAtMs + rng.uniform(0, days(1))),
    proof,
    text,
  });
  if (review.createdAtMs > NOW_MS) review.createdAtMs = NOW_MS - Math.round(rng.uniform(0, days(1)));
  if (rng.chance(DIMENSIONS_SHARE)) review.dimensions = dimensionsFor(rng, rating);
  if (rng.chance(FOLLOW_UP_SHARE)) {
    // 追评 weeks later: the buyer keeps the rating, or the longer experience changes it.
    const followUps: FollowUpInput[] = [];
    let atMs = review.createdAtMs;
    let last = rating;
    const count = rng.chance(0.15) ? 2 : 1;
    for (let k = 0; k < count; k++) {
      atMs += days(rng.uniform(7, 120));
      if (atMs > NOW_MS) break;
      last = rng.chance(0.5) ? last : honestRating(rng, platform.quality);
      followUps.push({ createdAtMs: Math.round(atMs), rating: last });
    }
    if (followUps.length > 0) review.followUps = followUps;
  }
  return review;
}

function finish(b: WorldBuilder, extra: { fake?: Set<string>; filler?: Set<string>; targetId?: string; wave?: ComplaintWave; qualityOverride?: Map<string, number> }): FieldWorld {
  const reviews = [...b.reviews].sort((x, y) => x.createdAtMs - y.createdAtMs || (x.id < y.id ? -1 : 1));
  const accounts = [...b.accounts].sort((x, y) => x.createdAtMs - y.createdAtMs || (x.id < y.id ? -1 : 1));
  const platforms: PlatformInput[] = b.rng.shuffle(b.platforms.map((p) => ({ id: p.id, foundedAtMs: p.foundedAtMs })));
  const trueQuality = new Map(b.platforms.map((p) => [p.id, extra.qualityOverride?.get(p.id) ?? p.quality]));
  const world: FieldWorld = {
    input: { nowMs: NOW_MS, accounts, platforms, reviews },
    trueQuality,
    fake: extra.fake ?? new Set(),
    filler: extra.filler ?? new Set(),
  };
  if (extra.targetId !== undefined) world.targetId = extra.targetId;
  if (extra.wave !== undefined) world.wave = extra.wave;
  return world;
}

/** Honest buyers only: formulaic texts, multi-platform customers, J-shaped ratings, 追评, family devices. */
export function generateFieldHonestWorld(seed: number): FieldWorld {
  return finish(generateBase(seed).builder, {});
}

// ── Attacks ──
const KIND_SALT: Record<AttackKind, number> = { ring: 0x1a2b, smear: 0x2b3c, camouflage: 0x3c4d, dormant: 0x4d5e, drip: 0x5e6f, brushing: 0x6f70 };

interface AttackContext {
  b: WorldBuilder;
  rng: Rng;
  targetId: string;
  fake: Set<string>;
  filler: Set<string>;
}

/** Fingerprints of an operator's devices: `accounts` accounts spread over `devices` fingerprints. */
function operatorFingerprints(ctx: AttackContext, accounts: number, devices: number): string[] {
  const fps = Array.from({ length: devices }, () => ctx.b.freshId());
  return Array.from({ length: accounts }, (_, i) => (i < devices ? fps[i]! : ctx.rng.pick(fps)));
}

function attackProof(rng: Rng, pendingShare: number): ProofState {
  return rng.chance(pendingShare) ? 'pending' : 'none';
}

/** Start of an attack window that ends before now: attacks are found while recent. */
function recentWindowStart(rng: Rng, windowDays: number): number {
  return NOW_MS - days(windowDays + rng.uniform(3, 60));
}

function targetReview(ctx: AttackContext, account: AccountInput, rating: number, atMs: number, proof: ProofState, text: string | undefined): ReviewInput {
  const review = ctx.b.addReview({ accountId: account.id, platformId: ctx.targetId, rating, createdAtMs: atMs, proof, text });
  if (ctx.rng.chance(0.5)) review.dimensions = dimensionsFor(ctx.rng, rating, 0.3);
  ctx.fake.add(review.id);
  return review;
}

/** Fresh ring: 15–30 accounts registered in a batch on a few devices, copied praise, 5★ within days. */
function attackRing(ctx: AttackContext): void {
  const { rng } = ctx;
  const n = rng.int(15, 30);
  const windowDays = rng.uniform(2, 5);
  const startMs = recentWindowStart(rng, windowDays);
  const batchMs = startMs - days(rng.uniform(3, 20));
  const fps = operatorFingerprints(ctx, n, rng.int(2, 5));
  const templates = rng.shuffle([...RING_PRAISE_TEMPLATES]).slice(0, rng.int(1, 2));
  for (let i = 0; i < n; i++) {
    const account = ctx.b.addAccount(batchMs + days(rng.uniform(0, 2)), fps[i]);
    const text = rng.chance(0.9) ? editedCopy(rng, rng.pick(templates)) : undefined;
    targetReview(ctx, account, 5, startMs + days(rng.uniform(0, windowDays)), attackProof(rng, 0.2), text);
  }
}

/** Smear: 15–30 young accounts post 1★ complaints about a good competitor within a few days. */
function attackSmear(ctx: AttackContext): void {
  const { rng } = ctx;
  const n = rng.int(15, 30);
  const windowDays = rng.uniform(2, 4);
  const startMs = recentWindowStart(rng, windowDays);
  // A 水军 operator: part of the accounts on a few shared devices, the rest behind proxies.
  const shared = operatorFingerprints(ctx, n, rng.int(3, 6));
  for (let i = 0; i < n; i++) {
    const fingerprint = rng.chance(0.5) ? shared[i] : ctx.b.freshId();
    const account = ctx.b.addAccount(startMs - days(rng.uniform(1, 25)), fingerprint);
    const text = rng.chance(0.6) ? editedCopy(rng, rng.pick(SMEAR_TEMPLATES)) : formulaicText(rng, 1);
    targetReview(ctx, account, 1, startMs + days(rng.uniform(0, windowDays)), attackProof(rng, 0.15), text);
  }
}

/** Camouflage: ring accounts first rate 2–4 other platforms plausibly (filler), then praise the target. */
function attackCamouflage(ctx: AttackContext): void {
  const { rng, b } = ctx;
  const n = rng.int(15, 30);
  const windowDays = rng.uniform(2, 6);
  const startMs = recentWindowStart(rng, windowDays);
  const fps = operatorFingerprints(ctx, n, rng.int(4, 8));
  const template = rng.pick(RING_PRAISE_TEMPLATES);
  for (let i = 0; i < n; i++) {
    const account = b.addAccount(startMs - days(rng.uniform(40, 120)), fps[i]);
    const reviewed = new Set([ctx.targetId]);
    const fillers = rng.int(2, 4);
    for (let k = 0; k < fillers; k++) {
      const atMs = account.createdAtMs + rng.uniform(days(3), startMs - days(2) - account.createdAtMs);
      const platform = b.pickPlatform(atMs, reviewed);
      if (!platform) continue;
      reviewed.add(platform.id);
      // Plausible: a rating an honest buyer of that platform might give, in the field's phrases.
      const rating = honestRating(rng, platform.quality);
      const review = b.addReview({ accountId: account.id, platformId: platform.id, rating, createdAtMs: atMs, proof: attackProof(rng, 0.15), text: rng.chance(0.7) ? formulaicText(rng, rating) : undefined });
      ctx.filler.add(review.id);
    }
    const rating = rng.chance(0.85) ? 5 : 4;
    targetReview(ctx, account, rating, startMs + days(rng.uniform(0, windowDays)), attackProof(rng, 0.25), rng.chance(0.85) ? editedCopy(rng, template) : formulaicText(rng, rating));
  }
}

/** Sleepers: accounts registered in batches long ago, idle for months, wake to praise the target. */
function attackDormant(ctx: AttackContext): void {
  const { rng, b } = ctx;
  const n = rng.int(15, 30);
  const windowDays = rng.uniform(2, 5);
  const startMs = recentWindowStart(rng, windowDays);
  const batches = Array.from({ length: rng.int(2, 3) }, () => NOW_MS - days(rng.uniform(400, 1400)));
  const fps = operatorFingerprints(ctx, n, rng.int(4, 10));
  const template = rng.pick(RING_PRAISE_TEMPLATES);
  for (let i = 0; i < n; i++) {
    const account = b.addAccount(rng.pick(batches) + days(rng.uniform(0, 3)), fps[i]);
    if (rng.chance(0.5)) {
      // One early review elsewhere to look used, then months of silence.
      const atMs = account.createdAtMs + days(rng.uniform(10, 90));
      const platform = b.pickPlatform(atMs, new Set([ctx.targetId]));
      if (platform) {
        const rating = honestRating(rng, platform.quality);
        const review = b.addReview({ accountId: account.id, platformId: platform.id, rating, createdAtMs: atMs, proof: 'none', text: rng.chance(0.6) ? formulaicText(rng, rating) : undefined });
        ctx.filler.add(review.id);
      }
    }
    const rating = rng.chance(0.9) ? 5 : 4;
    const text = rng.chance(0.5) ? editedCopy(rng, template) : formulaicText(rng, rating);
    targetReview(ctx, account, rating, startMs + days(rng.uniform(0, windowDays)), attackProof(rng, 0.25), text);
  }
}

/** Slow drip: 40 unrelated-looking accounts, one unproven 4–5★ review each, spread over ~6 months. */
function attackDrip(ctx: AttackContext): void {
  const { rng, b } = ctx;
  for (let i = 0; i < 40; i++) {
    const atMs = NOW_MS - days(rng.uniform(2, 182));
    const account = b.addAccount(atMs - days(rng.uniform(0, 14)), b.freshId());
    const rating = rng.chance(0.65) ? 5 : 4;
    const text = rng.chance(0.2) ? undefined : rng.chance(0.35) ? personalText(rng, rating) : formulaicText(rng, rating);
    targetReview(ctx, account, rating, Math.max(atMs, account.createdAtMs), 'none', text);
  }
}

/** 刷单: 20 accounts one to four months old, each with a verified small order on the target, 5★ within a week. */
function attackBrushing(ctx: AttackContext): void {
  const { rng, b } = ctx;
  const startMs = recentWindowStart(rng, 7);
  for (let i = 0; i < 20; i++) {
    const atMs = startMs + days(rng.uniform(0, 7));
    // Each 刷手 uses their own phone: distinct fingerprints.
    const account = b.addAccount(atMs - days(rng.uniform(30, 120)), b.freshId());
    const text = rng.chance(0.85) ? formulaicText(rng, 5, undefined, true) : undefined;
    const review = targetReview(ctx, account, 5, atMs, 'verified', text);
    if (rng.chance(0.35)) {
      const followMs = atMs + days(rng.uniform(3, 25));
      if (followMs <= NOW_MS) review.followUps = [{ createdAtMs: Math.round(followMs), rating: 5 }];
    }
  }
}

const ATTACKS: Record<AttackKind, (ctx: AttackContext) => void> = {
  ring: attackRing,
  smear: attackSmear,
  camouflage: attackCamouflage,
  dormant: attackDormant,
  drip: attackDrip,
  brushing: attackBrushing,
};

/** The honest world of `seed` plus one attack on a target (a mediocre platform for praise, a good one for the smear). */
export function generateFieldAttackWorld(seed: number, kind: AttackKind): FieldWorld {
  const base = generateBase(seed);
  const targetId = kind === 'smear' ? base.smearTargetId : base.praiseTargetId;
  const ctx: AttackContext = { b: base.builder, rng: createRng((seed * 7919) ^ KIND_SALT[kind]), targetId, fake: new Set(), filler: new Set() };
  ATTACKS[kind](ctx);
  return finish(base.builder, { fake: ctx.fake, filler: ctx.filler, targetId });
}

// ── Complaint wave (跑路 in progress) ──
const WAVE_SIZE = 40;
const WAVE_DAYS = 7;

/**
 * A good, popular platform collapses: 40 existing customers (accounts one month to three years old,
 * most with earlier reviews of other platforms, each on their own device, ~60 % with verified orders)
 * post 1–2★ within one week, and some earlier reviewers of the platform downgrade in a 追评.
 */
export function generateFieldComplaintWorld(seed: number): FieldWorld {
  const base = generateBase(seed);
  const b = base.builder;
  const rng = createRng((seed * 104_729) ^ 0x7a7e);
  const targetId = base.collapseTargetId;
  const fromMs = NOW_MS - days(rng.uniform(WAVE_DAYS + 1, WAVE_DAYS + 5));
  const toMs = fromMs + days(WAVE_DAYS);

  // Once the collapse starts, the ordinary praise stops: drop the base world's reviews and
  // 追评 of the platform from the wave's start on (the customers who come now are the wave).
  for (let i = b.reviews.length - 1; i >= 0; i--) {
    const r = b.reviews[i]!;
    if (r.platformId !== targetId) continue;
    if (r.createdAtMs >= fromMs) b.reviews.splice(i, 1);
    else if (r.followUps) {
      r.followUps = r.followUps.filter((f) => f.createdAtMs < fromMs);
      if (r.followUps.length === 0) delete r.followUps;
    }
  }
  // Rejected-proof counts follow the reviews that remain.
  const rejected = new Map<string, number>();
  for (const r of b.reviews) if (r.proof === 'rejected') rejected.set(r.accountId, (rejected.get(r.accountId) ?? 0) + 1);
  for (const a of b.accounts) {
    const n = rejected.get(a.id) ?? 0;
    if (n > 0) a.rejectedProofs = n;
    else delete a.rejectedProofs;
  }

  // Candidates: established customers on their own device, who reviewed other platforms before and not this one.
  const fingerprintUse = new Map<string, number>();
  for (const a of b.accounts) if (a.fingerprint) fingerprintUse.set(a.fingerprint, (fingerprintUse.get(a.fingerprint) ?? 0) + 1);
  const reviewedTarget = new Set(b.reviews.filter((r) => r.platformId === targetId).map((r) => r.accountId));
  const earlierElsewhere = new Set(b.reviews.filter((r) => r.platformId !== targetId && r.createdAtMs < fromMs).map((r) => r.accountId));
  const candidates = b.accounts.filter(
    (a) =>
      a.fingerprint !== undefined &&
      fingerprintUse.get(a.fingerprint) === 1 &&
      !reviewedTarget.has(a.id) &&
      earlierElsewhere.has(a.id) &&
      fromMs - a.createdAtMs >= days(30) &&
      fromMs - a.createdAtMs <= days(3 * 365) &&
      !a.removedPosts &&
      !a.rejectedProofs,
  );
  rng.shuffle(candidates);
  const withHistory = Math.min(candidates.length, Math.round(WAVE_SIZE * rng.uniform(0.72, 0.88)));
  const waveAccounts: AccountInput[] = candidates.slice(0, withHistory);
  // The rest: customers who bought for a while but never reviewed anything until now.
  while (waveAccounts.length < WAVE_SIZE) waveAccounts.push(b.addAccount(fromMs - days(rng.uniform(30, 3 * 365)), b.freshId()));

  const reviewIds = new Set<string>();
  const verifiedCount = Math.round(WAVE_SIZE * 0.6);
  for (const [i, account] of waveAccounts.entries()) {
    // Complaints gather pace as word spreads (density rising through the week).
    const atMs = fromMs + days(WAVE_DAYS) * Math.sqrt(rng.next());
    const rating = rng.chance(0.75) ? 1 : 2;
    const proof: ProofState = i < verifiedCount ? 'verified' : rng.chance(0.6) ? 'pending' : 'none';
    let text: string | undefined;
    const style = rng.next();
    if (style < 0.65) text = formulaicText(rng, rating, { praise: PRAISE_PHRASES, complaint: COLLAPSE_PHRASES });
    else if (style < 0.9) text = `${rng.pick(['余额还有', '账户里还有', '充进去的'])}${rng.int(2, 60) * 50}元${rng.pick(['提不出来', '被冻结了', '退不回来'])}，${rng.pick(COLLAPSE_PHRASES)}，${rng.pick(['用了' + rng.pick(SPAN) + '一直挺好的', '以前一直好好的', '之前还推荐给朋友'])}，${rng.pick(['这次怕是要跑路了', '大家赶紧把余额提出来', '已经去报警了', '求大家别再充了'])}。`;
    const review = b.addReview({ accountId: account.id, platformId: targetId, rating, createdAtMs: Math.min(atMs, NOW_MS), proof, text });
    if (rng.chance(0.4)) review.dimensions = dimensionsFor(rng, rating, 0.4);
    reviewIds.add(review.id);
  }
  // Earlier reviewers of the platform come back with a downgrading 追评 in the same week.
  const earlier = b.reviews.filter((r) => r.platformId === targetId && !reviewIds.has(r.id) && r.createdAtMs < fromMs && r.createdAtMs >= fromMs - days(540) && r.rating >= 3);
  rng.shuffle(earlier);
  const followUpReviewIds = new Set<string>();
  for (const r of earlier.slice(0, rng.int(5, 14))) {
    const followUps = r.followUps ?? [];
    followUps.push({ createdAtMs: Math.round(Math.min(NOW_MS, fromMs + days(rng.uniform(0.5, WAVE_DAYS)))), rating: rng.chance(0.7) ? 1 : 2 });
    r.followUps = followUps;
    followUpReviewIds.add(r.id);
  }

  const before = b.quality(targetId);
  return finish(b, {
    targetId,
    wave: { reviewIds, followUpReviewIds, fromMs: Math.round(fromMs), toMs: Math.round(toMs), qualityBeforeCollapse: before },
    // Its true quality now: withdrawals blocked, refunds refused.
    qualityOverride: new Map([[targetId, 1]]),
  });
}
