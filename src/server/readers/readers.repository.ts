// The only SQL of the platform page's reader conveniences (issue 17, item 6): the star
// distribution of a platform's reviews and the suggested alternatives of a 跑路 / 高风险 page.
// Plain objects out; table rows never leave this file.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { PlatformCategory } from '../platforms/platform.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The star histograms a platform page shows: the overall rating first, then the four review dimensions. */
export const distributionDimensions = ['overall', 'service', 'risk', 'value', 'afterSales'] as const;
export type DistributionDimension = (typeof distributionDimensions)[number];
/** The review column each histogram counts ('overall' is the rating now: a follow-up's supersedes the original). */
const ratingColumn: Record<DistributionDimension, string> = {
  overall: 'current_rating', service: 'rating_service', risk: 'rating_risk', value: 'rating_value', afterSales: 'rating_after_sales',
};

/**
 * Counts of published reviews per (dimension, stars) for one platform, in ONE pass over its
 * reviews (review_platform_idx narrows to the platform) with 25 filtered counts: 'overall' is
 * the rating now (a follow-up's supersedes the original, as on the review cards), the others
 * the optional per-dimension ratings of the form. Missing pairs are zero.
 */
export async function starCounts(db: Db, platformId: number): Promise<Array<{ dimension: DistributionDimension; stars: number; count: number }>> {
  const cells = distributionDimensions.flatMap((dimension) => [1, 2, 3, 4, 5].map((stars) => ({ dimension, column: ratingColumn[dimension], stars, alias: `c_${ratingColumn[dimension]}_${stars}` })));
  const r = await sql<Record<string, string | number>>`
    SELECT ${sql.join(cells.map((c) => sql`count(*) FILTER (WHERE ${sql.ref(`r.${c.column}`)} = ${sql.lit(c.stars)}) AS ${sql.ref(c.alias)}`))}
    FROM review r
    WHERE r.platform_id = ${platformId} AND r.state = 'published'`.execute(db);
  const row = r.rows[0] ?? {};
  return cells.map((c) => ({ dimension: c.dimension, stars: c.stars, count: Number(row[c.alias] ?? 0) }));
}

export interface AlternativeRow {
  id: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  band: string;
  rank: number;
  /** the categories it shares with the platform asked about */
  sharedCategories: PlatformCategory[];
}

/**
 * Approved, active platforms selling at least one of `categories`, whose verdict is one of
 * `bands`, in the ranking's order (platform_verdict.rank: band first, then the lower bound;
 * src/server/verdict/). One query; uses platform_verdict's rank, so no N+1.
 */
export async function alternatives(db: Db, excludeId: number, categories: readonly string[], bands: readonly string[], limit: number): Promise<AlternativeRow[]> {
  if (categories.length === 0 || bands.length === 0) return [];
  const rows = await sql<{ id: number; slug: string; name_zh: string; name_en: string; band: string; rank: number; shared: PlatformCategory[] }>`
    SELECT p.id, p.slug, p.name_zh, p.name_en, v.band, v.rank,
      ARRAY(SELECT c FROM unnest(p.categories) AS c WHERE c = ANY (${sql.val(categories)}::text[])) AS shared
    FROM platform p
    JOIN platform_verdict v ON v.platform_id = p.id
    WHERE p.approval = 'approved' AND p.status = 'active' AND p.id <> ${excludeId}
      AND v.rank IS NOT NULL AND v.band IN (${sql.join(bands)})
      AND p.categories && ${sql.val(categories)}::text[]
    ORDER BY v.rank, p.id
    LIMIT ${limit}`.execute(db);
  return rows.rows.map((r) => ({
    id: Number(r.id), slug: r.slug, nameZh: r.name_zh, nameEn: r.name_en, band: r.band, rank: Number(r.rank),
    sharedCategories: Array.isArray(r.shared) ? r.shared : [],
  }));
}
