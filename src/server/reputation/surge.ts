// One-off surges: a platform with far more reviews of one star value from "one-off"
// accounts (young accounts that have rated nothing else) than the site-wide share of
// one-off reviews and the platform's other reviewers would lead to expect — the
// footprint of a slow drip or of brushing, which stays under any burst window.
import type { ModelConfig } from './config.ts';
import type { ReviewTable } from './prepare.ts';
import { campaignPosterior, poissonTailThreshold, poissonUpperTail, SOFT_TAIL_DECADES } from './bursts.ts';
import { dayMs } from '../time.ts';

/** One pseudo one-off review per platform (Laplace-style), so a platform with no other reviews does not expect zero. */
const PSEUDO_ONE_OFFS = 1;
/** Cap of the site-wide one-off share, so s/(1−s) stays finite on a site of newcomers only. */
const MAX_ONE_OFF_SHARE = 0.95;

export interface SurgeResult {
  /** Per review: factor in (0, 1]; < 1 for one-off reviews in a surging star bucket. */
  factor: Float64Array;
  /** Per platform: 1 when some star bucket of its one-off reviews is anomalous. */
  surging: Uint8Array;
}

const BUCKETS = 5;
/** Strata of one-off reviews tested apart: 0 = verified proof, 1 = anything else. */
export const STRATA = 2;
/** The stratum of one-offs with a verified order (the callers' stratum 0). */
const VERIFIED_STRATUM = 0;

/**
 * Share of the usual time profile that is uniform over the platform's span; the rest is
 * the empirical profile of its other reviews. A platform's other reviews are few and
 * lumpy (a gap of a month in 40 reviews is chance), and a scan against the raw empirical
 * profile finds "campaigns" exactly in those gaps; an even mixture with the homogeneous
 * rate that the burst scan assumes (shrinkage toward a uniform prior) keeps traffic
 * trends without trusting every gap.
 */
const UNIFORM_TIME_SHARE = 0.5;
/** Resolution of a surge interval (days): an interval of one review is this wide, so its expectation is never zero-width. */
const INTERVAL_RESOLUTION_DAYS = 1;
/** At most this many candidate start/end points per scan (evenly spaced), so the O(k²) interval scan stays bounded on huge platforms. */
const MAX_SCAN_POINTS = 400;
const MS_PER_DAY = dayMs;
/** Rounds of secondary clusters searched on either side of a surge's stretch: a campaign paused a few times is still found whole, and the scan stays bounded. */
const MAX_SECONDARY_CLUSTERS = 4;
/** Longest gap (in mean spacings of the campaign) over which a surge's stretch absorbs the next one-off: −ln(0.05) ≈ 3, the 95th percentile of an exponential inter-arrival time. */
const ABSORB_GAP_SPACINGS = 3;
/** Fewest reviews of a secondary cluster (the stragglers at the edges of a campaign already found): three in a short stretch, not a pair, which can be two honest buyers on one day. */
const SECONDARY_MIN_REVIEWS = 3;

/** First index in sorted xs[0..n) with xs[i] ≥ v. */
function lowerBound(xs: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index in sorted xs[0..n) with xs[i] > v. */
function upperBound(xs: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * For platform p with H reviews by other (not one-off) accounts, star histogram h_b of
 * those reviews (Laplace-smoothed: q_b = (h_b + 1)/(H + 5), Laplace's rule of
 * succession) and one-off share s of the rest of the site (p left out, Laplace-smoothed:
 * (one-offs elsewhere + 1)/(reviews elsewhere + 2)), the one-off reviews of star value b are
 * expected E_b = (s/(1−s)·H + 1)·q_b times — one-offs per other review site-wide, so
 * the surge does not inflate its own baseline, plus one pseudo one-off — and E_b·u_σ
 * of them in proof stratum σ (u_σ: the stratum's Laplace-smoothed share of one-offs
 * site-wide). A direction (blame, neutral, praise) surges when its one-off count, or
 * that of one of its star values, reaches the Poisson tail P(X ≥ k) < oneOffPValue
 * (the exact tail of the burst scan, bursts.ts) and oneOffMinReviews. The attribution is
 * weighed by the chance that the excess is a campaign (bursts.ts campaignPosterior of the
 * smallest of those tails), from two decades above the level: a count just short of it is
 * attributed in small part, one just past it in half, not nothing and then all. All one-off
 * reviews count, those inside a burst too: a campaign's stragglers outside the burst
 * windows are part of the same excess.
 *
 * When is the surplus? A campaign (a drip, 刷单 over two months) fills a stretch of the
 * platform's history, not all of it; honest one-off buyers of other months are not part
 * of it. Usual one-offs arrive with the platform's usual traffic, so the expected
 * one-offs of an interval I are E·F(I), F(I) being the share of the platform's other
 * reviews inside I (mixed with an even spread, UNIFORM_TIME_SHARE). The surplus
 * interval is the most likely cluster of Kulldorff's Poisson scan statistic in one
 * dimension (Kulldorff, "A spatial scan statistic", Commun. Statist. 1997; the temporal
 * form of Kulldorff et al., Am. J. Public Health 1998): the interval of the direction's
 * one-off reviews maximising the log-likelihood ratio k·ln(k/E_I) − (k − E_I), k > E_I.
 * The campaign's stretch is that interval grown by secondary clusters within one
 * stretch-length of it (each anomalous on its own) and by the one-offs that follow its
 * edges within ABSORB_GAP_SPACINGS mean spacings (a paused campaign, its stragglers);
 * when no interval is anomalous, the whole history is the stretch.
 * Each cell (b, σ) of the surging direction then gets, inside the stretch I,
 * E_b·u_σ·F(I) / k_I — the chance that a review of that cell and time is one of the
 * expected ones rather than the surplus (a two-component mixture, usual traffic +
 * campaign, with the usual part known) — at most oneOffFactorMax. A cell's own count
 * is not tested: a campaign's minority star or unproven few (the 4★ or pending reviews of
 * a 5★ verified 刷单) are too small to be significant alone, yet are part of the surplus
 * (the evaluation showed brushing escaping through them when cells had to be
 * significant). The one test is by cost: the verified stratum is attributed only when
 * its own count in the stretch is anomalous, because an unproven campaign cannot produce
 * verified reviews (see the loop below). One-offs outside the stretch keep their weight. Reviews inside a
 * burst take the stronger of the burst and surge estimates (index.ts), never their
 * product. The surges do not depend on the bursts, so the burst scan can count the
 * usual rate by their estimate (index.ts).
 */
export function detectOneOffSurges(
  table: ReviewTable,
  oneOff: Uint8Array,
  stratum: Uint8Array,
  config: ModelConfig,
): SurgeResult {
  const { nReviews: n, nPlatforms, platform, rating, byPlatform, platformStart, byPlatformMs, nowMs } = table;
  const factor = new Float64Array(n).fill(1);
  const surging = new Uint8Array(nPlatforms);
  // per (platform, stratum, star bucket): one-off reviews
  const oneOffHist = new Int32Array(nPlatforms * STRATA * BUCKETS);
  const otherHist = new Int32Array(nPlatforms * BUCKETS);
  const strataCount = new Float64Array(STRATA);
  const oneOffsOn = new Int32Array(nPlatforms); // per platform, for the leave-one-out share below
  let all = 0;
  const bucketOf = (i: number) => Math.min(BUCKETS - 1, Math.max(0, Math.round(rating[i]!) - 1));
  const stratumOf = (i: number) => (stratum[i]! < STRATA ? stratum[i]! : STRATA - 1);
  const cell = (p: number, st: number, b: number) => (p * STRATA + st) * BUCKETS + b;
  for (let i = 0; i < n; i++) {
    const p = platform[i]!;
    if (oneOff[i]) {
      const st = stratumOf(i);
      oneOffHist[cell(p, st, bucketOf(i))]!++;
      strataCount[st]!++;
      oneOffsOn[p]!++;
      all++;
    } else otherHist[p * BUCKETS + bucketOf(i)]!++;
  }
  if (n === 0 || all === 0) return { factor, surging };
  // A direction (blame 1–2★, neutral 3★, praise 4–5★) surges when its one-off reviews
  // together, or those of one of its star values, are anomalous — so a campaign that
  // mixes 4★ and 5★ is seen as one, and a 5★-only push is not hidden by honest 4★.
  const directions: number[][] = [[0, 1], [2], [3, 4]];
  const shareOf = new Float64Array(STRATA);
  for (let st = 0; st < STRATA; st++) shareOf[st] = (strataCount[st]! + 1) / (all + STRATA); // Laplace-smoothed
  // Tail probability of a count, or 1 when it is too small to be tested (oneOffMinReviews).
  const countTail = (k: number, expected: number) => (k >= config.oneOffMinReviews && k > expected ? poissonUpperTail(k, expected) : 1);
  const softAlpha = config.oneOffPValue * SOFT_TAIL_DECADES;
  // scratch, sized for the largest platform
  let maxLen = 0;
  for (let p = 0; p < nPlatforms; p++) maxLen = Math.max(maxLen, platformStart[p + 1]! - platformStart[p]!);
  const othersTimes = new Float64Array(maxLen); // times of the platform's other reviews, ascending
  const pos = new Int32Array(maxLen); // platform positions of the direction's one-offs
  const posMs = new Float64Array(maxLen); // their times (the scan reads them often)
  const inI = new Int32Array(STRATA * BUCKETS);
  for (let p = 0; p < nPlatforms; p++) {
    let others = 0;
    for (let b = 0; b < BUCKETS; b++) others += otherHist[p * BUCKETS + b]!;
    // Expected one-offs from the platform's *other* reviews (one-offs per other review on
    // the rest of the site × others, plus a pseudo-count), so a surge does not inflate its
    // own baseline: the share s leaves this platform out (leave-one-out, Laplace-smoothed),
    // else on a small site the campaign is most of the site's one-offs and hides itself.
    const reviewsOn = oneOffsOn[p]! + others;
    const s = Math.min((all - oneOffsOn[p]! + 1) / (n - reviewsOn + 2), MAX_ONE_OFF_SHARE);
    const perOther = s / (1 - s);
    const base = perOther * others + PSEUDO_ONE_OFFS;
    const q = (b: number) => (otherHist[p * BUCKETS + b]! + 1) / (others + BUCKETS);
    const ps = platformStart[p]!;
    const pe = platformStart[p + 1]!;
    let prefixReady = false;
    for (const g of directions) {
      let kDir = 0;
      let eDir = 0;
      let tail = 1;
      for (const b of g) {
        let kb = 0;
        for (let st = 0; st < STRATA; st++) kb += oneOffHist[cell(p, st, b)]!;
        kDir += kb;
        eDir += base * q(b);
        tail = Math.min(tail, countTail(kb, base * q(b)));
      }
      tail = Math.min(tail, countTail(kDir, eDir));
      if (tail >= softAlpha) continue;
      // How sure the excess is a campaign (bursts.ts campaignPosterior): attribution grows with
      // the evidence instead of switching on at oneOffPValue.
      const campaign = campaignPosterior(tail, config.oneOffPValue);
      if (campaign >= 0.5) surging[p] = 1;
      if (!prefixReady) {
        let o = 0;
        for (let j = ps; j < pe; j++) if (!oneOff[byPlatform[j]!]) othersTimes[o++] = byPlatformMs[j]!;
        prefixReady = true;
      }
      // other reviews with time in [ta, tz] (by time, not position, so ties do not depend on input order)
      const othersIn = (ta: number, tz: number) => upperBound(othersTimes, others, tz) - lowerBound(othersTimes, others, ta);
      // the direction's one-off reviews, in time order (byPlatform is time-sorted)
      let k = 0;
      for (let j = ps; j < pe; j++) {
        const i = byPlatform[j]!;
        if (oneOff[i] && g.includes(bucketOf(i))) {
          posMs[k] = byPlatformMs[j]!;
          pos[k++] = j - ps;
        }
      }
      const firstMs = byPlatformMs[ps]!;
      const spanMs = Math.max(nowMs - firstMs, INTERVAL_RESOLUTION_DAYS * MS_PER_DAY);
      const tAt = (x: number) => posMs[x]!;
      const share = (a: number, z: number) => {
        // F(I) for I = [time of one-off a, time of one-off z]: the usual share of the
        // platform's traffic inside I
        const ta = posMs[a]!;
        const tz = posMs[z]!;
        const widthMs = tz - ta + INTERVAL_RESOLUTION_DAYS * MS_PER_DAY;
        const inside = othersIn(ta, tz);
        return Math.min(1, (others > 0 ? (1 - UNIFORM_TIME_SHARE) * (inside / others) : 0) + (others > 0 ? UNIFORM_TIME_SHARE : 1) * (widthMs / spanMs));
      };
      // Kulldorff's most likely interval among the one-offs [lo, hi) (candidate endpoints
      // thinned on huge platforms); returns [a, z] or null when no interval has k > E.
      const mostLikely = (lo: number, hi: number, minK: number): [number, number] | null => {
        const len = hi - lo;
        if (len <= 0) return null;
        const stride = Math.max(1, Math.ceil(len / MAX_SCAN_POINTS));
        let best: [number, number] | null = null;
        let bestLlr = -Infinity;
        // Intervals start and end on whole groups of reviews with the same time, so the
        // result does not depend on how the input ordered simultaneous reviews.
        for (let a = lo; a < hi; a += stride) {
          if (a > lo && tAt(a - 1) === tAt(a)) continue;
          for (let z0 = a; ; z0 += stride) {
            const z = Math.min(z0, hi - 1);
            if (z < hi - 1 && tAt(z + 1) === tAt(z)) continue;
            const kin = z - a + 1;
            const e = eDir * share(a, z);
            if (kin >= minK && kin > e) {
              const llr = kin * Math.log(kin / e) - (kin - e);
              if (llr > bestLlr) {
                bestLlr = llr;
                best = [a, z];
              }
            }
            if (z === hi - 1) break;
          }
        }
        return best;
      };
      // The campaign's stretch of time: Kulldorff's primary cluster, then secondary
      // clusters on either side (Kulldorff's secondary clusters), each kept only when its
      // own count is anomalous by the same Poisson tail and it lies within one campaign
      // span of the stretch found so far (the same campaign, paused; a bunch of one-offs
      // months away is another hypothesis among the many intervals scanned, not evidence).
      // The stretch is their hull. When no interval is anomalous, the surplus is spread
      // over the whole history, and the whole history is the stretch.
      const timeOf = tAt;
      const anomalousInterval = (a: number, z: number) => z - a + 1 >= poissonTailThreshold(eDir * share(a, z), config.oneOffPValue);
      // The scan's interval is the densest stretch; a campaign's first and last reviews
      // often fall just outside it by chance. Arrivals of a Poisson process are
      // exponentially spaced, so a gap longer than −ln(0.05) ≈ 3 mean spacings has a 5 %
      // chance within the campaign: a one-off of the same direction closer than that to
      // the stretch's edge is indistinguishable from the campaign's next arrival, and the
      // stretch absorbs it (and so on, in a chain).
      const absorb = (h: [number, number]) => {
        const meanSpacing = Math.max((timeOf(h[1]) - timeOf(h[0])) / Math.max(h[1] - h[0], 1), INTERVAL_RESOLUTION_DAYS * MS_PER_DAY);
        const spacing = ABSORB_GAP_SPACINGS * meanSpacing;
        while (h[0] > 0 && timeOf(h[0]) - timeOf(h[0] - 1) <= spacing) h[0]--;
        while (h[1] < k - 1 && timeOf(h[1] + 1) - timeOf(h[1]) <= spacing) h[1]++;
      };
      let hull: [number, number] = [0, k - 1];
      let whole = true;
      const primary = mostLikely(0, k, config.oneOffMinReviews);
      if (primary && anomalousInterval(primary[0], primary[1])) {
        whole = false;
        hull = [primary[0], primary[1]];
        absorb(hull);
        for (let round = 0; round < MAX_SECONDARY_CLUSTERS; round++) {
          const span = Math.max(timeOf(hull[1]) - timeOf(hull[0]), INTERVAL_RESOLUTION_DAYS * MS_PER_DAY);
          let grown = false;
          for (const [lo, hi] of [[0, hull[0]], [hull[1] + 1, k]] as const) {
            const found = mostLikely(lo, hi, SECONDARY_MIN_REVIEWS);
            if (!found || !anomalousInterval(found[0], found[1])) continue;
            const gap = Math.max(timeOf(found[0]) - timeOf(hull[1]), timeOf(hull[0]) - timeOf(found[1]), 0);
            if (gap > span) continue;
            hull = [Math.min(hull[0], found[0]), Math.max(hull[1], found[1])];
            grown = true;
          }
          if (!grown) break;
          absorb(hull);
        }
      }
      const intervals: [number, number][] = [hull];
      for (const [a, z] of intervals) {
        const fIn = whole ? 1 : share(a, z);
        // The platform's own usual mix: outside the stretch, how many of the direction's
        // one-offs it had next to what the site-wide rate expects (Laplace-smoothed, one
        // pseudo-review each). A platform whose ordinary buyers are often one-off gets that
        // many more expected inside the stretch too (never fewer than the site's rate): the
        // campaign is the drift from the platform's established mix, not its usual self.
        const outside = k - (z - a + 1);
        const ownRate = whole ? 1 : Math.max(1, (outside + 1) / (eDir * (1 - fIn) + 1));
        inI.fill(0);
        for (let x = a; x <= z; x++) {
          const i = byPlatform[ps + pos[x]!]!;
          inI[stratumOf(i) * BUCKETS + bucketOf(i)]!++;
        }
        // Proof costs an order; leaving it off costs nothing (a signal is evidence in so far
        // as it is costly to fake: Spence, "Job Market Signaling", QJE 87(3), 1973; issue 14:
        // "verified proof is cheap for a brusher" — cheap, not free). An unproven campaign (a
        // drip) cannot produce verified reviews, so the verified one-offs inside its stretch are
        // part of the surplus only when the verified stratum's own count in the stretch is
        // anomalous by the same Poisson tail (oneOffPValue) — 刷单 buys its orders and is; the
        // honest verified buyers who happen to review during a drip are the platform's usual
        // variety, not the drip's excess. Short of that test, two or more verified one-offs
        // (burstProfileMinReviews, the bursts' rule for a profile's verified reviews) in the
        // stretch of a surge that is more likely a campaign than not show a campaign that bought
        // some of its orders: market seed 42004, two verified newcomers among a drip's
        // forty-six kept weight 0.63 each and moved a thin target 9 ranks. One verified one-off
        // is not a pattern. The unverified stratum is always attributable (any
        // campaign, 刷单 too, can leave a few proofs pending for free), and within an
        // attributable stratum cells are not tested: a campaign's minority star is part of it.
        const strataAnomalous = new Uint8Array(STRATA).fill(1);
        {
          let kSt = 0;
          let eSt = 0;
          for (const b of g) {
            kSt += inI[VERIFIED_STRATUM * BUCKETS + b]!;
            eSt += base * q(b) * shareOf[VERIFIED_STRATUM]! * fIn * ownRate;
          }
          strataAnomalous[VERIFIED_STRATUM] =
            (kSt > eSt && kSt >= poissonTailThreshold(eSt, config.oneOffPValue)) || (campaign >= 0.5 && kSt >= config.burstProfileMinReviews) ? 1 : 0;
        }
        for (let x = a; x <= z; x++) {
          const i = byPlatform[ps + pos[x]!]!;
          const st = stratumOf(i);
          const b = bucketOf(i);
          const observed = inI[st * BUCKETS + b]!;
          const expected = base * q(b) * shareOf[st]! * fIn * ownRate;
          if (strataAnomalous[st] && observed > expected)
            factor[i] = 1 - campaign * (1 - Math.min(config.oneOffFactorMax, expected / observed));
        }
      }
    }
  }
  return { factor, surging };
}
