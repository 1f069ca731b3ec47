// The only SQL of the platform page's reader conveniences (issue 17, item 6): the star
// distribution of a platform's reviews and the suggested alternatives of a 跑路 / 高风险 page.
// Plain objects out; table rows never leave this file.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type DistributionDimension = 'overall' | 'service' | 'risk' | 'value' | 'afterSales';

/**
 * Counts of published reviews per (dimension, stars) for one platform, in ONE scan of its
 * reviews (review_platform_idx narrows to the platform): 'overall' is the rating now (a
 * follow-up's supersedes the original, as on the review cards), the others the optional
 * per-dimension ratings of the form. Missing pairs are zero.
 */
export async function starCounts(db: Db, platformId: number): Promise<Array<{ dimension: DistributionDimension; stars: number; count: number }>> {
  const rows = await sql<{ dimension: DistributionDimension; stars: number; n: string | number }>`
    SELECT d.dimension, d.stars, count(*) AS n
    FROM review r
    CROSS JOIN LATERAL (VALUES
      ('overall', r.current_rating), ('service', r.rating_service), ('risk', r.rating_risk),
      ('value', r.rating_value), ('afterSales', r.rating_after_sales)
    ) AS d (dimension, stars)
    WHERE r.platform_id = ${platformId} AND r.state = 'published' AND d.stars IS NOT NULL
    GROUP BY d.dimension, d.stars`.execute(db);
  return rows.rows.map((r) => ({ dimension: r.dimension, stars: Number(r.stars), count: Number(r.n) }));
}

export interface PlatformBrief {
  id: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  categories: string[];
  status: string;
}

export async function platformBrief(db: Db, id: number): Promise<PlatformBrief | null> {
  const r = await db.selectFrom('platform').select(['id', 'slug', 'name_zh', 'name_en', 'categories', 'status']).where('id', '=', id).executeTakeFirst();
  return r ? { id: Number(r.id), slug: r.slug, nameZh: r.name_zh, nameEn: r.name_en, categories: [...(r.categories ?? [])], status: r.status } : null;
}

export interface AlternativeRow {
  id: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  band: string;
  rank: number;
  /** the categories it shares with the platform asked about */
  sharedCategories: string[];
}

/**
 * Approved, active platforms selling at least one of `categories`, whose verdict is one of
 * `bands`, in the ranking's order (platform_verdict.rank: band first, then the lower bound;
 * src/server/verdict/). One query; uses platform_verdict's rank, so no N+1.
 */
export async function alternatives(db: Db, excludeId: number, categories: readonly string[], bands: readonly string[], limit: number): Promise<AlternativeRow[]> {
  if (categories.length === 0 || bands.length === 0) return [];
  const rows = await sql<{ id: number; slug: string; name_zh: string; name_en: string; band: string; rank: number; shared: string[] }>`
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
