// All SQL of the ranking job and the ranking pages. The job loads the model input in a
// handful of set-based queries (no per-row round trips) and writes its results with
// unnest() batches, so a full recompute is a few statements whatever the data size.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { VerdictBand } from '../verdict/verdict.ts';

type Db = Kysely<Database> | Transaction<Database>;

// ── loading the model input ──

export interface AccountRecord {
  id: number;
  createdAt: Date;
  fingerprint: string;
  removedPosts: number;
  rejectedProofs: number;
}

export interface PlatformRecord {
  id: number;
  foundedOn: Date | null;
  status: 'active' | 'suspended' | 'exit_scam' | 'closed';
  statusChangedAt: Date | null;
}

export interface ReviewRecord {
  id: number;
  accountId: number;
  platformId: number;
  rating: number;
  createdAt: Date;
  proofState: 'none' | 'pending' | 'verified' | 'rejected';
  text: string;
  service: number | null;
  risk: number | null;
  value: number | null;
  afterSales: number | null;
}

export interface FollowUpRecord {
  id: number;
  reviewId: number;
  rating: number;
  createdAt: Date;
}

/** Accounts with their moderation history (removed posts of any kind, rejected proofs). */
export async function loadAccounts(db: Db, asOf: Date | null): Promise<AccountRecord[]> {
  const rows = await sql<{ id: number; created_at: Date; fp: string; removed: number; rejected: number }>`
    WITH removed AS (
      SELECT account_id, count(*)::int AS n FROM (
        SELECT account_id FROM review WHERE state = 'removed'
        UNION ALL SELECT account_id FROM review_follow_up WHERE state = 'removed'
        UNION ALL SELECT account_id FROM case_report WHERE state = 'removed'
      ) r GROUP BY account_id
    ), rejected AS (
      SELECT account_id, count(*)::int AS n FROM purchase_proof WHERE state = 'rejected' GROUP BY account_id
    )
    SELECT a.id, a.created_at, a.registration_fingerprint AS fp,
           coalesce(removed.n, 0) AS removed, coalesce(rejected.n, 0) AS rejected
    FROM account a
    LEFT JOIN removed ON removed.account_id = a.id
    LEFT JOIN rejected ON rejected.account_id = a.id
    WHERE ${asOf === null ? sql`true` : sql`a.created_at <= ${asOf}`}
    ORDER BY a.id`.execute(db);
  return rows.rows.map((r) => ({
    id: Number(r.id), createdAt: r.created_at, fingerprint: r.fp, removedPosts: r.removed, rejectedProofs: r.rejected,
  }));
}

/** Approved platforms (pending or rejected submissions are not ranked). */
export async function loadPlatforms(db: Db, asOf: Date | null): Promise<PlatformRecord[]> {
  let q = db
    .selectFrom('platform')
    .select(['id', 'founded_on', 'status', 'status_changed_at'])
    .where('approval', '=', 'approved');
  if (asOf) q = q.where('created_at', '<=', asOf);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), foundedOn: r.founded_on, status: r.status, statusChangedAt: r.status_changed_at }));
}

/** Published reviews of approved platforms (removed and deleted ones do not count). */
export async function loadReviews(db: Db, asOf: Date | null): Promise<ReviewRecord[]> {
  let q = db
    .selectFrom('review as r')
    .innerJoin('platform as p', 'p.id', 'r.platform_id')
    .select([
      'r.id', 'r.account_id', 'r.platform_id', 'r.rating', 'r.created_at', 'r.proof_state', 'r.body_source',
      'r.rating_service', 'r.rating_risk', 'r.rating_value', 'r.rating_after_sales',
    ])
    .where('r.state', '=', 'published')
    .where('p.approval', '=', 'approved');
  if (asOf) q = q.where('r.created_at', '<=', asOf).where('p.created_at', '<=', asOf);
  const rows = await q.orderBy('r.id').execute();
  return rows.map((r) => ({
    id: Number(r.id), accountId: Number(r.account_id), platformId: Number(r.platform_id), rating: r.rating,
    createdAt: r.created_at, proofState: r.proof_state, text: r.body_source,
    service: r.rating_service, risk: r.rating_risk, value: r.rating_value, afterSales: r.rating_after_sales,
  }));
}

/** Published follow-ups of published reviews, oldest first within a review. */
export async function loadFollowUps(db: Db, asOf: Date | null): Promise<FollowUpRecord[]> {
  let q = db
    .selectFrom('review_follow_up as f')
    .innerJoin('review as r', 'r.id', 'f.review_id')
    .select(['f.id', 'f.review_id', 'f.rating', 'f.created_at'])
    .where('f.state', '=', 'published')
    .where('r.state', '=', 'published');
  if (asOf) q = q.where('f.created_at', '<=', asOf);
  const rows = await q.orderBy('f.review_id').orderBy('f.created_at').orderBy('f.id').execute();
  return rows.map((r) => ({ id: Number(r.id), reviewId: Number(r.review_id), rating: r.rating, createdAt: r.created_at }));
}

// ── the job's lock and request queue ──

/** Fixed key of the ranking job's advisory lock ("kaopu-rank" as a number). */
export const RANK_LOCK_KEY = 0x6b61_6f70_7500;

/** Takes the transaction-scoped advisory lock; false when another transaction holds it. */
export async function tryRankLock(trx: Transaction<Database>): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${RANK_LOCK_KEY}::bigint) AS ok`.execute(trx);
  return r.rows[0]?.ok === true;
}

export interface PendingRequests {
  count: number;
  maxId: number | null;
  oldestAt: Date | null;
  newestAt: Date | null;
}

export async function pendingRequests(db: Db): Promise<PendingRequests> {
  const r = await db
    .selectFrom('rank_request')
    .select((eb) => [
      eb.fn.countAll<number>().as('count'),
      eb.fn.max('id').as('max_id'),
      eb.fn.min('requested_at').as('oldest'),
      eb.fn.max('requested_at').as('newest'),
    ])
    .executeTakeFirstOrThrow();
  return {
    count: Number(r.count),
    maxId: r.max_id === null ? null : Number(r.max_id),
    oldestAt: r.oldest ? new Date(r.oldest as unknown as string) : null,
    newestAt: r.newest ? new Date(r.newest as unknown as string) : null,
  };
}

export async function insertRankRequest(db: Db, reason: string): Promise<void> {
  await db.insertInto('rank_request').values({ reason: reason.slice(0, 200) }).execute();
}

export async function deleteRequestsUpTo(trx: Db, maxId: number): Promise<number> {
  const r = await trx.deleteFrom('rank_request').where('id', '<=', maxId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

// ── previous state (for changelogs) ──

export interface PreviousWeight {
  reviewId: number;
  platformId: number | null;
  weight: number;
  reasons: { code: string; factor: number }[];
  effectiveRating: number | null;
  influence: number;
}

export async function loadPreviousWeights(db: Db): Promise<PreviousWeight[]> {
  const rows = await db
    .selectFrom('review_weight')
    .select(['review_id', 'platform_id', 'weight', 'reasons', 'effective_rating', 'influence'])
    .execute();
  return rows.map((r) => ({
    reviewId: Number(r.review_id), platformId: r.platform_id === null ? null : Number(r.platform_id), weight: r.weight,
    reasons: r.reasons, effectiveRating: r.effective_rating, influence: r.influence,
  }));
}

export interface SnapshotRow {
  platformId: number;
  computedAt: Date;
  score: number;
  lowerBound: number;
  rank: number | null;
  reviewCount: number;
  effectiveReviews: number;
  dimensions: Record<string, { score: number; lowerBound: number } | null>;
  changes: unknown[];
  /** The verdict band at this snapshot (null on snapshots older than the verdict). */
  band?: VerdictBand | null;
}

/** The latest snapshot of every platform that has one. */
export async function latestSnapshots(db: Db): Promise<Map<number, SnapshotRow>> {
  const r = await sql<{
    platform_id: number; computed_at: Date; score: number; lower_bound: number; rank: number | null;
    review_count: number; effective_reviews: number; dimensions: SnapshotRow['dimensions']; changes: unknown[]; band: VerdictBand | null;
  }>`
    SELECT DISTINCT ON (platform_id) platform_id, computed_at, score, lower_bound, rank, review_count,
           effective_reviews, dimensions, changes, band
    FROM score_snapshot ORDER BY platform_id, computed_at DESC, id DESC`.execute(db);
  const out = new Map<number, SnapshotRow>();
  for (const s of r.rows) {
    out.set(Number(s.platform_id), {
      platformId: Number(s.platform_id), computedAt: new Date(s.computed_at), score: s.score, lowerBound: s.lower_bound,
      rank: s.rank, reviewCount: s.review_count, effectiveReviews: s.effective_reviews, dimensions: s.dimensions, changes: s.changes,
      band: s.band,
    });
  }
  return out;
}

/** States of reviews that dropped out of the scoring (removed, deleted, platform gone). */
export async function reviewStates(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('review').select(['id', 'state']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), r.state]));
}

/** The most recent confirmed 跑路 incident of each platform (for the changelog). */
export async function exitScamIncidents(db: Db, platformIds: readonly number[]): Promise<Map<number, number>> {
  if (platformIds.length === 0) return new Map();
  const r = await sql<{ platform_id: number; id: number }>`
    SELECT DISTINCT ON (platform_id) platform_id, id FROM incident
    WHERE kind = 'exit_scam' AND status IN ('accepted', 'platform_replied', 'unresolved', 'resolved')
      AND platform_id = ANY(${[...platformIds]}::bigint[])
    ORDER BY platform_id, coalesce(accepted_at, created_at) DESC, id DESC`.execute(db);
  return new Map(r.rows.map((x) => [Number(x.platform_id), Number(x.id)]));
}

// ── writing results ──

export interface WeightRow {
  reviewId: number;
  platformId: number;
  weight: number;
  reasons: { code: string; factor: number }[];
  effectiveRating: number;
  recency: number;
  influence: number;
}

const CHUNK = 5000;

export async function upsertReviewWeights(trx: Db, rows: readonly WeightRow[], computedAt: Date): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    await sql`
      INSERT INTO review_weight (review_id, platform_id, weight, reasons, effective_rating, recency, influence, computed_at)
      SELECT u.review_id, u.platform_id, u.weight, u.reasons::jsonb, u.effective_rating, u.recency, u.influence, ${computedAt}
      FROM unnest(${part.map((r) => r.reviewId)}::bigint[], ${part.map((r) => r.platformId)}::bigint[],
                  ${part.map((r) => r.weight)}::real[], ${part.map((r) => JSON.stringify(r.reasons))}::text[],
                  ${part.map((r) => r.effectiveRating)}::real[], ${part.map((r) => r.recency)}::real[],
                  ${part.map((r) => r.influence)}::real[])
        AS u(review_id, platform_id, weight, reasons, effective_rating, recency, influence)
      ON CONFLICT (review_id) DO UPDATE SET platform_id = EXCLUDED.platform_id, weight = EXCLUDED.weight,
        reasons = EXCLUDED.reasons, effective_rating = EXCLUDED.effective_rating, recency = EXCLUDED.recency,
        influence = EXCLUDED.influence, computed_at = EXCLUDED.computed_at`.execute(trx);
  }
}

/** Weights of reviews that no longer count (removed, deleted) are dropped. */
export async function deleteWeightsExcept(trx: Db, keepReviewIds: readonly number[]): Promise<number> {
  const r = await sql`DELETE FROM review_weight WHERE NOT (review_id = ANY(${[...keepReviewIds]}::bigint[]))`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}

export interface TrustRow {
  accountId: number;
  trust: number;
  band: 'low' | 'medium' | 'high';
}

export async function upsertAccountTrust(trx: Db, rows: readonly TrustRow[], computedAt: Date): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    await sql`
      INSERT INTO account_trust (account_id, trust, band, computed_at)
      SELECT u.account_id, u.trust, u.band, ${computedAt}
      FROM unnest(${part.map((r) => r.accountId)}::bigint[], ${part.map((r) => r.trust)}::real[], ${part.map((r) => r.band)}::text[])
        AS u(account_id, trust, band)
      ON CONFLICT (account_id) DO UPDATE SET trust = EXCLUDED.trust, band = EXCLUDED.band, computed_at = EXCLUDED.computed_at`.execute(trx);
  }
}

export async function insertSnapshots(trx: Db, rows: readonly SnapshotRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500);
    await trx
      .insertInto('score_snapshot')
      .values(
        part.map((s) => ({
          platform_id: s.platformId, computed_at: s.computedAt, score: s.score, lower_bound: s.lowerBound, rank: s.rank,
          review_count: s.reviewCount, effective_reviews: s.effectiveReviews,
          dimensions: JSON.stringify(s.dimensions), changes: JSON.stringify(s.changes), band: s.band ?? null,
        })),
      )
      .execute();
  }
}

export interface FindingRow {
  kind: 'ring' | 'burst';
  dedupeKey: string;
  platformIds: number[];
  accountIds: number[];
  reviewIds: number[];
  evidence: Record<string, unknown>;
  score: number;
}

/**
 * Findings → the moderators' queue, idempotently. A finding with a known dedupe key only
 * has its evidence refreshed when it changed. A ring or burst that grew since it was
 * found (same kind, overlapping accounts / reviews, still open) is extended in place, so
 * one ongoing burst stays one queue item. Never deletes ids or findings and never touches
 * `state`: moderators own what happens next (a dismissed finding that grows comes back as
 * a new item).
 */
export async function upsertFindings(trx: Db, rows: readonly FindingRow[]): Promise<{ inserted: number; updated: number }> {
  let inserted = 0;
  let updated = 0;
  for (const f of rows) {
    const known = await trx.selectFrom('model_finding').select('id').where('dedupe_key', '=', f.dedupeKey).executeTakeFirst();
    let targetId: number | null = known ? Number(known.id) : null;
    if (targetId === null) {
      const overlap = await sql<{ id: number }>`
        SELECT id FROM model_finding
        WHERE kind = ${f.kind} AND state = 'open' AND ${
          f.kind === 'ring'
            ? sql`account_ids && ${f.accountIds}::bigint[]`
            : sql`platform_ids && ${f.platformIds}::bigint[] AND review_ids && ${f.reviewIds}::bigint[]`
        }
        ORDER BY id LIMIT 1`.execute(trx);
      targetId = overlap.rows[0] ? Number(overlap.rows[0].id) : null;
    }
    if (targetId === null) {
      await sql`
        INSERT INTO model_finding (kind, dedupe_key, platform_ids, account_ids, review_ids, evidence, score)
        VALUES (${f.kind}, ${f.dedupeKey}, ${f.platformIds}::bigint[], ${f.accountIds}::bigint[], ${f.reviewIds}::bigint[],
                ${JSON.stringify(f.evidence)}::jsonb, ${f.score})`.execute(trx);
      inserted++;
      continue;
    }
    // Union of the stored and the new ids (sorted, distinct); update only if anything differs.
    const r = await sql`
      WITH next AS (
        SELECT
          (SELECT coalesce(array_agg(DISTINCT x ORDER BY x), '{}') FROM unnest(m.platform_ids || ${f.platformIds}::bigint[]) x) AS platform_ids,
          (SELECT coalesce(array_agg(DISTINCT x ORDER BY x), '{}') FROM unnest(m.account_ids || ${f.accountIds}::bigint[]) x) AS account_ids,
          (SELECT coalesce(array_agg(DISTINCT x ORDER BY x), '{}') FROM unnest(m.review_ids || ${f.reviewIds}::bigint[]) x) AS review_ids
        FROM model_finding m WHERE m.id = ${targetId}
      )
      UPDATE model_finding m SET platform_ids = next.platform_ids, account_ids = next.account_ids, review_ids = next.review_ids,
        evidence = ${JSON.stringify(f.evidence)}::jsonb, score = ${f.score}, updated_at = now()
      FROM next
      WHERE m.id = ${targetId} AND (
        m.platform_ids IS DISTINCT FROM next.platform_ids OR m.account_ids IS DISTINCT FROM next.account_ids
        OR m.review_ids IS DISTINCT FROM next.review_ids
        OR m.evidence IS DISTINCT FROM ${JSON.stringify(f.evidence)}::jsonb OR m.score IS DISTINCT FROM ${f.score}::real)`.execute(trx);
    if (Number(r.numAffectedRows ?? 0) > 0) updated++;
  }
  return { inserted, updated };
}

// ── reading for pages ──

export interface RankingRow {
  platformId: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  status: 'active' | 'suspended' | 'exit_scam' | 'closed';
  statusChangedAt: Date | null;
  score: number | null;
  lowerBound: number | null;
  rank: number | null;
  reviewCount: number | null;
  effectiveReviews: number | null;
  computedAt: Date | null;
  /** The current verdict band (null before the first run with the verdict). */
  band: string | null;
}

/**
 * Every approved platform with its latest snapshot and current verdict (null fields when
 * never computed), in ranking order: the verdict's rank (band first, then lower bound).
 * lowerBound is the verdict's (widened for platforms under three years), the order key.
 */
export async function rankingRows(db: Db): Promise<RankingRow[]> {
  const r = await sql<{
    id: number; slug: string; name_zh: string; name_en: string; status: RankingRow['status']; status_changed_at: Date | null;
    score: number | null; lower_bound: number | null; rank: number | null; review_count: number | null;
    effective_reviews: number | null; computed_at: Date | null; band: string | null;
  }>`
    SELECT p.id, p.slug, p.name_zh, p.name_en, p.status, p.status_changed_at,
           s.score, coalesce(v.lower_bound, s.lower_bound) AS lower_bound,
           CASE WHEN v.platform_id IS NULL THEN s.rank ELSE v.rank END AS rank,
           s.review_count, s.effective_reviews, s.computed_at, v.band
    FROM platform p
    LEFT JOIN LATERAL (
      SELECT score, lower_bound, rank, review_count, effective_reviews, computed_at FROM score_snapshot
      WHERE platform_id = p.id ORDER BY computed_at DESC, id DESC LIMIT 1
    ) s ON true
    LEFT JOIN platform_verdict v ON v.platform_id = p.id
    WHERE p.approval = 'approved'
    ORDER BY 9 ASC NULLS LAST, 8 DESC NULLS LAST, p.id`.execute(db);
  return r.rows.map((x) => ({
    platformId: Number(x.id), slug: x.slug, nameZh: x.name_zh, nameEn: x.name_en, status: x.status,
    statusChangedAt: x.status_changed_at, score: x.score, lowerBound: x.lower_bound, rank: x.rank,
    reviewCount: x.review_count, effectiveReviews: x.effective_reviews, computedAt: x.computed_at ? new Date(x.computed_at) : null,
    band: x.band,
  }));
}

/** A platform's snapshots, oldest first (bounded: the chart needs no more). */
export async function platformHistory(db: Db, platformId: number, limit = 400): Promise<SnapshotRow[]> {
  const rows = await db
    .selectFrom('score_snapshot')
    .selectAll()
    .where('platform_id', '=', platformId)
    .orderBy('computed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map((s) => ({
    platformId: Number(s.platform_id), computedAt: new Date(s.computed_at), score: s.score, lowerBound: s.lower_bound,
    rank: s.rank, reviewCount: s.review_count, effectiveReviews: s.effective_reviews, dimensions: s.dimensions, changes: s.changes,
    band: s.band,
  }));
}

export interface StoredWeight {
  reviewId: number;
  weight: number;
  reasons: { code: string; factor: number }[];
  computedAt: Date;
}

export async function reviewWeights(db: Db, reviewIds: readonly number[]): Promise<Map<number, StoredWeight>> {
  if (reviewIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('review_weight')
    .select(['review_id', 'weight', 'reasons', 'computed_at'])
    .where('review_id', 'in', reviewIds)
    .execute();
  return new Map(rows.map((r) => [Number(r.review_id), { reviewId: Number(r.review_id), weight: r.weight, reasons: r.reasons, computedAt: r.computed_at }]));
}

/** Trust bands only: the raw trust number of an account is never shown to others. */
export async function trustBands(db: Db, accountIds: readonly number[]): Promise<Map<number, 'low' | 'medium' | 'high'>> {
  if (accountIds.length === 0) return new Map();
  const rows = await db.selectFrom('account_trust').select(['account_id', 'band']).where('account_id', 'in', accountIds).execute();
  return new Map(rows.map((r) => [Number(r.account_id), r.band]));
}

/** Case numbers of incidents (the changelog links to /incidents/<case_no>). */
export async function incidentCaseNos(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('incident').select(['id', 'case_no']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), r.case_no]));
}
