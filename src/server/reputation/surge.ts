// One-off surges: a platform with far more reviews of one star value from "one-off"
// accounts (young accounts that have rated nothing else) than the site-wide share of
// one-off reviews and the platform's other reviewers would lead to expect — the
// footprint of a slow drip or of brushing, which stays under any burst window.
import type { ModelConfig } from './config.ts';
import type { ReviewTable } from './prepare.ts';

/**
 * Binary relative entropy KL(q ‖ p) in nats (Cover & Thomas, "Elements of
 * Information Theory", 2.3).
 */
export function binaryKl(q: number, p: number): number {
  const term = (a: number, b: number) => (a <= 0 ? 0 : a * Math.log(a / b));
  return term(q, p) + term(1 - q, 1 - p);
}

export interface SurgeResult {
  /** Per review: factor in (0, 1]; < 1 for one-off reviews in a surging star bucket. */
  factor: Float64Array;
  /** Per platform: 1 when some star bucket of its one-off reviews is anomalous. */
  surging: Uint8Array;
}

const BUCKETS = 5;

/**
 * For platform p with n reviews, site-wide one-off share s, and the star histogram
 * q_b of p's *other* reviews (Laplace-smoothed: (h_b + 1)/(H + 5), Laplace's rule of
 * succession), the one-off reviews in star bucket b are expected E_b = s·n·q_b times.
 * Bucket b surges when k_b ≥ oneOffMinReviews, k_b > E_b and the Chernoff–Hoeffding bound
 *   P(X ≥ k_b) ≤ exp(−n · KL(k_b/n ‖ s·q_b))        (Hoeffding 1963, Thm 1; Chernoff 1952)
 * is below oneOffPValue. Its reviews then get the factor E_b / k_b (the chance that a
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
  const s = all / n;
  const bound = Math.log(1 / config.oneOffPValue);
  // Tests: each star value, plus "praise" (4–5★) and "blame" (1–2★) together, so a
  // campaign that mixes 4★ and 5★ is seen as one. A review takes the factor of its own
  // star value when that is anomalous, else that of its direction.
  const groups: number[][] = [[0], [1], [2], [3], [4], [0, 1], [3, 4]];
  const bucketFactor = new Float64Array(nPlatforms * BUCKETS).fill(1);
  const groupFactor = new Float64Array(BUCKETS);
  for (let p = 0; p < nPlatforms; p++) {
    const np = total[p]!;
    let others = 0;
    for (let b = 0; b < BUCKETS; b++) others += otherHist[p * BUCKETS + b]!;
    groupFactor.fill(1);
    for (let g = 0; g < groups.length; g++) {
      const members = groups[g]!;
      let k = 0;
      let free = 0;
      let h = 0;
      for (const b of members) {
        k += oneOffHist[p * BUCKETS + b]!;
        free += freeHist[p * BUCKETS + b]!;
        h += otherHist[p * BUCKETS + b]!;
      }
      if (k < config.oneOffMinReviews) continue;
      const q = (h + members.length) / (others + BUCKETS);
      const pExpected = s * q;
      const expected = pExpected * np;
      if (k <= expected) continue;
      if (np * binaryKl(k / np, pExpected) < bound) continue;
      surging[p] = 1;
      // Reviews inside a burst are discounted there; the rest share what is left of the
      // expectation (no discount when they alone do not exceed it).
      if (free <= expected) continue;
      const f = Math.min(config.oneOffFactorMax, expected / free);
      if (members.length === 1) bucketFactor[p * BUCKETS + members[0]!] = f;
      else for (const b of members) groupFactor[b] = Math.min(groupFactor[b]!, f);
    }
    for (let b = 0; b < BUCKETS; b++) {
      if (bucketFactor[p * BUCKETS + b] === 1) bucketFactor[p * BUCKETS + b] = groupFactor[b]!;
    }
  }
  for (let i = 0; i < n; i++) if (oneOff[i]) factor[i] = bucketFactor[platform[i]! * BUCKETS + bucketOf(i)]!;
  return { factor, surging };
}
