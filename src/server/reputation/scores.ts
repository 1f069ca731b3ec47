// Platform scores: Bayesian shrinkage toward a prior and a lower bound for ranking.
import type { ModelConfig } from './config.ts';
import type { ScoreWithBound } from './types.ts';

/**
 * Weighted Bayesian average and its normal lower bound.
 *   μ  = (C·m + Σ wᵢ rᵢ) / (C + Σ wᵢ)                       Bayesian average (IMDb Top 250
 *                                                          "true Bayesian estimate")
 *   s² = (C·σ₀² + Σ wᵢ (rᵢ − μ)²) / (C + Σ wᵢ)             shrunk weighted variance
 *   lb = μ − z · √(s² / (C + n_eff)),  n_eff = (Σw)²/Σw²    normal-approximation lower bound
 * (Evan Miller, "Ranking Items With Star Ratings", 2016 — the star-rating analogue of
 * the Wilson lower bound, "How Not To Sort By Average Rating", 2009.) Weights are
 * "fractions of a review" in the mean; the interval's sample size is Kish's effective n
 * (kishEffectiveN), the standard error of a weighted mean, so that evenly low-weighted
 * honest reviews are not read as fewer reviews. Callers accumulate Σw, Σwr, Σwr², Σw².
 */
export function boundedScore(sumW: number, sumWR: number, sumWRR: number, sumWW: number, config: ModelConfig): ScoreWithBound {
  const C = config.priorWeightReviews;
  const m = config.priorMeanStars;
  const n = C + sumW;
  const mean = (C * m + sumWR) / n;
  // Σ w (r − μ)² = Σ w r² − 2μ Σ w r + μ² Σ w
  const ss = Math.max(0, sumWRR - 2 * mean * sumWR + mean * mean * sumW);
  const variance = (C * config.priorSdStars * config.priorSdStars + ss) / n;
  const lowerBound = mean - config.lowerBoundZ * Math.sqrt(variance / (C + kishEffectiveN(sumW, sumWW)));
  return { score: mean, lowerBound };
}

/**
 * Kish's effective sample size of a weighted mean, (Σw)² / Σw² (L. Kish, "Survey Sampling",
 * 1965, §11.7): the variance of Σwr/Σw with fixed weights is σ²·Σw²/(Σw)². Σw alone would
 * read a platform whose honest reviewers are all young or old (small, even weights) as
 * "a handful of reviews" however many there are, and rank it by the width of its interval
 * instead of its buyers' ratings. Many near-zero weights (discounted fakes) barely move it.
 */
export function kishEffectiveN(sumW: number, sumWW: number): number {
  return sumWW > 0 ? (sumW * sumW) / sumWW : 0;
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
