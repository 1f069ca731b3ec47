// All SQL of the early warning: loading the detector's records in a few set-based queries,
// and reading and writing warning episodes. Table rows never leave this file.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isEvidence, type AccountRecord, type Evidence, type FollowUpRecord, type IncidentRecord, type PlatformRecord, type ReviewRecord } from './early-warning.ts';
import type { WarningEndReason } from './warning.table.ts';
import type { IncidentKind } from '../reviews/review.table.ts';
import { storedList } from '../db/stored-json.ts';

type Db = Kysely<Database> | Transaction<Database>;

const ms = (d: Date | string) => new Date(d).getTime();

// ── the detector's records ──

/**
 * The only platforms worth evaluating: those with at least `minAccounts` distinct accounts
 * complaining inside the window (before any establishment test — a superset of what can raise
 * a warning), plus those with an open episode (which may need lifting). On a quiet day this is
 * a handful, so the job loads a baseline for a handful.
 */
export async function candidatePlatformIds(db: Db, windowStart: Date, to: Date, o: { minAccounts: number; maxRating: number; kinds: readonly IncidentKind[] }): Promise<number[]> {
  const r = await sql<{ platform_id: string }>`
    SELECT platform_id FROM (
      SELECT platform_id, account_id FROM review
        WHERE state = 'published' AND rating <= ${o.maxRating} AND created_at > ${windowStart} AND created_at <= ${to}
      UNION ALL
      SELECT r.platform_id, f.account_id FROM review_follow_up f JOIN review r ON r.id = f.review_id
        WHERE f.state = 'published' AND r.state = 'published' AND f.rating <= ${o.maxRating} AND f.created_at > ${windowStart} AND f.created_at <= ${to}
      UNION ALL
      SELECT platform_id, reporter_id FROM incident
        WHERE kind = ANY(${[...o.kinds]}::text[]) AND status <> 'rejected' AND created_at > ${windowStart} AND created_at <= ${to}
    ) c GROUP BY platform_id HAVING count(DISTINCT account_id) >= ${o.minAccounts}
    UNION
    SELECT platform_id FROM early_warning WHERE ended_at IS NULL`.execute(db);
  return r.rows.map((x) => Number(x.platform_id)).sort((a, b) => a - b);
}

/**
 * Approved platforms with where their history begins (listing or first review, whichever is
 * earlier) and whether a warning episode is open. `asOf`: only what existed then (demo replay).
 */
export async function loadPlatforms(db: Db, ids: number[], asOf: Date | null): Promise<PlatformRecord[]> {
  if (ids.length === 0) return [];
  const r = await sql<{ id: string; status: PlatformRecord['status']; history_start: Date; open: boolean }>`
    SELECT p.id, p.status,
           least(p.created_at, (SELECT min(r.created_at) FROM review r WHERE r.platform_id = p.id AND r.state = 'published')) AS history_start,
           EXISTS (SELECT 1 FROM early_warning w WHERE w.platform_id = p.id AND w.ended_at IS NULL) AS open
    FROM platform p
    WHERE p.id = ANY(${ids}::bigint[]) AND p.approval = 'approved' AND ${asOf === null ? sql`true` : sql`p.created_at <= ${asOf}`}
    ORDER BY p.id`.execute(db);
  return r.rows.map((x) => ({ id: Number(x.id), status: x.status, historyStartMs: ms(x.history_start), warningOpen: x.open }));
}

/** Published 1–2★ reviews of these platforms posted in [from, to] (the rating as first posted; later changes are follow-ups). */
export async function loadComplaintReviews(db: Db, platformIds: number[], from: Date, to: Date, maxRating: number): Promise<ReviewRecord[]> {
  if (platformIds.length === 0) return [];
  const rows = await db.selectFrom('review')
    .where('platform_id', 'in', platformIds)
    .select(['id', 'platform_id', 'account_id', 'rating', 'created_at'])
    .where('state', '=', 'published').where('rating', '<=', maxRating)
    .where('created_at', '>=', from).where('created_at', '<=', to)
    .orderBy('id').execute();
  return rows.map((r) => ({ id: Number(r.id), platformId: Number(r.platform_id), accountId: Number(r.account_id), rating: r.rating, atMs: ms(r.created_at) }));
}

/**
 * Published follow-ups of published reviews posted in [from, to] at or under `maxRating`, each
 * with the rating it supersedes (the previous published follow-up's, or the review's).
 */
export async function loadComplaintFollowUps(db: Db, platformIds: number[], from: Date, to: Date, maxRating: number): Promise<FollowUpRecord[]> {
  if (platformIds.length === 0) return [];
  const r = await sql<{ id: string; review_id: string; platform_id: string; account_id: string; rating: number; previous: number; created_at: Date }>`
    SELECT * FROM (
      SELECT f.id, f.review_id, r.platform_id, f.account_id, f.rating, f.created_at,
             lag(f.rating, 1, r.rating) OVER (PARTITION BY f.review_id ORDER BY f.created_at, f.id) AS previous
      FROM review_follow_up f JOIN review r ON r.id = f.review_id
      WHERE r.platform_id = ANY(${platformIds}::bigint[]) AND f.state = 'published' AND r.state = 'published' AND f.created_at <= ${to}
    ) x
    WHERE x.created_at >= ${from} AND x.rating <= ${maxRating}
    ORDER BY x.id`.execute(db);
  return r.rows.map((x) => ({
    id: Number(x.id), reviewId: Number(x.review_id), platformId: Number(x.platform_id), accountId: Number(x.account_id),
    rating: x.rating, previousRating: x.previous, atMs: ms(x.created_at),
  }));
}

/** Complaint cases of the given kinds about these platforms filed in [from, to] (the detector drops rejected ones). */
export async function loadComplaintIncidents(db: Db, platformIds: number[], from: Date, to: Date, kinds: readonly IncidentKind[]): Promise<IncidentRecord[]> {
  if (platformIds.length === 0) return [];
  const rows = await db.selectFrom('incident')
    .where('platform_id', 'in', platformIds)
    .select(['id', 'case_no', 'platform_id', 'reporter_id', 'kind', 'status', 'created_at'])
    .where('kind', 'in', [...kinds]).where('created_at', '>=', from).where('created_at', '<=', to)
    .orderBy('id').execute();
  return rows.map((r) => ({
    id: Number(r.id), caseNo: r.case_no, platformId: Number(r.platform_id), reporterId: Number(r.reporter_id),
    kind: r.kind, status: r.status, atMs: ms(r.created_at),
  }));
}

/**
 * The complainants: age, fingerprint, standing, their first review per platform, platforms with a
 * verified proof — three set-based queries (per-account subqueries cost a second at 100k reviews).
 */
export async function loadAccounts(db: Db, ids: number[], asOf: Date | null): Promise<AccountRecord[]> {
  if (ids.length === 0) return [];
  const accounts = await sql<{ id: string; created_at: Date; fp: string | null; status: AccountRecord['status'] }>`
    SELECT id, created_at, registration_fingerprint AS fp, status FROM account WHERE id = ANY(${ids}::bigint[]) ORDER BY id`.execute(db);
  const reviewed = await sql<{ account_id: string; platform_id: string; first_at: Date }>`
    SELECT account_id, platform_id, min(created_at) AS first_at FROM review
    WHERE account_id = ANY(${ids}::bigint[]) AND state = 'published' AND ${asOf === null ? sql`true` : sql`created_at <= ${asOf}`}
    GROUP BY account_id, platform_id`.execute(db);
  const verified = await sql<{ account_id: string; platform_id: string }>`
    SELECT DISTINCT pp.account_id, coalesce(r.platform_id, c.platform_id) AS platform_id FROM purchase_proof pp
    LEFT JOIN review r ON r.id = pp.review_id LEFT JOIN case_report c ON c.id = pp.case_report_id
    WHERE pp.account_id = ANY(${ids}::bigint[]) AND pp.state = 'verified'
      AND ${asOf === null ? sql`true` : sql`pp.reviewed_at <= ${asOf}`}`.execute(db);
  const byId = new Map<number, AccountRecord>();
  for (const x of accounts.rows) {
    byId.set(Number(x.id), { id: Number(x.id), createdAtMs: ms(x.created_at), fingerprint: x.fp ?? '', status: x.status, reviewedPlatforms: [], verifiedPlatformIds: [] });
  }
  for (const x of reviewed.rows) byId.get(Number(x.account_id))?.reviewedPlatforms.push({ platformId: Number(x.platform_id), firstAtMs: ms(x.first_at) });
  for (const x of verified.rows) if (x.platform_id !== null) byId.get(Number(x.account_id))?.verifiedPlatformIds.push(Number(x.platform_id));
  return [...byId.values()];
}

// ── episodes ──

export interface EpisodeValues {
  platformId: number;
  windowDays: number;
  complainants: number;
  expected: number;
  tailProbability: number;
  baselineComplainants: number;
  baselineDays: number;
  windowStartAt: Date;
  windowEndAt: Date;
  counts: { lowRatings: number; downgrades: number; incidents: number; verified: number; uncounted: number };
  evidence: Evidence[];
  recheckAt: Date | null;
}

export interface Episode extends EpisodeValues {
  id: number;
  startedAt: Date;
  endedAt: Date | null;
  endReason: WarningEndReason | null;
  peakComplainants: number;
}

function idsOf(evidence: Evidence[], source: Evidence['source']): number[] {
  return evidence.filter((e) => e.source === source).map((e) => e.id);
}

const episodeColumns = [
  'id', 'platform_id', 'started_at', 'ended_at', 'end_reason', 'window_days', 'complainants', 'peak_complainants', 'expected',
  'tail_probability', 'baseline_complainants', 'baseline_days', 'window_start_at', 'window_end_at', 'low_ratings', 'downgrades',
  'incidents', 'verified', 'uncounted', 'evidence', 'recheck_at',
] as const;

type EpisodeRow = {
  id: number | string; platform_id: number | string; started_at: Date; ended_at: Date | null; end_reason: WarningEndReason | null;
  window_days: number; complainants: number; peak_complainants: number; expected: number; tail_probability: number;
  baseline_complainants: number; baseline_days: number; window_start_at: Date; window_end_at: Date; low_ratings: number;
  downgrades: number; incidents: number; verified: number; uncounted: number; evidence: unknown; recheck_at: Date | null;
};

/**
 * An episode's evidence as stored (jsonb, or its text): a malformed item is left out and a
 * malformed list reads as none, so one bad row never breaks the platform page or the queue.
 */
export function storedEvidence(raw: unknown): Evidence[] {
  return storedList(raw, isEvidence) ?? [];
}

function toEpisode(r: EpisodeRow): Episode {
  return {
    id: Number(r.id), platformId: Number(r.platform_id), startedAt: r.started_at, endedAt: r.ended_at, endReason: r.end_reason,
    windowDays: r.window_days, complainants: r.complainants, peakComplainants: r.peak_complainants, expected: r.expected,
    tailProbability: r.tail_probability, baselineComplainants: r.baseline_complainants, baselineDays: r.baseline_days,
    windowStartAt: r.window_start_at, windowEndAt: r.window_end_at,
    counts: { lowRatings: r.low_ratings, downgrades: r.downgrades, incidents: r.incidents, verified: r.verified, uncounted: r.uncounted },
    evidence: storedEvidence(r.evidence),
    recheckAt: r.recheck_at,
  };
}

export async function openEpisodes(db: Db): Promise<Episode[]> {
  const rows = await db.selectFrom('early_warning').select(episodeColumns).where('ended_at', 'is', null).orderBy('started_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => toEpisode(r));
}

export async function openEpisodesPage(db: Db, limit: number, offset: number): Promise<Episode[]> {
  const rows = await db.selectFrom('early_warning').select(episodeColumns).where('ended_at', 'is', null)
    .orderBy('started_at').orderBy('id').limit(limit).offset(offset).execute();
  return rows.map((r) => toEpisode(r));
}

export async function countOpen(db: Db): Promise<number> {
  const r = await db.selectFrom('early_warning').select((eb) => eb.fn.countAll<number>().as('n')).where('ended_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** A platform's episodes, newest first (the open one, if any, is first). */
export async function platformEpisodes(db: Db, platformId: number, limit: number): Promise<Episode[]> {
  const rows = await db.selectFrom('early_warning').select(episodeColumns).where('platform_id', '=', platformId)
    .orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => toEpisode(r));
}

export async function insertEpisode(trx: Transaction<Database>, v: EpisodeValues, startedAt: Date): Promise<number> {
  const r = await trx.insertInto('early_warning').values({
    platform_id: v.platformId, started_at: startedAt, ended_at: null, end_reason: null, window_days: v.windowDays,
    complainants: v.complainants, peak_complainants: v.complainants, expected: v.expected, tail_probability: v.tailProbability,
    baseline_complainants: v.baselineComplainants, baseline_days: v.baselineDays, window_start_at: v.windowStartAt, window_end_at: v.windowEndAt,
    low_ratings: v.counts.lowRatings, downgrades: v.counts.downgrades, incidents: v.counts.incidents, verified: v.counts.verified,
    uncounted: v.counts.uncounted, evidence: JSON.stringify(v.evidence),
    account_ids: [...new Set(v.evidence.map((e) => e.accountId))], review_ids: idsOf(v.evidence, 'review'),
    follow_up_ids: idsOf(v.evidence, 'follow_up'), incident_ids: idsOf(v.evidence, 'incident'),
    recheck_at: v.recheckAt, updated_at: startedAt,
  }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

/** The latest evaluation of an open episode; `evidence` is the episode's whole evidence (the service merges). */
export async function updateEpisode(trx: Transaction<Database>, id: number, v: EpisodeValues, at: Date): Promise<void> {
  await trx.updateTable('early_warning').set({
    complainants: v.complainants, peak_complainants: sql`greatest(peak_complainants, ${v.complainants})`,
    expected: v.expected, tail_probability: v.tailProbability, baseline_complainants: v.baselineComplainants, baseline_days: v.baselineDays,
    window_start_at: v.windowStartAt, window_end_at: v.windowEndAt, low_ratings: v.counts.lowRatings, downgrades: v.counts.downgrades,
    incidents: v.counts.incidents, verified: v.counts.verified, uncounted: v.counts.uncounted, evidence: JSON.stringify(v.evidence),
    account_ids: [...new Set(v.evidence.map((e) => e.accountId))], review_ids: idsOf(v.evidence, 'review'),
    follow_up_ids: idsOf(v.evidence, 'follow_up'), incident_ids: idsOf(v.evidence, 'incident'),
    recheck_at: v.recheckAt, updated_at: at,
  }).where('id', '=', id).execute();
}

/** Lift an open episode; its counts stay as last evaluated while open (what the warning showed). */
export async function closeEpisode(trx: Transaction<Database>, id: number, at: Date, reason: WarningEndReason): Promise<void> {
  await trx.updateTable('early_warning')
    .set({ ended_at: sql<Date>`greatest(${at}::timestamptz, started_at)`, end_reason: reason, recheck_at: null, updated_at: at })
    .where('id', '=', id).where('ended_at', 'is', null).execute();
}

/** Open episodes whose oldest counted complaint has left the window by `at`. */
export async function countDueRechecks(db: Db, at: Date): Promise<number> {
  const r = await db.selectFrom('early_warning').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ended_at', 'is', null).where('recheck_at', '<=', at).executeTakeFirstOrThrow();
  return Number(r.n);
}
