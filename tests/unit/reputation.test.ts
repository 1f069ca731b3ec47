import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeReputation, type ModelInput, type ProofState, type ReviewInput, type ReviewOutput } from '../../src/server/reputation/index.ts';
import { DAY_MS, NOW_MS, WorldBuilder } from '../fixtures/reputation-personas.ts';

const PROOFS: ProofState[] = ['verified', 'pending', 'none', 'rejected'];

/** Random small worlds: up to 10 accounts, 5 platforms, 30 reviews. */
const worldArb: fc.Arbitrary<ModelInput> = fc
  .record({
    accounts: fc.array(fc.record({ ageDays: fc.integer({ min: 0, max: 1500 }), fp: fc.integer({ min: 0, max: 4 }) }), { minLength: 1, maxLength: 10 }),
    platforms: fc.integer({ min: 1, max: 5 }),
    reviews: fc.array(
      fc.record({
        a: fc.nat(),
        p: fc.nat(),
        rating: fc.integer({ min: 1, max: 5 }),
        daysAgo: fc.integer({ min: 0, max: 800 }),
        proof: fc.constantFrom(...PROOFS),
        text: fc.option(fc.constantFrom('到账很快，客服回复及时，卡密都能用', '非常靠谱的平台强烈推荐，五星好评下次还来', '很好'), { nil: undefined }),
        followUp: fc.option(fc.record({ after: fc.integer({ min: 1, max: 300 }), rating: fc.integer({ min: 1, max: 5 }) }), { nil: undefined }),
      }),
      { maxLength: 30 },
    ),
  })
  .map(({ accounts, platforms, reviews }) => {
    const accs = accounts.map((a, i) => ({ id: `a${i}`, createdAtMs: NOW_MS - a.ageDays * DAY_MS, fingerprint: `fp${a.fp}` }));
    const plats = Array.from({ length: platforms }, (_, i) => ({ id: `p${i}` }));
    const revs: ReviewInput[] = reviews.map((r, i) => {
      const acc = accs[r.a % accs.length]!;
      const created = Math.max(acc.createdAtMs, NOW_MS - r.daysAgo * DAY_MS);
      const review: ReviewInput = { id: `r${i}`, accountId: acc.id, platformId: plats[r.p % plats.length]!.id, rating: r.rating, createdAtMs: created, proof: r.proof };
      if (r.text) review.text = r.text;
      if (r.followUp && created + r.followUp.after * DAY_MS <= NOW_MS) review.followUps = [{ createdAtMs: created + r.followUp.after * DAY_MS, rating: r.followUp.rating }];
      return review;
    });
    return { nowMs: NOW_MS, accounts: accs, platforms: plats, reviews: revs };
  });

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0 || 1;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Tolerance for floating-point ties between two weights that should be equal. */
const WEIGHT_EPSILON = 1e-12;
/** Turns the one-off surge off (no star bucket can reach an infinite minimum count). */
const NO_SURGE = { oneOffMinReviews: Number.POSITIVE_INFINITY };

/** Review i's output with each proof state, weakest first. */
function outputsByProof(input: ModelInput, i: number, config?: ModelInput['config']): ReviewOutput[] {
  return (['rejected', 'none', 'pending', 'verified'] as const).map((proof) => {
    const reviews = input.reviews.map((r, k) => (k === i ? { ...r, proof } : r));
    return computeReputation({ ...input, reviews, ...(config ? { config } : {}) }).reviews[i]!;
  });
}

const surgeAttributed = (r: ReviewOutput) => r.reasons.some((x) => x.code === 'ONE_OFF_SURGE');
const burstAttributed = (r: ReviewOutput) => r.reasons.some((x) => x.code === 'BURST');

/** The world with one more review: 5★, verified, by an account of 1,200 days that has reviewed nothing else. */
function withAddedVerifiedPraise(input: ModelInput, platformId: string, createdAtMs: number): ModelInput {
  return {
    ...input,
    accounts: [...input.accounts, { id: 'newcomer-verified', createdAtMs: NOW_MS - 1200 * DAY_MS }],
    reviews: [...input.reviews, { id: 'added', accountId: 'newcomer-verified', platformId, rating: 5, createdAtMs, proof: 'verified' }],
  };
}

/**
 * "More proof never lowers a review's weight", stated for what proof alone decides.
 *
 * Proof plays two parts in the model: a credibility factor (verified > pending > none >
 * rejected = 0, DESIGN.md), and, for one-off reviews, the stratum (verified / anything else)
 * in which a one-off surge's excess is attributed (surge.ts: each star × stratum cell of the
 * campaign's stretch gets expected/observed, expected from that stratum's site-wide share).
 * A 刷单 places real orders, so in a surge of verified one-offs a verified one-off is the
 * likelier surplus. Moving a one-off from pending to verified moves it into the other cell,
 * whose expected/observed can be lower by more than the proof factor gains (×1 against
 * ×0.85): an attribution, not a credibility verdict (regression case below). So:
 *  - rejected → none → pending stay in one stratum: never lower the weight, surge included;
 *  - pending → verified never lowers it with the surge switched off (every other signal —
 *    bursts, duplicates, rings, REV2 — still on), nor with the surge on for a review that the
 *    surge discounts in neither state.
 */
function proofStepsNeverLower(input: ModelInput, i: number): void {
  const [rejected, none, pending, verified] = outputsByProof(input, i);
  expect(none!.weight).toBeGreaterThanOrEqual(rejected!.weight - WEIGHT_EPSILON);
  expect(pending!.weight).toBeGreaterThanOrEqual(none!.weight - WEIGHT_EPSILON);
  if (!surgeAttributed(pending!) && !surgeAttributed(verified!)) expect(verified!.weight).toBeGreaterThanOrEqual(pending!.weight - WEIGHT_EPSILON);
  const withoutSurge = outputsByProof(input, i, NO_SURGE).map((r) => r.weight);
  for (let k = 1; k < withoutSurge.length; k++) expect(withoutSurge[k]!).toBeGreaterThanOrEqual(withoutSurge[k - 1]! - WEIGHT_EPSILON);
}

describe('computeReputation: properties', () => {
  it('weights and trust stay in [0, 1]; scores on the 1..5 scale; every record appears once', () => {
    fc.assert(
      fc.property(worldArb, (input) => {
        const out = computeReputation(input);
        expect(out.reviews.map((r) => r.id)).toEqual(input.reviews.map((r) => r.id));
        expect(out.platforms.map((p) => p.id)).toEqual(input.platforms.map((p) => p.id));
        for (const r of out.reviews) {
          expect(r.weight).toBeGreaterThanOrEqual(0);
          expect(r.weight).toBeLessThanOrEqual(1);
          const product = r.reasons.reduce((x, y) => x * y.factor, 1);
          expect(Math.abs(product - r.weight)).toBeLessThan(0.02 + 0.05 * r.weight);
        }
        for (const a of out.accounts) {
          expect(a.trust).toBeGreaterThanOrEqual(0);
          expect(a.trust).toBeLessThanOrEqual(1);
        }
        for (const p of out.platforms) {
          expect(p.score).toBeGreaterThanOrEqual(1);
          expect(p.score).toBeLessThanOrEqual(5);
          expect(p.lowerBound).toBeLessThanOrEqual(p.score);
        }
      }),
      { numRuns: 150 },
    );
  });

  /**
   * "A verified 5★ review never lowers its platform's score", stated for what the review itself does.
   * The one-off surge weighs a Poisson tail (surge.ts): the added review is one more "other" review,
   * so it raises the one-offs the platform is expected to have, and a smear's discount shrinks. The
   * attribution is continuous in the tail (bursts.ts campaignPosterior), so that shrinkage is small
   * (regression case below), but it is not bounded by the added review's own pull. So: never lower
   * with the surge switched off (every other signal on), nor with it on unless the addition took a
   * surge discount off an existing review (two decades past the level, campaignPosterior < 1 %).
   */
  it('a verified review rated above a platform’s score never lowers that score, apart from a surge that falls below its threshold or a burst its history reveals', () => {
    fc.assert(
      fc.property(worldArb, fc.nat(), fc.integer({ min: 0, max: 700 }), (input, pick, daysAgo) => {
        const target = computeReputation(input).platforms[pick % input.platforms.length]!;
        fc.pre(5 > target.score);
        const checks = [
          { config: NO_SURGE, always: true },
          { config: undefined, always: false },
        ];
        for (const { config, always } of checks) {
          const world = config ? { ...input, config } : input;
          const before = computeReputation(world);
          const scoreBefore = before.platforms.find((p) => p.id === target.id)!.score;
          if (5 <= scoreBefore) continue;
          const after = computeReputation(withAddedVerifiedPraise(world, target.id, NOW_MS - daysAgo * DAY_MS));
          const lostSurge = before.reviews.some((r, k) => surgeAttributed(r) && !surgeAttributed(after.reviews[k]!));
          // An older review lengthens the platform's history, so its usual rate falls and a
          // window of other reviews can become a burst (the regression case below).
          const revealedBurst = before.reviews.some((r, k) => !burstAttributed(r) && burstAttributed(after.reviews[k]!));
          if (revealedBurst) continue;
          if (always || !lostSurge) expect(after.platforms.find((p) => p.id === target.id)!.score).toBeGreaterThanOrEqual(scoreBefore - 1e-9);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('regression: five reviews in two days by a two-day-old account are a burst before an older review lengthens the history, too', () => {
    // fast-check's counterexample in the clean-clone run of stop 22: five verified 4★ from one
    // two-day-old account, then an established buyer's verified 5★ from 151 days ago. The burst
    // scan's prefilter read the window's count against a rate that included the window itself, so
    // the five were no burst until the older review diluted that rate — and the score fell by
    // 0.0002. The prefilter now runs at the soft gate's wider level (bursts.ts SOFT_TAIL_DECADES),
    // so the window is judged against the rate without it from the start: a burst before and
    // after, and the added praise lifts the score.
    const reviews: ReviewInput[] = [0, 0, 0, 0, 2].map((d, k) => ({
      id: `r${k}`, accountId: 'a0', platformId: 'p0', rating: 4, proof: 'verified', createdAtMs: NOW_MS - d * DAY_MS,
    }));
    const input: ModelInput = { nowMs: NOW_MS, accounts: [{ id: 'a0', createdAtMs: NOW_MS - 2 * DAY_MS, fingerprint: 'fp0' }], platforms: [{ id: 'p0' }], reviews, config: NO_SURGE };
    const before = computeReputation(input);
    const after = computeReputation(withAddedVerifiedPraise(input, 'p0', NOW_MS - 151 * DAY_MS));
    expect(before.reviews.every(burstAttributed)).toBe(true);
    expect(after.reviews.slice(0, 5).every(burstAttributed)).toBe(true);
    expect(after.platforms[0]!.score).toBeGreaterThan(before.platforms[0]!.score);
  });

  it('regression: a smear on a one-platform site is not hidden by its own share of the site’s one-offs', () => {
    // fast-check's counterexample (about 1 world in 1,000): five verified 1★ reviews from a
    // two-day-old account; the site-wide one-off share counted the smear itself (s = 0.95, so
    // 19 expected one-offs per other review), and one honest 5★ hid it. The share now leaves the
    // platform out (surge.ts), so the smear stays discounted and the praise lifts the score.
    const reviews: ReviewInput[] = [0, 0, 0, 0, 2].map((d, k) => ({
      id: `r${k}`, accountId: 'a0', platformId: 'p0', rating: 1, proof: 'verified', createdAtMs: NOW_MS - d * DAY_MS,
    }));
    const input: ModelInput = { nowMs: NOW_MS, accounts: [{ id: 'a0', createdAtMs: NOW_MS - 2 * DAY_MS, fingerprint: 'fp0' }], platforms: [{ id: 'p0' }], reviews };
    const before = computeReputation(input);
    const after = computeReputation(withAddedVerifiedPraise(input, 'p0', NOW_MS));
    expect(after.reviews.slice(0, 5).every(surgeAttributed)).toBe(true);
    expect(after.platforms[0]!.score).toBeGreaterThan(before.platforms[0]!.score);
  });

  it('regression: a smear near the surge threshold keeps part of its discount when one more honest review arrives, and the praise lifts the score', () => {
    // fast-check's counterexample to the unqualified property: four 1★ from a new account today and
    // two from a 91-day-old one sharing its fingerprint; one honest 5★ is one more "other" review,
    // raises the 1★ one-offs the platform is expected to have, and the smear's count was no longer
    // past the Poisson tail: the discount vanished at once and the score fell. The attribution is
    // now a continuous function of the tail (bursts.ts campaignPosterior), so the discount shrinks
    // a little instead, and the praise lifts the score as it should.
    const input: ModelInput = {
      nowMs: NOW_MS,
      accounts: [
        { id: 'a0', createdAtMs: NOW_MS, fingerprint: 'fp0' },
        { id: 'a1', createdAtMs: NOW_MS - 91 * DAY_MS, fingerprint: 'fp0' },
        { id: 'a2', createdAtMs: NOW_MS, fingerprint: 'fp0' },
      ],
      platforms: [{ id: 'p0' }],
      reviews: [
        ...[0, 1, 2, 3].map((k) => ({ id: `r${k}`, accountId: 'a0', platformId: 'p0', rating: 1, proof: 'verified' as const, createdAtMs: NOW_MS })),
        { id: 'r4', accountId: 'a1', platformId: 'p0', rating: 1, proof: 'verified', createdAtMs: NOW_MS - DAY_MS, followUps: [{ createdAtMs: NOW_MS, rating: 3 }] },
        { id: 'r5', accountId: 'a1', platformId: 'p0', rating: 1, proof: 'verified', createdAtMs: NOW_MS - 2 * DAY_MS, followUps: [{ createdAtMs: NOW_MS - DAY_MS, rating: 2 }] },
      ],
    };
    const before = computeReputation(input);
    const after = computeReputation(withAddedVerifiedPraise(input, 'p0', NOW_MS));
    expect(before.reviews.slice(0, 4).every(surgeAttributed)).toBe(true);
    expect(after.reviews.slice(0, 4).every(surgeAttributed)).toBe(true);
    expect(after.reviews[0]!.weight).toBeGreaterThan(before.reviews[0]!.weight);
    expect(after.reviews[0]!.weight).toBeLessThan(0.25);
    expect(after.platforms[0]!.score).toBeGreaterThan(before.platforms[0]!.score);
    // Without the surge, the praise lifts the score.
    const beforeNoSurge = computeReputation({ ...input, config: NO_SURGE });
    const afterNoSurge = computeReputation(withAddedVerifiedPraise({ ...input, config: NO_SURGE }, 'p0', NOW_MS));
    expect(afterNoSurge.platforms[0]!.score).toBeGreaterThan(beforeNoSurge.platforms[0]!.score);
  });

  it('more proof never lowers a review’s weight, apart from the one-off surge’s proof strata (see proofStepsNeverLower)', () => {
    fc.assert(
      fc.property(worldArb, fc.nat(), (input, pick) => {
        fc.pre(input.reviews.length > 0);
        proofStepsNeverLower(input, pick % input.reviews.length);
      }),
      { numRuns: 100 },
    );
  });

  it('regression: in a surge of verified one-offs, verified moves a one-off into the cell the surge discounts more', () => {
    // From fast-check's counterexample to the old, unqualified property (about 1 world in 2,000):
    // one young account posts five 4★ verified reviews on one platform. The counterexample had them
    // within two days, which the burst scan now attributes first (see the regression above); spread
    // over a month, a week apart, they are no burst and the surge alone attributes them.
    const reviews: ReviewInput[] = [0, 8, 16, 24, 32].map((d, k) => ({
      id: `r${k}`, accountId: 'a0', platformId: 'p0', rating: 4, proof: 'verified',
      createdAtMs: NOW_MS - d * DAY_MS,
    }));
    const input: ModelInput = { nowMs: NOW_MS, accounts: [{ id: 'a0', createdAtMs: NOW_MS - 40 * DAY_MS, fingerprint: 'fp0' }], platforms: [{ id: 'p0' }], reviews };
    const [, , pending, verified] = outputsByProof(input, 0);
    expect(surgeAttributed(pending!) && surgeAttributed(verified!)).toBe(true);
    expect(verified!.weight).toBeLessThan(pending!.weight);
    // The drop is the surge's attribution alone: without it, verified weighs more again.
    const [, , pendingNoSurge, verifiedNoSurge] = outputsByProof(input, 0, NO_SURGE);
    expect(verifiedNoSurge!.weight).toBeGreaterThan(pendingNoSurge!.weight);
    proofStepsNeverLower(input, 0);
  });

  it('the ranking does not depend on the order of the input', () => {
    fc.assert(
      fc.property(worldArb, fc.integer(), (input, seed) => {
        const a = computeReputation(input);
        const b = computeReputation({
          ...input,
          accounts: shuffled(input.accounts, seed),
          platforms: shuffled(input.platforms, seed + 1),
          reviews: shuffled(input.reviews, seed + 2),
        });
        const ranksB = new Map(b.platforms.map((p) => [p.id, p.rank]));
        for (const p of a.platforms) expect(ranksB.get(p.id)).toBe(p.rank);
        const weightsB = new Map(b.reviews.map((r) => [r.id, r.weight]));
        for (const r of a.reviews) expect(weightsB.get(r.id)).toBeCloseTo(r.weight, 9);
      }),
      { numRuns: 100 },
    );
  });

  it('a single review cannot take rank 1 from a well-reviewed good platform', () => {
    fc.assert(
      fc.property(worldArb, fc.constantFrom(...PROOFS), fc.integer({ min: 0, max: 700 }), (input, proof, daysAgo) => {
        const w = new WorldBuilder();
        w.accounts.push(...input.accounts);
        w.platforms.push(...input.platforms);
        w.reviews.push(...input.reviews);
        const reputable = w.reputablePlatform(10);
        const lone = w.platform();
        w.review(w.account(daysAgo + 900), lone, 5, daysAgo, proof, { followUps: daysAgo > 30 ? [{ createdAtMs: NOW_MS - 10 * DAY_MS, rating: 5 }] : [] });
        const out = computeReputation(w.build());
        expect(out.platforms.find((p) => p.id === lone)!.rank).not.toBe(1);
        expect(out.platforms.find((p) => p.id === reputable)!.rank).toBeLessThan(out.platforms.find((p) => p.id === lone)!.rank!);
      }),
      { numRuns: 100 },
    );
  });
});

describe('computeReputation: behaviour', () => {
  it('marks exit-scam platforms, removes them from the ranking and keeps their score', () => {
    const w = new WorldBuilder();
    const good = w.reputablePlatform(8);
    const scam = w.platform({ exitScam: true });
    for (let k = 0; k < 8; k++) w.honestBuyer(scam, 5, 30 + k);
    const out = computeReputation(w.build());
    const s = out.platforms.find((p) => p.id === scam)!;
    expect(s.rank).toBeNull();
    expect(s.exitScam).toBe(true);
    expect(s.score).toBeGreaterThan(3);
    expect(out.platforms.find((p) => p.id === good)!.rank).toBe(1);
  });

  it('the latest follow-up supersedes the original rating', () => {
    const w = new WorldBuilder();
    const p = w.platform();
    const a = w.account(800);
    w.review(a, p, 5, 200, 'verified', { followUps: [{ createdAtMs: NOW_MS - 150 * DAY_MS, rating: 3 }, { createdAtMs: NOW_MS - 20 * DAY_MS, rating: 1 }] });
    const out = computeReputation(w.build());
    expect(out.reviews[0]!.effectiveRating).toBe(1);
    expect(out.platforms[0]!.score).toBeLessThan(3);
  });

  it('an account that comes back later with a follow-up loses the new-account penalty', () => {
    const w = new WorldBuilder();
    const p = w.reputablePlatform(5);
    const a = w.account(200);
    const b = w.account(200);
    w.review(a, p, 4, 199, 'verified');
    w.review(b, p, 4, 199, 'verified', { followUps: [{ createdAtMs: NOW_MS - 60 * DAY_MS, rating: 4 }] });
    const out = computeReputation(w.build());
    const [ra, rb] = out.reviews.slice(-2);
    expect(rb!.weight).toBeGreaterThan(ra!.weight);
  });

  it('per-dimension scores are computed where reviews rate that dimension', () => {
    const w = new WorldBuilder();
    const p = w.platform();
    for (let k = 0; k < 5; k++) w.review(w.account(500), p, 4, 30 + k, 'verified', { dimensions: { service: 5, risk: 2 } });
    const out = computeReputation(w.build());
    const d = out.platforms[0]!.dimensions;
    expect(d.service!.score).toBeGreaterThan(d.risk!.score);
    expect(d.value).toBeNull();
    expect(d.afterSales).toBeNull();
  });

  it('surfaces a shill ring and its burst for moderators without removing anything', () => {
    const w = new WorldBuilder();
    const p = w.reputablePlatform(10);
    const ring = w.shillRing(p, 6);
    const out = computeReputation(w.build());
    expect(out.reviews).toHaveLength(w.reviews.length);
    const rings = out.findings.filter((f) => f.kind === 'ring');
    expect(rings).toHaveLength(1);
    const found = rings[0]!;
    expect(found.kind === 'ring' && [...found.reviewIds].sort()).toEqual([...ring].sort());
    expect(found.kind === 'ring' && found.evidence.sharedFingerprint).toBe(6);
    for (const id of ring) expect(out.reviews.find((r) => r.id === id)!.weight).toBeLessThan(0.05);
    expect(out.accounts.filter((a) => a.band === 'low').length).toBeGreaterThanOrEqual(6);
  });
});
