// Platform scores: Bayesian shrinkage toward a prior and a lower bound for ranking.
import type { ModelConfig } from './config.ts';
import type { ScoreWithBound } from './types.ts';

/**
 * Weighted Bayesian average and its normal lower bound.
 *   μ  = (C·m + Σ wᵢ rᵢ) / (C + Σ wᵢ)                       Bayesian average (IMDb Top 250
 *                                                          "true Bayesian estimate")
 *   s² = (C·σ₀² + Σ wᵢ (rᵢ − μ)²) / (C + Σ wᵢ)             shrunk weighted variance
 *   lb = μ − z · √(s² / (C + Σ wᵢ))                        normal-approximation lower bound
 * (Evan Miller, "Ranking Items With Star Ratings", 2016 — the star-rating analogue of
 * the Wilson lower bound, "How Not To Sort By Average Rating", 2009.) Weights are
 * "fractions of a review", so C + Σw is the effective sample size.
 * The caller accumulates the sums Σw, Σwr and Σwr² over the reviews and passes them in.
 */
export function boundedScore(sumW: number, sumWR: number, sumWRR: number, config: ModelConfig): ScoreWithBound {
  const C = config.priorWeightReviews;
  const m = config.priorMeanStars;
  const n = C + sumW;
  const mean = (C * m + sumWR) / n;
  // Σ w (r − μ)² = Σ w r² − 2μ Σ w r + μ² Σ w
  const ss = Math.max(0, sumWRR - 2 * mean * sumWR + mean * mean * sumW);
  const variance = (C * config.priorSdStars * config.priorSdStars + ss) / n;
  const lowerBound = mean - config.lowerBoundZ * Math.sqrt(variance / n);
  return { score: mean, lowerBound };
}

export interface RankEntry {
  index: number;
  id: string;
  lowerBound: number;
  score: number;
  reviewCount: number;
  excluded: boolean;
}

/**
 * Rank 1 = best: by lower bound, then score, then review count; the id breaks exact
 * ties only so that the order never depends on input order. Excluded (跑路) → null.
 */
export function rankPlatforms(entries: RankEntry[]): (number | null)[] {
  const ranks: (number | null)[] = new Array(entries.length).fill(null);
  const ranked = entries.filter((e) => !e.excluded);
  // Compare at 1e-9 stars: float sums in another input order differ in the last bits.
  const q = (x: number) => Math.round(x * 1e9);
  ranked.sort(
    (a, b) =>
      q(b.lowerBound) - q(a.lowerBound) ||
      q(b.score) - q(a.score) ||
      b.reviewCount - a.reviewCount ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  for (let r = 0; r < ranked.length; r++) ranks[ranked[r]!.index] = r + 1;
  return ranks;
}
