// REV2-style fairness / goodness / reliability iteration: ratings that keep
// disagreeing with the weighted consensus lose weight.
import { MS_PER_DAY, type ModelConfig } from './config.ts';
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
 *   a(u,p) agreement = 1 − d / (4·s)                      (4 = width of the 1..5 scale)
 *   d = the rating's deviation from the *time-local* consensus of the platform — what its
 *       other credible reviewers said in the same weeks (localDeviation) — rather than from
 *       G(p): a platform that changes (a collapse before 跑路) is not "disagreement".
 *   s = max(1, D / d₀): D the site's credibility-weighted mean absolute deviation of
 *       ratings from their consensus, d₀ = 4(1 − μ_F) the typical honest deviation the
 *       prior encodes (0.8 star). Where honest buyers disagree more (a noisier site) a
 *       deviation is weaker evidence of unfairness, so it is measured against the
 *       observed spread (scale-equivariance of a deviation test; mean absolute
 *       deviation as the scale estimate, Huber & Ronchetti, "Robust Statistics", 2009,
 *       ch. 5). s never drops below 1, so a calm site's thresholds never tighten.
 *       Per review the unit is further widened by √(1 + 1/n_eff) (n_eff: Kish's
 *       effective sample size of the local consensus's weights), the spread of a deviation
 *       from a consensus that is itself estimated from few ratings.
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
  // Within an iteration, localDeviation leaves review i's deviation in agreement[i] and its
  // unit in reliability[i], until the agreement and the reliability overwrite them below:
  // one array of 2n doubles fewer to allocate (at 1M reviews typed-array churn is what starts
  // most full garbage collections).
  const deviation = agreement;
  const deviationUnit = reliability;
  const consensusWeight = new Float64Array(n);
  const layout = localLayout(table, config);
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
    for (let i = 0; i < n; i++) {
      // Consensus weights use the square of the prior credibility, so that a mass of
      // weakly credible ratings cannot capture the consensus it is compared with.
      const w = priorWeight[i]! * priorWeight[i]! * factor[i]! * recency[i]!;
      consensusWeight[i] = w;
      const p = platform[i]!;
      sumW[p]! += w;
      sumWR[p]! += w * rating[i]!;
    }
    for (let p = 0; p < nPlatforms; p++) goodness[p] = (C * m + sumWR[p]!) / (C + sumW[p]!);
    // Time-local consensus: what the platform's other credible reviewers said in the same
    // weeks, on either side of the review (see localDeviation).
    localDeviation(table, layout, consensusWeight, goodness, config, deviation, deviationUnit);
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
      devSum += w * deviation[i]!;
    }
    const siteDeviation = devW > 0 ? devSum / devW : typicalDeviation;
    const agreementScale = Math.max(1, siteDeviation / typicalDeviation);
    sumA.fill(0);
    for (let i = 0; i < n; i++) {
      const a = 1 - deviation[i]! / (4 * agreementScale * deviationUnit[i]!);
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

/**
 * What localDeviation needs that does not change between REV2 iterations, in byPlatform
 * order so that its passes read memory in sequence instead of jumping through review indices
 * (at 1M reviews the jumps, not the arithmetic, were its cost).
 */
interface LocalLayout {
  /** Ratings in byPlatform order. */
  ratingAt: Float64Array;
  /**
   * Positions (in byPlatform) where a group of reviews posted at the same instant on the same
   * platform begins, in order, then the end position n.
   */
  groupStart: Int32Array;
  /** groupStart index of each platform's first group; platform p owns groups [platformGroup[p], platformGroup[p + 1]). */
  platformGroup: Int32Array;
  /** Kernel exp(−|t_g − t_(g−1)| / τ) between group g and the group before it on its platform. */
  kernelBefore: Float64Array;
  /** Consensus weights in byPlatform order (refilled every iteration). */
  weightAt: Float64Array;
  /** Deviation at [2q], unit at [2q + 1], in byPlatform order (refilled every iteration). */
  deviationAndUnitAt: Float64Array;
}

function localLayout(table: ReviewTable, config: ModelConfig): LocalLayout {
  const { nReviews: n, byPlatform, platformStart, byPlatformMs, rating } = table;
  const nP = platformStart.length - 1;
  const tauMs = config.rev2LocalDays * MS_PER_DAY;
  const ratingAt = new Float64Array(n);
  for (let q = 0; q < n; q++) ratingAt[q] = rating[byPlatform[q]!]!;
  // equal times (===) form a group, as the passes below compare them
  const opensGroup = (q: number, p: number) => q === platformStart[p] || byPlatformMs[q] !== byPlatformMs[q - 1];
  let nGroups = 0;
  for (let p = 0; p < nP; p++) for (let q = platformStart[p]!; q < platformStart[p + 1]!; q++) if (opensGroup(q, p)) nGroups++;
  const platformGroup = new Int32Array(nP + 1);
  const groupStart = new Int32Array(nGroups + 1);
  let g = 0;
  for (let p = 0; p < nP; p++) {
    platformGroup[p] = g;
    for (let q = platformStart[p]!; q < platformStart[p + 1]!; q++) if (opensGroup(q, p)) groupStart[g++] = q;
  }
  platformGroup[nP] = nGroups;
  groupStart[nGroups] = n;
  const kernelBefore = new Float64Array(nGroups);
  for (let x = 1; x < nGroups; x++) kernelBefore[x] = Math.exp(-Math.abs(byPlatformMs[groupStart[x]!]! - byPlatformMs[groupStart[x - 1]!]!) / tauMs);
  return { ratingAt, groupStart, platformGroup, kernelBefore, weightAt: new Float64Array(n), deviationAndUnitAt: new Float64Array(2 * n) };
}

/**
 * Per review: the deviation (stars) of its rating from the time-local consensus of its
 * platform, and the unit √(1 + 1/n_eff) that deviation is measured in.
 *
 * The consensus of a review at time t is a kernel-weighted mean of the platform's other
 * ratings, kernel exp(−|t − tⱼ| / τ) (τ = rev2LocalDays) times each rating's consensus
 * weight (squared prior credibility × REV2 factor × recency), shrunk toward the platform's
 * overall consensus G(p) with rev2LocalPriorWeight pseudo-weight (Nadaraya–Watson kernel
 * regression, Nadaraya 1964 / Watson 1964, with a Bayesian prior as in scores.ts). On a thinly
 * reviewed platform the local mean is G(p); on a busy one it follows the platform's weeks.
 *
 * It is computed on each side of the review — the reviews before it, and after it (reviews at
 * the same instant count on both sides) — and the rating is compared with the side it agrees
 * with best, in units of that side's uncertainty. One-sided kernels keep a jump sharp: a
 * two-sided mean smears a regime change, so that the first complaints about a collapse "disagree"
 * with the good months before it and the last praise before it with the complaints after
 * (jump-preserving smoothing with one-sided fits: McDonald & Owen, "Smoothing with split linear
 * fits", Technometrics 28(3), 1986; Qiu, "Image Processing and Jump Regression Analysis", 2005).
 * Two forward/backward passes per platform (exponential kernels are recursive), O(n).
 */
function localDeviation(
  table: ReviewTable,
  layout: LocalLayout,
  weight: Float64Array,
  goodness: Float64Array,
  config: ModelConfig,
  deviation: Float64Array,
  unit: Float64Array,
): void {
  const { byPlatform, byPlatformMs } = table;
  const { ratingAt, groupStart, platformGroup, kernelBefore, weightAt, deviationAndUnitAt: out } = layout;
  const n = byPlatform.length;
  for (let q = 0; q < n; q++) weightAt[q] = weight[byPlatform[q]!]!;
  const C = config.rev2LocalPriorWeight;
  const nP = platformGroup.length - 1;
  for (let p = 0; p < nP; p++) {
    const g0 = platformGroup[p]!;
    const g1 = platformGroup[p + 1]!;
    const G = goodness[p]!;
    // forward: the reviews before (and at the same instant), then backward: after
    for (let dir = 0; dir < 2; dir++) {
      let sw = 0;
      let swr = 0;
      let sww = 0;
      let lastMs = NaN;
      for (let step = 0; step < g1 - g0; step++) {
        // the group of reviews posted at the same instant: positions [qs, qe), walked in the pass's direction
        const g = dir === 0 ? g0 + step : g1 - 1 - step;
        const qs = groupStart[g]!;
        const qe = groupStart[g + 1]!;
        const t = byPlatformMs[qs]!;
        if (!Number.isNaN(lastMs)) {
          // the kernel between this group and the one before it in the pass (|Δt| is symmetric)
          const k = kernelBefore[dir === 0 ? g : g + 1]!;
          sw *= k;
          swr *= k;
          sww *= k * k;
        }
        let gw = 0;
        let gwr = 0;
        let gww = 0;
        if (dir === 0) {
          for (let q = qs; q < qe; q++) {
            gw += weightAt[q]!;
            gwr += weightAt[q]! * ratingAt[q]!;
            gww += weightAt[q]! * weightAt[q]!;
          }
        } else {
          for (let q = qe - 1; q >= qs; q--) {
            gw += weightAt[q]!;
            gwr += weightAt[q]! * ratingAt[q]!;
            gww += weightAt[q]! * weightAt[q]!;
          }
        }
        for (let q = qs; q < qe; q++) {
          const wi = weightAt[q]!;
          const w = C + sw + gw - wi;
          const mean = (C * G + swr + gwr - wi * ratingAt[q]!) / w;
          const neff = (w * w) / (C * C + Math.max(0, sww + gww - wi * wi));
          const u = Math.sqrt(1 + 1 / neff);
          const d = Math.abs(ratingAt[q]! - mean);
          if (dir === 0 || d / u < out[2 * q]! / out[2 * q + 1]!) {
            out[2 * q] = d;
            out[2 * q + 1] = u;
          }
        }
        sw += gw;
        swr += gwr;
        sww += gww;
        lastMs = t;
      }
    }
  }
  for (let q = 0; q < n; q++) {
    const i = byPlatform[q]!;
    deviation[i] = out[2 * q]!;
    unit[i] = out[2 * q + 1]!;
  }
}
