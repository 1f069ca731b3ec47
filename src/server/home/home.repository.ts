// Read models for the home page.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export async function topRanked(db: Kysely<Database>, limit: number) {
  // The verdict's rank (band first, then lower bound) with the latest snapshot's score.
  const latest = db
    .selectFrom('score_snapshot')
    .select(['platform_id', 'score', 'lower_bound', 'review_count'])
    .distinctOn('platform_id')
    .orderBy('platform_id')
    .orderBy('computed_at', 'desc')
    .orderBy('id', 'desc')
    .as('s');
  return db
    .selectFrom('platform_verdict as v')
    .innerJoin('platform as p', 'p.id', 'v.platform_id')
    .innerJoin(latest, 's.platform_id', 'v.platform_id')
    .select(['p.id', 'p.slug', 'p.name_zh', 'p.name_en', 'p.status', 's.score', 'v.lower_bound', 'v.rank', 'v.band', 's.review_count'])
    .where('p.approval', '=', 'approved')
    .where('v.rank', 'is not', null)
    .orderBy('v.rank')
    .limit(limit)
    .execute();
}

export async function recentWarnings(db: Kysely<Database>, limit: number) {
  return db
    .selectFrom('platform_alert as a')
    .innerJoin('platform as p', 'p.id', 'a.platform_id')
    .select(['a.id', 'a.kind', 'a.summary', 'a.created_at', 'p.id as platform_id', 'p.slug', 'p.name_zh', 'p.name_en'])
    .where('a.created_at', '>', sql<Date>`now() - interval '90 days'`)
    .orderBy('a.created_at', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Each account's latest published follow-up (one per account, so two new accounts cannot fill
 * the list), newest first, with the author's trust band from the last ranking run.
 */
export async function recentFollowUps(db: Kysely<Database>, limit: number) {
  const latestPerAccount = db
    .selectFrom('review_follow_up as f')
    .innerJoin('review as r', 'r.id', 'f.review_id')
    .innerJoin('platform as p', 'p.id', 'r.platform_id')
    .innerJoin('account as a', 'a.id', 'f.account_id')
    .leftJoin('account_trust as t', 't.account_id', 'f.account_id')
    .distinctOn('f.account_id')
    .select([
      'f.id', 'f.rating', 'f.body_source', 'f.created_at', 'r.id as review_id', 'r.rating as original_rating',
      'r.created_at as review_created_at', 'p.id as platform_id', 'p.slug', 'p.name_zh', 'p.name_en', 'a.handle', 't.band as trust_band',
    ])
    .where('f.state', '=', 'published')
    .where('r.state', '=', 'published')
    .where('a.status', '=', 'active')
    .orderBy('f.account_id')
    .orderBy('f.created_at', 'desc')
    .orderBy('f.id', 'desc');
  return db.selectFrom(latestPerAccount.as('x')).selectAll().orderBy('x.created_at', 'desc').limit(limit).execute();
}
