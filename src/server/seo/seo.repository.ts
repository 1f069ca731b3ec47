// SQL of the search-engine and badge reads (issue 17, items 3 and 4). Rows never leave this file.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface PublicPageRow { path: string; lastmod: Date | null }

const toDate = (d: Date | string | null): Date | null => (d === null ? null : new Date(d));

/**
 * Every public page with content: approved platforms (last changed when the platform row or any
 * published review on it was), published reviews on approved platforms (or their newest
 * follow-up), complaint cases on approved platforms that a moderator has not rejected.
 */
export async function publicPages(db: Db): Promise<{ platforms: PublicPageRow[]; reviews: PublicPageRow[]; incidents: PublicPageRow[] }> {
  const platforms = await sql<{ slug: string; lastmod: Date | string | null }>`
    SELECT p.slug, greatest(p.updated_at, max(r.updated_at), max(r.last_follow_up_at)) AS lastmod
    FROM platform p LEFT JOIN review r ON r.platform_id = p.id AND r.state = 'published'
    WHERE p.approval = 'approved' GROUP BY p.id ORDER BY p.id`.execute(db);
  const reviews = await sql<{ id: number | string; lastmod: Date | string | null }>`
    SELECT r.id, greatest(r.updated_at, r.last_follow_up_at) AS lastmod
    FROM review r JOIN platform p ON p.id = r.platform_id
    WHERE r.state = 'published' AND p.approval = 'approved' ORDER BY r.id`.execute(db);
  const incidents = await sql<{ case_no: string; lastmod: Date | string | null }>`
    SELECT i.case_no, i.updated_at AS lastmod FROM incident i JOIN platform p ON p.id = i.platform_id
    WHERE i.status <> 'rejected' AND p.approval = 'approved' ORDER BY i.id`.execute(db);
  return {
    platforms: platforms.rows.map((r) => ({ path: `/platforms/${r.slug}`, lastmod: toDate(r.lastmod) })),
    reviews: reviews.rows.map((r) => ({ path: `/reviews/${Number(r.id)}`, lastmod: toDate(r.lastmod) })),
    incidents: incidents.rows.map((r) => ({ path: `/incidents/${encodeURIComponent(r.case_no)}`, lastmod: toDate(r.lastmod) })),
  };
}

/** Published reviews on a platform that carry a verified purchase proof (the badge's count). */
export async function verifiedReviewCount(db: Db, platformId: number): Promise<number> {
  const r = await db.selectFrom('review').select(sql<string>`count(*)`.as('n'))
    .where('platform_id', '=', platformId).where('state', '=', 'published').where('proof_state', '=', 'verified')
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

export interface LdReviewRow { id: number; handle: string; rating: number; bodySource: string; createdAt: Date }

/** The newest published reviews of a platform, for its structured data (most helpful first would favour old ones). */
export async function recentReviews(db: Db, platformId: number, limit: number): Promise<LdReviewRow[]> {
  const rows = await db.selectFrom('review').innerJoin('account', 'account.id', 'review.account_id')
    .select(['review.id', 'account.handle', 'review.current_rating', 'review.body_source', 'review.created_at'])
    .where('review.platform_id', '=', platformId).where('review.state', '=', 'published')
    .orderBy('review.created_at', 'desc').orderBy('review.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: Number(r.id), handle: r.handle, rating: Number(r.current_rating), bodySource: r.body_source, createdAt: new Date(r.created_at) }));
}
