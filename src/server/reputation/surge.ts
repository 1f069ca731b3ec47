// One-off surges: a platform with far more reviews of one star value from "one-off"
// accounts (young accounts that have rated nothing else) than the site-wide share of
// one-off reviews and the platform's other reviewers would lead to expect — the
// footprint of a slow drip or of brushing, which stays under any burst window.
import type { ModelConfig } from './config.ts';
import type { ReviewTable } from './prepare.ts';
import { poissonTailThreshold } from './bursts.ts';

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

/**
 * For platform p with H reviews by other (not one-off) accounts, star histogram h_b of
 * those reviews (Laplace-smoothed: q_b = (h_b + 1)/(H + 5), Laplace's rule of
 * succession) and site-wide one-off share s, the one-off reviews of star value b are
 * expected E_b = (s/(1−s)·H + 1)·q_b times — one-offs per other review site-wide, so
 * the surge does not inflate its own baseline, plus one pseudo one-off — and E_b·u_σ
 * of them in proof stratum σ (u_σ: the stratum's Laplace-smoothed share of one-offs
 * site-wide). A direction (blame, neutral, praise) surges when its one-off count, or
 * that of one of its star values, reaches the Poisson tail P(X ≥ k) < oneOffPValue
 * (the exact tail of the burst scan, bursts.ts) and oneOffMinReviews. Each cell
 * (b, σ) of a surging direction then gets E_b·u_σ / k (the chance that a review of the
 * cell is one of the expected ones, not the surplus), at most oneOffFactorMax: together
 * the cell weighs what it would on a normal platform. Reviews inside a burst are
 * discounted by the burst and left out of detection and of k (the burst already
 * accounts for their excess).
 */
export function detectOneOffSurges(
  table: ReviewTable,
  oneOff: Uint8Array,
  explained: Uint8Array,
  stratum: Uint8Array,
  config: ModelConfig,
): SurgeResult {
  const { nReviews: n, nPlatforms, platform, rating } = table;
  const factor = new Float64Array(n).fill(1);
  const surging = new Uint8Array(nPlatforms);
  // per (platform, stratum, star bucket): one-off reviews, and those not already explained by a burst
  const oneOffHist = new Int32Array(nPlatforms * STRATA * BUCKETS);
  const freeHist = new Int32Array(nPlatforms * STRATA * BUCKETS);
  const otherHist = new Int32Array(nPlatforms * BUCKETS);
  const strataCount = new Float64Array(STRATA);
  let all = 0;
  const bucketOf = (i: number) => Math.min(BUCKETS - 1, Math.max(0, Math.round(rating[i]!) - 1));
  const cell = (p: number, st: number, b: number) => (p * STRATA + st) * BUCKETS + b;
  for (let i = 0; i < n; i++) {
    const p = platform[i]!;
    if (oneOff[i]) {
      const st = stratum[i]! < STRATA ? stratum[i]! : STRATA - 1;
      oneOffHist[cell(p, st, bucketOf(i))]!++;
      if (!explained[i]) freeHist[cell(p, st, bucketOf(i))]!++;
      strataCount[st]!++;
      all++;
    } else otherHist[p * BUCKETS + bucketOf(i)]!++;
  }
  if (n === 0 || all === 0) return { factor, surging };
  const s = Math.min(all / n, MAX_ONE_OFF_SHARE);
  // A direction (blame 1–2★, neutral 3★, praise 4–5★) surges when its one-off reviews
  // together, or those of one of its star values, are anomalous — so a campaign that
  // mixes 4★ and 5★ is seen as one, and a 5★-only push is not hidden by honest 4★.
  // In a surging direction every cell (star value × stratum, the stratum being checked
  // proof or not) gets its own expected/observed: the share of its reviews that the
  // usual rate explains (a two-component mixture, usual traffic + campaign, with the
  // usual part known). Cells near their usual count keep most of their weight (a
  // returning customer with a verified order is not discounted for a drip of unverified
  // newcomers); the cells the campaign filled carry the discount.
  const directions: number[][] = [[0, 1], [2], [3, 4]];
  const bucketFactor = new Float64Array(nPlatforms * STRATA * BUCKETS).fill(1);
  const shareOf = new Float64Array(STRATA);
  for (let st = 0; st < STRATA; st++) shareOf[st] = (strataCount[st]! + 1) / (all + STRATA); // Laplace-smoothed
  const perOther = s / (1 - s);
  for (let p = 0; p < nPlatforms; p++) {
    let others = 0;
    for (let b = 0; b < BUCKETS; b++) others += otherHist[p * BUCKETS + b]!;
    // Expected one-offs from the platform's *other* reviews (one-offs per other review
    // site-wide × others, plus a pseudo-count), so a surge does not inflate its own baseline.
    const base = perOther * others + PSEUDO_ONE_OFFS;
    const q = (b: number) => (otherHist[p * BUCKETS + b]! + 1) / (others + BUCKETS);
    const anomalousCount = (k: number, expected: number) =>
      k >= config.oneOffMinReviews && k > expected && k >= poissonTailThreshold(expected, config.oneOffPValue);
    for (const g of directions) {
      let kDir = 0;
      let eDir = 0;
      let single = false;
      for (const b of g) {
        let kb = 0;
        for (let st = 0; st < STRATA; st++) kb += freeHist[cell(p, st, b)]!;
        kDir += kb;
        eDir += base * q(b);
        if (anomalousCount(kb, base * q(b))) single = true;
      }
      if (!single && !anomalousCount(kDir, eDir)) continue;
      surging[p] = 1;
      for (const b of g) {
        for (let st = 0; st < STRATA; st++) {
          // Reviews inside a burst are discounted there; the rest share what is left of
          // the expectation (no discount when they alone do not exceed it).
          const free = freeHist[cell(p, st, b)]!;
          const expected = base * q(b) * shareOf[st]!;
          if (free > expected) bucketFactor[cell(p, st, b)] = Math.min(config.oneOffFactorMax, expected / free);
        }
      }
    }
  }
  for (let i = 0; i < n; i++) {
    if (!oneOff[i]) continue;
    const st = stratum[i]! < STRATA ? stratum[i]! : STRATA - 1;
    factor[i] = bucketFactor[cell(platform[i]!, st, bucketOf(i))]!;
  }
  return { factor, surging };
}
