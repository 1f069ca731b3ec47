// The platform page's reader conveniences (issue 17, item 6): star distribution and suggested
// alternatives. Public read models, cached with the page's invalidation tags.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { cachedRead } from '../http/read-cache.ts';
import { cacheTags } from '../http/cache-tags.ts';
import { loadVerdict } from '../verdict/verdict.service.ts';
import { bandQuality, type VerdictBand } from '../verdict/verdict.ts';
import { emptyStarCounts, histogram, type Histogram } from './histogram.ts';
import * as repo from './readers.repository.ts';
import { findPlatformRef } from '../platforms/platform.service.ts';

type Db = Kysely<Database>;

export const distributionDimensions = repo.distributionDimensions;

export interface StarDistribution {
  dimension: repo.DistributionDimension;
  histogram: Histogram;
}

/** The star histograms of one platform: overall first, then the four review dimensions. */
export function loadStarDistribution(db: Db, platformId: number): Promise<StarDistribution[]> {
  return cachedRead(db, `star-distribution:${platformId}`, [cacheTags.platform(platformId)], async () => {
    const rows = await repo.starCounts(db, platformId);
    return distributionDimensions.map((dimension) => {
      const counts = emptyStarCounts();
      for (const r of rows) if (r.dimension === dimension && r.stars >= 1 && r.stars <= 5) counts[r.stars as 1 | 2 | 3 | 4 | 5] = r.count;
      return { dimension, histogram: histogram(counts) };
    });
  });
}

/** Bands whose pages suggest alternatives: the reader there is about to lose money, or has. */
export const bandsWithAlternatives: readonly VerdictBand[] = ['exit_scam', 'high_risk'];
/**
 * Bands suggested as alternatives: only 靠谱 and 一般. 谨慎 is better than 高风险, but pointing a
 * reader who is leaving a risky platform at one with a known weakness trades one risk for
 * another; 数据不足 is not a recommendation at all.
 */
export const alternativeBands: readonly VerdictBand[] = ['reliable', 'fair'];
/** Three: enough to choose from, few enough to read before paying anyone. */
export const alternativesShown = 3;

export interface Alternatives {
  /** the platform's own band that called for alternatives, or null (none shown) */
  band: VerdictBand | null;
  items: repo.AlternativeRow[];
  /** the platform's categories (empty: nothing to match on) */
  categories: string[];
}

/**
 * Suggested alternatives on a 跑路 or 高风险 platform page: same categories, a better band
 * (alternativeBands, strictly better than the platform's own), in the ranking's order.
 * A platform whose status is exit_scam counts as 跑路 even before the ranking job ran.
 */
export function loadAlternatives(db: Db, platformId: number): Promise<Alternatives> {
  return cachedRead(db, `alternatives:${platformId}`, [cacheTags.ranking, cacheTags.directory, cacheTags.verdict, cacheTags.platform(platformId)], async () => {
    const [platform, verdict] = await Promise.all([findPlatformRef(db, { id: platformId }), loadVerdict(db, platformId)]);
    if (!platform) return { band: null, items: [], categories: [] };
    const band: VerdictBand | null = platform.status === 'exit_scam' ? 'exit_scam' : (verdict?.band ?? null);
    if (!band || !bandsWithAlternatives.includes(band)) return { band: null, items: [], categories: platform.categories };
    const better = alternativeBands.filter((b) => bandQuality[b] > bandQuality[band]);
    const items = await repo.alternatives(db, platformId, platform.categories, better, alternativesShown);
    return { band, items, categories: platform.categories };
  });
}
