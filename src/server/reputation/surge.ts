// One-off surges: a platform with far more reviews from "one-off" accounts (young
// accounts that have rated nothing else) than the site-wide share — the footprint of a slow drip or of brushing, which
// stays under any burst window.
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
  /** Per review: factor in (0, 1]; < 1 for one-off reviews of a surging platform. */
  factor: Float64Array;
  /** Per platform: 1 when its one-off share is anomalous. */
  surging: Uint8Array;
}

/**
 * For platform p with n reviews of which k are one-off, and site-wide one-off share s:
 * flag when k ≥ oneOffMinReviews, k/n > s and the Chernoff–Hoeffding bound
 *   P(X ≥ k) ≤ exp(−n · KL(k/n ‖ s))      (Hoeffding 1963, Thm 1; Chernoff 1952)
 * is below oneOffPValue. The one-off reviews of a flagged platform then get the
 * factor E/k with E = s·n: together they weigh what a normal platform's one-off
 * reviews would — the surplus is discounted, not the platform's newcomers as such.
 */
export function detectOneOffSurges(table: ReviewTable, oneOff: Uint8Array, config: ModelConfig): SurgeResult {
  const { nReviews: n, nPlatforms, platform } = table;
  const factor = new Float64Array(n).fill(1);
  const surging = new Uint8Array(nPlatforms);
  const count = new Int32Array(nPlatforms);
  const total = new Int32Array(nPlatforms);
  let all = 0;
  for (let i = 0; i < n; i++) {
    total[platform[i]!]!++;
    if (oneOff[i]) {
      count[platform[i]!]!++;
      all++;
    }
  }
  if (n === 0 || all === 0) return { factor, surging };
  const s = all / n;
  const bound = Math.log(1 / config.oneOffPValue);
  const pf = new Float64Array(nPlatforms).fill(1);
  for (let p = 0; p < nPlatforms; p++) {
    const k = count[p]!;
    const np = total[p]!;
    if (k < config.oneOffMinReviews || k / np <= s) continue;
    if (np * binaryKl(k / np, s) < bound) continue;
    surging[p] = 1;
    pf[p] = Math.min(config.oneOffFactorMax, (s * np) / k);
  }
  for (let i = 0; i < n; i++) if (oneOff[i] && surging[platform[i]!]) factor[i] = pf[platform[i]!]!;
  return { factor, surging };
}
