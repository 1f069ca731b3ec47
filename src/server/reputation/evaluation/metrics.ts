// Metrics of the evaluation: AUC, Kendall tau, rank displacement.
import type { ModelInput } from '../types.ts';

/**
 * AUC = P(weight of a random honest review > weight of a random fake review),
 * ties count ½ — the Mann–Whitney U statistic divided by n₁·n₀
 * (Hanley & McNeil, Radiology 1982).
 */
export function auc(honest: readonly number[], fake: readonly number[]): number {
  if (honest.length === 0 || fake.length === 0) return NaN;
  const all = [...honest.map((v) => [v, 1] as const), ...fake.map((v) => [v, 0] as const)].sort((a, b) => a[0] - b[0]);
  let rankSumHonest = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]![0] === all[i]![0]) j++;
    const avgRank = (i + 1 + j) / 2; // average 1-based rank of the tie group
    for (let k = i; k < j; k++) if (all[k]![1] === 1) rankSumHonest += avgRank;
    i = j;
  }
  const u = rankSumHonest - (honest.length * (honest.length + 1)) / 2;
  return u / (honest.length * fake.length);
}

/** Kendall's tau-b (Kendall 1945, with the tie correction), O(n²): n is a few dozen platforms. */
export function kendallTauB(x: readonly number[], y: readonly number[]): number {
  let concordant = 0;
  let discordant = 0;
  let tiesX = 0;
  let tiesY = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const dx = Math.sign(x[i]! - x[j]!);
      const dy = Math.sign(y[i]! - y[j]!);
      if (dx === 0 && dy === 0) continue;
      if (dx === 0) tiesX++;
      else if (dy === 0) tiesY++;
      else if (dx === dy) concordant++;
      else discordant++;
    }
  }
  const denom = Math.sqrt((concordant + discordant + tiesX) * (concordant + discordant + tiesY));
  return denom === 0 ? 0 : (concordant - discordant) / denom;
}

/**
 * The naive baseline: mean of the ratings that count (a follow-up supersedes), all
 * reviews equal. Returns platform id → rank (1 = best; ties broken by review count).
 */
export function naiveRanks(input: ModelInput): Map<string, number> {
  const { sum, count } = naiveSums(input);
  const rows = input.platforms.map((p) => {
    const c = count.get(p.id) ?? 0;
    return { id: p.id, mean: c > 0 ? sum.get(p.id)! / c : 0, c };
  });
  rows.sort((a, b) => b.mean - a.mean || b.c - a.c || (a.id < b.id ? -1 : 1));
  return new Map(rows.map((r, i) => [r.id, i + 1]));
}

/** The naive baseline's score: platform id → plain mean of the ratings that count (NaN without reviews). */
export function naiveMeans(input: ModelInput): Map<string, number> {
  const { sum, count } = naiveSums(input);
  return new Map(input.platforms.map((p) => [p.id, (sum.get(p.id) ?? NaN) / (count.get(p.id) ?? 0)]));
}

function naiveSums(input: ModelInput): { sum: Map<string, number>; count: Map<string, number> } {
  const sum = new Map<string, number>();
  const count = new Map<string, number>();
  for (const r of input.reviews) {
    let rating = r.rating;
    let latest = -Infinity;
    for (const f of r.followUps ?? []) {
      if (f.createdAtMs >= latest) {
        latest = f.createdAtMs;
        rating = f.rating;
      }
    }
    sum.set(r.platformId, (sum.get(r.platformId) ?? 0) + rating);
    count.set(r.platformId, (count.get(r.platformId) ?? 0) + 1);
  }
  return { sum, count };
}
