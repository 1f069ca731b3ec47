// Synthetic worlds for evaluating the reputation model: honest buyers of every
// account age and proof state on platforms of known true quality (long-tail
// popularity), plus the attacks the model must resist and one wave it must not.
// Labels (`fake`, `target`, `trueQuality`) are kept beside the model input, never in it.
import type { AccountInput, ModelInput, PlatformInput, ProofState, ReviewInput } from '../types.ts';
import { MS_PER_DAY } from '../config.ts';
import { createRng, type Rng } from './prng.ts';

export type AttackKind = 'ring' | 'smear' | 'camouflage' | 'dormant' | 'drip' | 'brushing';
export const ATTACK_KINDS: readonly AttackKind[] = ['ring', 'smear', 'camouflage', 'dormant', 'drip', 'brushing'];

export interface WorldOptions {
  platforms: number;
  /** Reviews of the least-reviewed platform. */
  minReviewsPerPlatform: number;
  /** Reviews of the most-reviewed platform (Zipf-like long tail in between). */
  maxReviewsPerPlatform: number;
  /** Std-dev of an honest rating around the platform's true quality (stars). */
  ratingNoiseStars: number;
  historyDays: number;
  /** Share of honest reviews whose purchase proof moderators rejected (honest buyers upload the wrong order too). Default 0.04. */
  rejectedProofShare?: number;
}

export const DEFAULT_WORLD: WorldOptions = {
  platforms: 60,
  minReviewsPerPlatform: 15,
  maxReviewsPerPlatform: 400,
  ratingNoiseStars: 0.9,
  historyDays: 730,
};

export interface World {
  input: ModelInput;
  /** platform id → true quality (1..5) */
  trueQuality: Map<string, number>;
  /** ids of fake reviews (the attack's reviews of its target) */
  fake: Set<string>;
  /** ids of attack filler (camouflage ratings of other platforms): neither fake nor honest in the AUC */
  filler: Set<string>;
  /** platform the attack or the wave is aimed at */
  targetId?: string;
}

export const NOW_MS = Date.UTC(2026, 5, 1);

const PHRASES = [
  '到账很快', '客服回复及时', '卡密都能用', '价格比别家便宜一点', '退款流程有点慢', '半夜下单也秒发',
  '有几张卡密是失效的', '售后态度一般', '支持批量接口', '后台数据很清楚', '充值话费准时到账', '视频会员直接激活',
  '游戏点卡比官方便宜', '客服周末找不到人', '申请退款两天才处理', '页面有点乱', '支付宝付款方便', '要先实名',
  '用了三个月没出问题', '第一次买有点担心', '朋友推荐来的', '对比了好几家', '提卡速度快', '偶尔要等人工处理',
  '退了一张无效卡', '代理价格透明', '对账单准确', '有担保交易', '发票开不了', '换卡很爽快', '客服很耐心',
  '系统有时候卡顿', '整体还行', '不太推荐新手', '老用户了', '活动多', '手续费偏高', '提现要等一周',
  '库存经常缺货', '接口文档齐全', '售后群里有人回', '出过一次错单', '补单及时', '网站打开慢', '夜间自动发货',
];
const PRAISE = [
  '非常靠谱的平台强烈推荐', '五星好评下次还来', '客服超级好秒回', '到账速度一流', '全网最便宜没有之一',
  '良心平台放心购买', '用了很久从来没出过问题', '卡密质量很好全部可用', '售后一流态度满分', '朋友都在这里买',
];
const COMPLAINTS = [
  '卡密全是废卡', '联系不上客服', '申请退款被拒', '骗子平台大家别买', '钱付了不发货', '跑路了吧',
  '售后直接拉黑', '客服已读不回', '余额提不出来', '网站打不开了',
];

function clampStars(x: number): number {
  return Math.min(5, Math.max(1, Math.round(x)));
}

function honestText(rng: Rng, rating: number): string | undefined {
  if (rng.chance(0.25)) return undefined;
  if (rng.chance(0.1)) return rng.pick(['很好', '一般', '不错', '还行', '差评']);
  const k = rng.int(2, 5);
  const parts: string[] = [];
  for (let i = 0; i < k; i++) parts.push(rng.pick(PHRASES));
  if (rating >= 4 && rng.chance(0.3)) parts.push(rng.pick(PRAISE));
  if (rating <= 2 && rng.chance(0.4)) parts.push(rng.pick(COMPLAINTS));
  return parts.join('，') + '。';
}

/** Copy with small edits: the "templated" texts of a ring. */
function mutate(rng: Rng, text: string): string {
  const chars = [...text];
  const edits = rng.int(0, 2);
  for (let e = 0; e < edits; e++) {
    const pos = rng.int(0, chars.length - 1);
    if (rng.chance(0.5)) chars.splice(pos, 1);
    else chars.splice(pos, 0, rng.pick(['！', '的', '很', '啊', ' ', '~']));
  }
  return chars.join('') + (rng.chance(0.5) ? rng.pick(['👍', '！', '', '～']) : '');
}

/** Default share of honest reviews with a rejected proof. */
export const DEFAULT_REJECTED_PROOF_SHARE = 0.04;

function honestProof(rng: Rng, rejectedShare: number): ProofState {
  const x = rng.next();
  return x < 0.45 ? 'verified' : x < 0.55 ? 'pending' : x < 1 - rejectedShare ? 'none' : 'rejected';
}

class Builder {
  rng: Rng;
  accounts: AccountInput[] = [];
  platforms: PlatformInput[] = [];
  reviews: ReviewInput[] = [];
  trueQuality = new Map<string, number>();
  fake = new Set<string>();
  filler = new Set<string>();
  /** accounts sorted by creation time, for "an existing account created before t" */
  pool: AccountInput[] = [];
  rejectedShare = DEFAULT_REJECTED_PROOF_SHARE;
  reviewsByAccount = new Map<string, ReviewInput[]>();

  constructor(seed: number) {
    this.rng = createRng(seed);
  }

  account(createdAtMs: number, fingerprint?: string): AccountInput {
    const a: AccountInput = { id: this.rng.id(), createdAtMs: Math.round(createdAtMs) };
    if (fingerprint) a.fingerprint = fingerprint;
    this.accounts.push(a);
    return a;
  }

  review(r: Omit<ReviewInput, 'id'>, label: 'honest' | 'fake' | 'filler' = 'honest'): ReviewInput {
    const review: ReviewInput = { id: this.rng.id(), ...r, createdAtMs: Math.round(r.createdAtMs) };
    this.reviews.push(review);
    if (label === 'fake') this.fake.add(review.id);
    if (label === 'filler') this.filler.add(review.id);
    let list = this.reviewsByAccount.get(r.accountId);
    if (!list) this.reviewsByAccount.set(r.accountId, (list = []));
    list.push(review);
    return review;
  }

  /** A random honest account that existed at time t (or a new sign-up just before t). */
  honestAccountAt(t: number): AccountInput {
    const { rng } = this;
    if (rng.chance(0.3) || this.pool.length === 0 || this.pool[0]!.createdAtMs > t) {
      const fp = rng.chance(0.04) ? `fp-household-${rng.int(0, 40)}` : rng.id();
      return this.account(t - rng.uniform(0, 20) * MS_PER_DAY, fp);
    }
    // binary search: pool accounts created before t
    let lo = 0;
    let hi = this.pool.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.pool[mid]!.createdAtMs <= t) lo = mid + 1;
      else hi = mid;
    }
    return this.pool[rng.int(0, lo - 1)]!;
  }

  honestReview(platformId: string, quality: number, t: number, noise: number): ReviewInput {
    const { rng } = this;
    const a = this.honestAccountAt(t);
    const rating = clampStars(quality + noise * rng.normal());
    const r: Omit<ReviewInput, 'id'> = {
      accountId: a.id,
      platformId,
      rating,
      createdAtMs: t,
      proof: honestProof(rng, this.rejectedShare),
    };
    const text = honestText(rng, rating);
    if (text) r.text = text;
    if (rng.chance(0.15)) {
      const ft = t + rng.uniform(10, 200) * MS_PER_DAY;
      if (ft < NOW_MS) r.followUps = [{ createdAtMs: Math.round(ft), rating: clampStars(quality + 0.8 * rng.normal()) }];
    }
    return this.review(r);
  }

  build(targetId?: string): World {
    const world: World = {
      input: {
        nowMs: NOW_MS,
        accounts: this.rng.shuffle([...this.accounts]),
        platforms: this.rng.shuffle([...this.platforms]),
        reviews: this.rng.shuffle([...this.reviews]),
      },
      trueQuality: this.trueQuality,
      fake: this.fake,
      filler: this.filler,
    };
    if (targetId !== undefined) world.targetId = targetId;
    return world;
  }
}

/**
 * The honest world: platforms with true quality spread over [1.6, 4.7], Zipf-like
 * popularity independent of quality, reviews spread over their history; a pool of
 * accounts of every age (years-old regulars to same-day sign-ups), every proof state.
 */
function honestWorld(seed: number, opts: WorldOptions): { b: Builder; qualities: number[]; counts: number[]; ids: string[] } {
  const b = new Builder(seed);
  b.rejectedShare = opts.rejectedProofShare ?? DEFAULT_REJECTED_PROOF_SHARE;
  const { rng } = b;
  const poolSize = Math.round(opts.platforms * 25);
  for (let i = 0; i < poolSize; i++) {
    const fp = rng.chance(0.04) ? `fp-household-${rng.int(0, 40)}` : rng.id();
    b.pool.push(b.account(NOW_MS - rng.uniform(0, 1500) * MS_PER_DAY, fp));
  }
  b.pool.sort((x, y) => x.createdAtMs - y.createdAtMs);
  const popularityRank = rng.shuffle([...Array(opts.platforms).keys()]);
  const qualities: number[] = [];
  const counts: number[] = [];
  const ids: string[] = [];
  for (let p = 0; p < opts.platforms; p++) {
    const id = rng.id();
    const quality = 1.6 + 3.1 * ((p + rng.next()) / opts.platforms);
    const count = Math.round(
      opts.minReviewsPerPlatform + (opts.maxReviewsPerPlatform - opts.minReviewsPerPlatform) * (popularityRank[p]! + 1) ** -1.1,
    );
    const ageDays = rng.uniform(200, 1500);
    b.platforms.push({ id, foundedAtMs: Math.round(NOW_MS - ageDays * MS_PER_DAY) });
    b.trueQuality.set(id, quality);
    qualities.push(quality);
    counts.push(count);
    ids.push(id);
    const spanDays = Math.min(ageDays, opts.historyDays);
    for (let k = 0; k < count; k++) {
      const t = NOW_MS - rng.uniform(0, spanDays) * MS_PER_DAY;
      b.honestReview(id, quality, t, opts.ratingNoiseStars);
    }
  }
  return { b, qualities, counts, ids };
}

export function generateHonestWorld(seed: number, opts: WorldOptions = DEFAULT_WORLD): World {
  return honestWorld(seed, opts).b.build();
}

/** Picks a target among platforms whose true-quality rank lies in [fromRank, toRank] with a modest review count. */
function pickTarget(
  rng: Rng,
  qualities: number[],
  counts: number[],
  fromRank: number,
  toRank: number,
  maxCount: number,
): number {
  const order = [...qualities.keys()].sort((x, y) => qualities[y]! - qualities[x]!);
  const candidates = order.slice(fromRank - 1, toRank).filter((p) => counts[p]! <= maxCount);
  return candidates.length > 0 ? rng.pick(candidates) : order[fromRank - 1]!;
}

function freshFingerprints(rng: Rng, n: number, devices: number, shareProb: number): string[] {
  const farm = [...Array(devices)].map(() => rng.id());
  return [...Array(n)].map(() => (rng.chance(shareProb) ? rng.pick(farm) : rng.id()));
}

export function generateAttackWorld(seed: number, kind: AttackKind, opts: WorldOptions = DEFAULT_WORLD): World {
  const { b, qualities, counts, ids } = honestWorld(seed, opts);
  const rng = createRng(seed * 7919 + ATTACK_KINDS.indexOf(kind) + 1);
  b.rng = rng;
  const boostTarget = () => pickTarget(rng, qualities, counts, Math.round(opts.platforms * 0.55), Math.round(opts.platforms * 0.8), 40);
  const fakeText = (templates: string[]) => mutate(rng, rng.pick(templates));

  switch (kind) {
    case 'ring': {
      // Brand-new accounts, created hours before posting, all within two days; a few devices; templated praise.
      const p = boostTarget();
      const n = 25;
      const start = NOW_MS - rng.uniform(5, 60) * MS_PER_DAY;
      const fps = freshFingerprints(rng, n, 4, 0.6);
      const templates = [0, 1, 2].map(() => [rng.pick(PRAISE), rng.pick(PHRASES), rng.pick(PRAISE)].join('，'));
      for (let k = 0; k < n; k++) {
        const t = start + rng.uniform(0, 2) * MS_PER_DAY;
        const a = b.account(t - rng.uniform(0, 2) * MS_PER_DAY, fps[k]);
        b.review({ accountId: a.id, platformId: ids[p]!, rating: 5, createdAtMs: t, proof: rng.chance(0.8) ? 'none' : 'pending', text: fakeText(templates) }, 'fake');
      }
      return b.build(ids[p]);
    }
    case 'smear': {
      // A competitor's new accounts bury a good platform with 1★ within three days.
      const p = pickTarget(rng, qualities, counts, 2, 10, 60);
      const n = 25;
      const start = NOW_MS - rng.uniform(5, 60) * MS_PER_DAY;
      const fps = freshFingerprints(rng, n, 3, 0.4);
      const templates = [0, 1, 2].map(() => [rng.pick(COMPLAINTS), rng.pick(PHRASES), rng.pick(COMPLAINTS)].join('，'));
      for (let k = 0; k < n; k++) {
        const t = start + rng.uniform(0, 3) * MS_PER_DAY;
        const a = b.account(t - rng.uniform(0, 5) * MS_PER_DAY, fps[k]);
        b.review({ accountId: a.id, platformId: ids[p]!, rating: rng.chance(0.85) ? 1 : 2, createdAtMs: t, proof: rng.chance(0.85) ? 'none' : 'pending', text: fakeText(templates) }, 'fake');
      }
      return b.build(ids[p]);
    }
    case 'camouflage': {
      // Accounts groomed for months: they rate other platforms plausibly (some with
      // follow-ups), then all praise the target within ten days, unrelated texts.
      const p = boostTarget();
      const n = 20;
      const start = NOW_MS - rng.uniform(10, 60) * MS_PER_DAY;
      for (let k = 0; k < n; k++) {
        const a = b.account(NOW_MS - rng.uniform(150, 400) * MS_PER_DAY, rng.id());
        const others = rng.int(2, 4);
        for (let o = 0; o < others; o++) {
          const q = rng.int(0, ids.length - 1);
          if (q === p) continue;
          const t = a.createdAtMs + rng.uniform(5, 120) * MS_PER_DAY;
          const r: Omit<ReviewInput, 'id'> = { accountId: a.id, platformId: ids[q]!, rating: clampStars(qualities[q]! + 0.6 * rng.normal()), createdAtMs: t, proof: rng.chance(0.3) ? 'pending' : 'none' };
          const text = honestText(rng, r.rating);
          if (text) r.text = text;
          if (rng.chance(0.5)) r.followUps = [{ createdAtMs: Math.round(t + rng.uniform(15, 40) * MS_PER_DAY), rating: clampStars(qualities[q]! + 0.5 * rng.normal()) }];
          b.review(r, 'filler');
        }
        const t = start + rng.uniform(0, 10) * MS_PER_DAY;
        const r: Omit<ReviewInput, 'id'> = { accountId: a.id, platformId: ids[p]!, rating: 5, createdAtMs: t, proof: rng.chance(0.5) ? 'pending' : 'none', text: honestText(rng, 5) ?? rng.pick(PRAISE) };
        if (rng.chance(0.5) && t + 8 * MS_PER_DAY < NOW_MS) r.followUps = [{ createdAtMs: Math.round(t + rng.uniform(3, 8) * MS_PER_DAY), rating: 5 }];
        b.review(r, 'fake');
      }
      return b.build(ids[p]);
    }
    case 'dormant': {
      // Old accounts (bought or farmed years ago), silent until they all praise the target within four days.
      const p = boostTarget();
      const n = 25;
      const start = NOW_MS - rng.uniform(5, 60) * MS_PER_DAY;
      for (let k = 0; k < n; k++) {
        const a = b.account(NOW_MS - rng.uniform(400, 1200) * MS_PER_DAY, rng.id());
        const t = start + rng.uniform(0, 4) * MS_PER_DAY;
        const r: Omit<ReviewInput, 'id'> = { accountId: a.id, platformId: ids[p]!, rating: rng.chance(0.8) ? 5 : 4, createdAtMs: t, proof: rng.chance(0.7) ? 'none' : 'pending' };
        const text = honestText(rng, 5);
        if (text) r.text = text;
        b.review(r, 'fake');
      }
      return b.build(ids[p]);
    }
    case 'drip': {
      // One unrelated-looking new account every ~10 days for most of a year, 4–5★, no checked proof.
      const p = boostTarget();
      const n = 30;
      for (let k = 0; k < n; k++) {
        const t = NOW_MS - rng.uniform(5, 300) * MS_PER_DAY;
        const a = b.account(t - rng.uniform(0, 30) * MS_PER_DAY, rng.id());
        const r: Omit<ReviewInput, 'id'> = { accountId: a.id, platformId: ids[p]!, rating: rng.chance(0.6) ? 5 : 4, createdAtMs: t, proof: rng.chance(0.75) ? 'none' : 'pending' };
        const text = honestText(rng, 5);
        if (text) r.text = text;
        b.review(r, 'fake');
      }
      return b.build(ids[p]);
    }
    case 'brushing': {
      // 刷单: real small orders (verified proofs), fresh accounts over two months, 5★ and 5★ follow-ups.
      const p = boostTarget();
      const n = 25;
      const start = NOW_MS - rng.uniform(70, 150) * MS_PER_DAY;
      const fps = freshFingerprints(rng, n, 3, 0.3);
      for (let k = 0; k < n; k++) {
        const t = start + rng.uniform(0, 60) * MS_PER_DAY;
        const a = b.account(t - rng.uniform(0, 30) * MS_PER_DAY, fps[k]);
        const r: Omit<ReviewInput, 'id'> = { accountId: a.id, platformId: ids[p]!, rating: rng.chance(0.85) ? 5 : 4, createdAtMs: t, proof: rng.chance(0.9) ? 'verified' : 'pending' };
        r.text = rng.chance(0.5) ? honestText(rng, 5) ?? rng.pick(PRAISE) : [rng.pick(PRAISE), rng.pick(PHRASES)].join('，');
        if (rng.chance(0.7)) r.followUps = [{ createdAtMs: Math.round(t + rng.uniform(10, 30) * MS_PER_DAY), rating: 5 }];
        b.review(r, 'fake');
      }
      return b.build(ids[p]);
    }
  }
}

/**
 * NOT an attack: a good, popular-enough platform collapses; within a week its
 * existing customers (established accounts, most with verified orders) post 1–2★ —
 * half as follow-ups to their earlier reviews, half as new reviews.
 */
export function generateComplaintWorld(seed: number, opts: WorldOptions = DEFAULT_WORLD): World {
  const { b, qualities, counts, ids } = honestWorld(seed, opts);
  const rng = createRng(seed * 104729 + 17);
  b.rng = rng;
  const p = pickTarget(rng, qualities, counts, 2, 12, 80);
  const pid = ids[p]!;
  const waveStart = NOW_MS - rng.uniform(8, 20) * MS_PER_DAY;
  const waveSize = 25;
  const existing = rng.shuffle(b.reviews.filter((r) => r.platformId === pid && r.createdAtMs < waveStart - 30 * MS_PER_DAY));
  let made = 0;
  for (const r of existing) {
    if (made >= waveSize / 2) break;
    const t = waveStart + rng.uniform(0, 7) * MS_PER_DAY;
    r.followUps = [...(r.followUps ?? []), { createdAtMs: Math.round(t), rating: rng.chance(0.7) ? 1 : 2 }];
    made++;
  }
  const established = b.pool.filter((a) => a.createdAtMs < waveStart - 120 * MS_PER_DAY);
  while (made < waveSize) {
    const a = rng.pick(established);
    const t = waveStart + rng.uniform(0, 7) * MS_PER_DAY;
    const rating = rng.chance(0.7) ? 1 : 2;
    const r: Omit<ReviewInput, 'id'> = { accountId: a.id, platformId: pid, rating, createdAtMs: t, proof: rng.chance(0.75) ? 'verified' : rng.chance(0.5) ? 'pending' : 'none' };
    r.text = [rng.pick(COMPLAINTS), rng.pick(PHRASES), rng.pick(COMPLAINTS)].join('，');
    b.review(r);
    made++;
  }
  return b.build(pid);
}
