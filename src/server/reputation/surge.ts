// One-off surges: a platform with far more reviews of one star value from "one-off"
// accounts (young accounts that have rated nothing else) than the site-wide share of
// one-off reviews and the platform's other reviewers would lead to expect — the
// footprint of a slow drip or of brushing, which stays under any burst window.
import type { ModelConfig } from './config.ts';
import type { ReviewTable } from './prepare.ts';
import { poissonTailThreshold } from './bursts.ts';

/**
 * Binary relative entropy KL(q ‖ p) in nats (Cover & Thomas, "Elements of
 * Information Theory", 2.3).
 */
export function binaryKl(q: number, p: number): number {
  const term = (a: number, b: number) => (a <= 0 ? 0 : a * Math.log(a / b));
  return term(q, p) + term(1 - q, 1 - p);
}

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

/**
 * For platform p with H reviews by other (not one-off) accounts, star histogram h_b of
 * those reviews (Laplace-smoothed: q_b = (h_b + 1)/(H + 5), Laplace's rule of
 * succession) and site-wide one-off share s, the one-off reviews in star bucket b are
 * expected E_b = (s/(1−s)·H + 1)·q_b times — one-offs per other review site-wide, so
 * the surge does not inflate its own baseline, plus one pseudo one-off. Bucket b surges
 * when k_b ≥ oneOffMinReviews, k_b > E_b and the Poisson tail P(X ≥ k_b), X ~ Poisson(E_b),
 * is below oneOffPValue (the same exact tail as the burst scan, bursts.ts). Its reviews then get the factor E_b / k_b (the chance that a
 * review in the bucket is one of the expected ones, not the surplus), at most
 * oneOffFactorMax: together they weigh what they would on a normal platform. Reviews
 * inside a burst count toward detection, but are discounted by the burst itself; the
 * factor for the others is E_b / (their count).
 */
export function detectOneOffSurges(
  table: ReviewTable,
  oneOff: Uint8Array,
  explained: Uint8Array,
  config: ModelConfig,
): SurgeResult {
  const { nReviews: n, nPlatforms, platform, rating } = table;
  const factor = new Float64Array(n).fill(1);
  const surging = new Uint8Array(nPlatforms);
  const oneOffHist = new Int32Array(nPlatforms * BUCKETS);
  // one-off reviews not already explained by a burst
  const freeHist = new Int32Array(nPlatforms * BUCKETS);
  const otherHist = new Int32Array(nPlatforms * BUCKETS);
  const total = new Int32Array(nPlatforms);
  let all = 0;
  const bucketOf = (i: number) => Math.min(BUCKETS - 1, Math.max(0, Math.round(rating[i]!) - 1));
  for (let i = 0; i < n; i++) {
    const p = platform[i]!;
    total[p]!++;
    if (oneOff[i]) {
      oneOffHist[p * BUCKETS + bucketOf(i)]!++;
      if (!explained[i]) freeHist[p * BUCKETS + bucketOf(i)]!++;
      all++;
    } else otherHist[p * BUCKETS + bucketOf(i)]!++;
  }
  if (n === 0 || all === 0) return { factor, surging };
  const s = Math.min(all / n, MAX_ONE_OFF_SHARE);
  // Tests: each star value, then "praise" (4–5★) and "blame" (1–2★) together, so a
  // campaign that mixes 4★ and 5★ is seen as one. A star value that is anomalous by
  // itself takes its own factor; the direction test covers only the star values that
  // are not, so honest one-offs of another star value are discounted only if they too
  // are more than usual (the same attribution rule as for burst profiles).
  const singles: number[][] = [[0], [1], [2], [3], [4]];
  const directions: number[][] = [[0, 1], [3, 4]];
  const bucketFactor = new Float64Array(nPlatforms * BUCKETS).fill(1);
  const anomalous = new Uint8Array(BUCKETS);
  for (let p = 0; p < nPlatforms; p++) {
    let others = 0;
    for (let b = 0; b < BUCKETS; b++) others += otherHist[p * BUCKETS + b]!;
    anomalous.fill(0);
    const test = (members: number[], known: boolean) => {
      let k = 0;
      let free = 0;
      let h = 0;
      for (const b of members) {
        k += oneOffHist[p * BUCKETS + b]!;
        free += freeHist[p * BUCKETS + b]!;
        h += otherHist[p * BUCKETS + b]!;
      }
      if (k < config.oneOffMinReviews) return;
      const q = (h + members.length) / (others + BUCKETS);
      // Expected one-offs from the platform's *other* reviews (one-offs per other review
      // site-wide × others × bucket share), so a surge does not inflate its own baseline.
      const expected = ((s / (1 - s)) * others + PSEUDO_ONE_OFFS) * q;
      if (!known && (k <= expected || k < poissonTailThreshold(expected, config.oneOffPValue))) return;
      surging[p] = 1;
      for (const b of members) anomalous[b] = 1;
      // Reviews inside a burst are discounted there; the rest share what is left of the
      // expectation (no discount when they alone do not exceed it).
      if (free <= expected) return;
      const f = Math.min(config.oneOffFactorMax, expected / free);
      for (const b of members) bucketFactor[p * BUCKETS + b] = Math.min(bucketFactor[p * BUCKETS + b]!, f);
    };
    for (const g of singles) test(g, false);
    for (const g of directions) {
      // Star values of one direction that surge together are one campaign: they share
      // its expected/observed when that is lower than their own.
      const surged = g.filter((b) => anomalous[b]);
      if (surged.length > 1) test(surged, true);
      const rest = g.filter((b) => !anomalous[b]);
      if (rest.length > 0) test(rest, false);
    }
  }
  for (let i = 0; i < n; i++) if (oneOff[i]) factor[i] = bucketFactor[platform[i]! * BUCKETS + bucketOf(i)]!;
  return { factor, surging };
}
