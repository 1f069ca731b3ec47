import { describe, expect, it } from 'vitest';
import { computeReputation, REASON_CODES, reasonText, type ReasonCode } from '../../src/server/reputation/index.ts';
import { DAY_MS, NOW_MS, WorldBuilder } from '../fixtures/reputation-personas.ts';

/** Each scenario returns the world and the id of a review that must carry the code. */
const scenarios: Record<ReasonCode, () => { w: WorldBuilder; reviewId: string }> = {
  NEW_ACCOUNT: () => {
    const w = new WorldBuilder();
    const p = w.reputablePlatform(5);
    return { w, reviewId: w.review(w.account(2), p, 4, 1, 'verified') };
  },
  PENDING_PROOF: () => {
    const w = new WorldBuilder();
    const p = w.reputablePlatform(5);
    return { w, reviewId: w.review(w.account(500), p, 4, 10, 'pending') };
  },
  NO_PROOF: () => {
    const w = new WorldBuilder();
    const p = w.reputablePlatform(5);
    return { w, reviewId: w.review(w.account(500), p, 4, 10, 'none') };
  },
  REJECTED_PROOF: () => {
    const w = new WorldBuilder();
    const p = w.reputablePlatform(5);
    return { w, reviewId: w.review(w.account(500), p, 4, 10, 'rejected') };
  },
  BURST: () => {
    const w = new WorldBuilder();
    const p = w.reputablePlatform(20);
    const ids = [];
    for (let k = 0; k < 8; k++) ids.push(w.review(w.account(3 + k * 0.01), p, 4, 2 + k * 0.01, 'none', { text: `第${k}次买，到账很快，客服一般，价格还可以，第${k}次买` }));
    return { w, reviewId: ids[0]! };
  },
  ONE_OFF_SURGE: () => {
    const w = new WorldBuilder();
    // the site: ten platforms whose few one-off reviews set the usual share
    for (let q = 0; q < 10; q++) {
      const other = w.platform();
      for (let k = 0; k < 20; k++) w.honestBuyer(other, 3, 10 + k * 30);
      w.review(w.account(40 + q), other, 3, 35 + q, 'none');
    }
    // the target: mediocre reviews by established buyers, plus a slow drip of new one-off accounts at 5★
    const p = w.platform();
    for (let k = 0; k < 25; k++) w.honestBuyer(p, 2 + (k % 2), 10 + k * 25);
    const drip = [];
    for (let k = 0; k < 15; k++) drip.push(w.review(w.account(20 * k + 5), p, 5, 20 * k + 2, 'none'));
    return { w, reviewId: drip[0]! };
  },
  SINGLE_TARGET: () => {
    const w = new WorldBuilder();
    const p = w.reputablePlatform(5);
    return { w, reviewId: w.review(w.account(500), p, 5, 10, 'verified') };
  },
  SHARED_FINGERPRINT: () => {
    const w = new WorldBuilder();
    const p = w.reputablePlatform(5);
    const q = w.reputablePlatform(5);
    const a = w.account(500, { fingerprint: 'same-device' });
    w.account(500, { fingerprint: 'same-device' });
    w.review(a, q, 4, 20, 'verified');
    return { w, reviewId: w.review(a, p, 4, 10, 'verified') };
  },
  DUPLICATE_TEXT: () => {
    // A distinctive paragraph pasted by four single-platform accounts under one platform, on a
    // site whose other texts are all different: far above what its frequency elsewhere predicts.
    const w = new WorldBuilder();
    const p = w.reputablePlatform(5);
    const elsewhere = w.platform();
    const words = ['话费', '京东卡', '点券', '会员', '兑换码', '月卡', '充值卡', '游戏币'];
    for (let k = 0; k < 24; k++) w.review(w.account(300 + k), elsewhere, 4, 30 + k, 'none', { text: `第${k + 1}次买${words[k % 8]}${(k + 1) * 37}元，${words[(k * 3) % 8]}用了${k + 2}天才想起来评价` });
    const text = '充值话费准时到账，客服回复及时，用了一年没出问题，推荐';
    w.review(w.account(600), p, 4, 100, 'verified', { text });
    w.review(w.account(600), p, 4, 60, 'verified', { text: text + '～' });
    w.review(w.account(600), p, 4, 40, 'verified', { text: text + '。' });
    return { w, reviewId: w.review(w.account(600), p, 4, 20, 'verified', { text: text + '！' }) };
  },
  DISAGREES_WITH_CONSENSUS: () => {
    const w = new WorldBuilder();
    const p = w.platform();
    for (let k = 0; k < 15; k++) w.honestBuyer(p, 1, 10 + k * 20);
    return { w, reviewId: w.review(w.account(700), p, 5, 15, 'none') };
  },
  MODERATION_HISTORY: () => {
    const w = new WorldBuilder();
    const p = w.reputablePlatform(5);
    return { w, reviewId: w.review(w.account(500, { removedPosts: 2, rejectedProofs: 1 }), p, 4, 10, 'verified') };
  },
  RING: () => {
    const w = new WorldBuilder();
    const p = w.reputablePlatform(10);
    return { w, reviewId: w.shillRing(p, 5)[0]! };
  },
  BURST_ACCOUNT: () => {
    // Accounts groomed on another platform months ago, then part of a one-day push on p:
    // their earlier, plausible review elsewhere is discounted too.
    const w = new WorldBuilder();
    const p = w.reputablePlatform(20);
    const q = w.reputablePlatform(20);
    const earlier = [];
    for (let k = 0; k < 8; k++) {
      const a = w.account(300 + k);
      earlier.push(w.review(a, q, 4, 60 + k * 30, 'none'));
      w.review(a, p, 5, 2 + k * 0.01, 'none');
    }
    return { w, reviewId: earlier[0]! };
  },
  FOLLOW_UP: () => {
    const w = new WorldBuilder();
    const p = w.reputablePlatform(5);
    return { w, reviewId: w.review(w.account(500), p, 4, 100, 'verified', { followUps: [{ createdAtMs: NOW_MS - 10 * DAY_MS, rating: 2 }] }) };
  },
};

describe.each(REASON_CODES.map((code) => [code]))('reason %s', (code) => {
  it('is produced by its scenario, with a factor in [0, 1] that the weight includes', () => {
    const { w, reviewId } = scenarios[code]();
    const out = computeReputation(w.build());
    const review = out.reviews.find((r) => r.id === reviewId)!;
    const reason = review.reasons.find((r) => r.code === code);
    expect(reason, `${code} missing: ${JSON.stringify(review.reasons)}`).toBeDefined();
    expect(reason!.factor).toBeGreaterThanOrEqual(0);
    expect(reason!.factor).toBeLessThanOrEqual(1);
    if (code === 'FOLLOW_UP') expect(reason!.factor).toBe(1);
    else expect(reason!.factor).toBeLessThan(1);
    expect(review.weight).toBeLessThanOrEqual(reason!.factor + 0.005); // factors are shown rounded
  });

  it('has text in zh-CN and English', () => {
    expect(reasonText[code]['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
    expect(reasonText[code].en.length).toBeGreaterThan(10);
  });
});

describe('reason codes', () => {
  it('honest established verified buyers with varied ratings carry no penalties', () => {
    const w = new WorldBuilder();
    const p = w.platform();
    const q = w.platform();
    const ids = [];
    for (let k = 0; k < 10; k++) {
      const a = w.account(900 + k);
      w.review(a, q, 3 + (k % 2), 300 + k, 'verified');
      ids.push(w.review(a, p, 3 + (k % 2), 30 + k * 20, 'verified'));
    }
    const out = computeReputation(w.build());
    for (const id of ids) expect(out.reviews.find((r) => r.id === id)!.reasons).toEqual([]);
  });

  it('the list is closed: every emitted code is in REASON_CODES', () => {
    const seen = new Set<string>();
    for (const make of Object.values(scenarios)) for (const r of computeReputation(make().w.build()).reviews) for (const x of r.reasons) seen.add(x.code);
    for (const c of seen) expect(REASON_CODES).toContain(c);
  });
});
