// REV2-style fairness / goodness / reliability iteration: ratings that keep
// disagreeing with the weighted consensus lose weight.
import type { ModelConfig } from './config.ts';
import type { ReviewTable } from './prepare.ts';

export interface Rev2Result {
  /** Per review: disagreement factor in [rev2MinFactor, 1]. */
  factor: Float64Array;
  /** Per review: reliability R(u, p) in [0, 1]. */
  reliability: Float64Array;
  /** Per account: fairness F(u) in [0, 1]. */
  fairness: Float64Array;
  /** Per platform: goodness G(p) on the 1..5 scale (the weighted consensus). */
  goodness: Float64Array;
}

/**
 * Kumar, Hooi, Makhija, Kumar, Faloutsos & Subrahmanian, "REV2: Fraudulent User
 * Prediction in Rating Platforms", WSDM 2018. Their three coupled quantities, on
 * ratings scaled to stars:
 *   G(p)   goodness  = weighted mean of ratings, weights = prior credibility × R(u,p)
 *                      (here also shrunk toward the prior mean, as in scores.ts)
 *   a(u,p) agreement = 1 − |rating − G(p)| / (4·s)      (4 = width of the 1..5 scale)
 *   s = max(1, D / d₀): D the site's credibility-weighted mean absolute deviation of
 *       ratings from their consensus, d₀ = 4(1 − μ_F) the typical honest deviation the
 *       prior encodes (0.8 star). Where honest buyers disagree more (a noisier site) a
 *       deviation is weaker evidence of unfairness, so it is measured against the
 *       observed spread (scale-equivariance of a deviation test; mean absolute
 *       deviation as the scale estimate, Huber & Ronchetti, "Robust Statistics", 2009,
 *       ch. 5). s never drops below 1, so a calm site's thresholds never tighten.
 *       Per platform the unit is further widened by √(1 + 1/n_eff) (n_eff: Kish's
 *       effective sample size of the consensus weights), the spread of a deviation from a
 *       consensus that is itself estimated from few ratings.
 *   F(u)   fairness  = (α·μ_F + Σ_p a(u,p)) / (α + |Out(u)|)   (REV2's Laplace smoothing)
 *   R(u,p) reliability = (F(u) + a(u,p)) / 2              (REV2 with γ1 = γ2 = 1)
 * The behavioural prior of REV2 (BIRDNEST) is replaced by our own per-review
 * prior credibility (age, proof, bursts, …), used as the weight in G(p).
 * Reliability maps to a weight factor ((R − floor)/(ok − floor))², clamped to
 * [rev2MinFactor, 1]. `shielded` reviews (verified proof by an established account:
 * a real, checked experience) get the square root of that factor, so a genuine
 * regime change (a platform collapsing) is not silenced as "disagreement".
 */
export function rev2(
  table: ReviewTable,
  priorWeight: Float64Array,
  recency: Float64Array,
  shielded: Uint8Array,
  config: ModelConfig,
): Rev2Result {
  const { nReviews: n, nAccounts, nPlatforms, account, platform, rating } = table;
  const factor = new Float64Array(n).fill(1);
  const reliability = new Float64Array(n).fill(1);
  const agreement = new Float64Array(n);
  const fairness = new Float64Array(nAccounts);
  const goodness = new Float64Array(nPlatforms);
  const sumW = new Float64Array(nPlatforms);
  const sumWR = new Float64Array(nPlatforms);
  const sumA = new Float64Array(nAccounts);
  const sumWW = new Float64Array(nPlatforms);
  const consensusScale = new Float64Array(nPlatforms);
  const C = config.priorWeightReviews;
  const m = config.priorMeanStars;
  const alpha = config.rev2PriorStrength;
  const mu = config.rev2PriorAgreement;
  const span = config.rev2ReliabilityOk - config.rev2ReliabilityFloor;
  // The deviation (stars) of a typical honest rating that the prior agreement μ_F encodes: a = 1 − d/4.
  const typicalDeviation = 4 * (1 - mu);

  for (let it = 0; it < config.rev2Iterations; it++) {
    sumW.fill(0);
    sumWR.fill(0);
    sumWW.fill(0);
    for (let i = 0; i < n; i++) {
      // Consensus weights use the square of the prior credibility, so that a mass of
      // weakly credible ratings cannot capture the consensus it is compared with.
      const w = priorWeight[i]! * priorWeight[i]! * factor[i]! * recency[i]!;
      const p = platform[i]!;
      sumW[p]! += w;
      sumWR[p]! += w * rating[i]!;
      sumWW[p]! += w * w;
    }
    // A consensus of few effective ratings is itself uncertain: a rating's deviation from
    // it has variance σ²(1 + 1/n_eff), n_eff = (Σw)²/Σw² (Kish's effective sample size,
    // "Survey Sampling", 1965), so deviations on thinly reviewed platforms are measured
    // in that wider unit — an honest buyer is not "unfair" for disagreeing with two others.
    for (let p = 0; p < nPlatforms; p++) {
      const wAll = C + sumW[p]!;
      const neff = (wAll * wAll) / (C * C + sumWW[p]!);
      consensusScale[p] = Math.sqrt(1 + 1 / neff);
    }
    for (let p = 0; p < nPlatforms; p++) goodness[p] = (C * m + sumWR[p]!) / (C + sumW[p]!);
    // Site-wide spread of ratings around their consensus (credibility-weighted mean
    // absolute deviation): on a site where honest buyers disagree more, a deviation is
    // weaker evidence, so deviations are measured in units of that spread once it exceeds
    // the typical deviation the thresholds assume (agreementScale ≥ 1; calmer sites keep
    // the fixed scale, so the thresholds never tighten).
    let devW = 0;
    let devSum = 0;
    for (let i = 0; i < n; i++) {
      const w = priorWeight[i]! * recency[i]!;
      devW += w;
      devSum += w * Math.abs(rating[i]! - goodness[platform[i]!]!);
    }
    const siteDeviation = devW > 0 ? devSum / devW : typicalDeviation;
    const agreementScale = Math.max(1, siteDeviation / typicalDeviation);
    sumA.fill(0);
    for (let i = 0; i < n; i++) {
      const a = 1 - Math.abs(rating[i]! - goodness[platform[i]!]!) / (4 * agreementScale * consensusScale[platform[i]!]!);
      agreement[i] = a;
      sumA[account[i]!]! += a;
    }
    for (let u = 0; u < nAccounts; u++) fairness[u] = (alpha * mu + sumA[u]!) / (alpha + table.accountReviewCount[u]!);
    for (let i = 0; i < n; i++) {
      const r = (fairness[account[i]!]! + agreement[i]!) / 2;
      reliability[i] = r;
      let t = (r - config.rev2ReliabilityFloor) / span;
      t = t >= 1 ? 1 : t <= 0 ? 0 : t;
      let f = t * t;
      if (shielded[i]) f = Math.sqrt(f);
      factor[i] = f < config.rev2MinFactor ? config.rev2MinFactor : f;
    }
  }
  return { factor, reliability, fairness, goodness };
}
