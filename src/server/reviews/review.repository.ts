// The only Kysely code for reviews, follow-ups, proofs, case reports, votes, official
// replies and representative claims. Table types stay in here; services get plain objects.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { PlatformCategory } from '../platforms/platform.table.ts';
import type { AmountBand, FollowUpOutcome, PostState, ProofState, VolumeBand } from './review.table.ts';
import { termsQuery } from '../search/search.repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

// ── held case reports (account standing comes from account.service, platforms from platform.service) ──
/** The account's held case reports become public (its reseller standing was just confirmed). Returns what was released. */
export async function releaseHeldCaseReports(trx: Transaction<Database>, accountId: number, at: Date): Promise<Array<{ id: number; platformId: number }>> {
  const rows = await trx.updateTable('case_report').set({ state: 'published', updated_at: at })
    .where('account_id', '=', accountId).where('state', '=', 'held').returning(['id', 'platform_id']).execute();
  return rows.map((r) => ({ id: r.id, platformId: r.platform_id }));
}

export async function isVerifiedRepresentative(db: Db, accountId: number, platformId: number): Promise<boolean> {
  const r = await db.selectFrom('platform_representative').select('id')
    .where('account_id', '=', accountId).where('platform_id', '=', platformId).where('state', '=', 'verified')
    .executeTakeFirst();
  return !!r;
}

export async function findClaim(db: Db, accountId: number, platformId: number) {
  return db.selectFrom('platform_representative').select(['id', 'state', 'created_at'])
    .where('account_id', '=', accountId).where('platform_id', '=', platformId).executeTakeFirst();
}

export async function insertClaim(db: Db, v: { platformId: number; accountId: number; evidence: string }): Promise<number> {
  const r = await db.insertInto('platform_representative')
    .values({ platform_id: v.platformId, account_id: v.accountId, evidence: v.evidence, decided_by: null, decided_at: null })
    .returning('id').executeTakeFirstOrThrow();
  return r.id;
}

// ── reviews ──
export interface ReviewInsert {
  platformId: number; accountId: number; rating: number;
  ratingService: number | null; ratingRisk: number | null; ratingValue: number | null; ratingAfterSales: number | null;
  productCategory: PlatformCategory; productName: string; amountBand: AmountBand; purchasedOn: string | null;
  bodySource: string; bodyHtml: string; createdAt: Date;
  /** review-tags.ts, validated by the service */
  tags?: readonly string[];
}

export async function findLiveReviewId(db: Db, accountId: number, platformId: number): Promise<number | null> {
  const r = await db.selectFrom('review').select('id').where('account_id', '=', accountId)
    .where('platform_id', '=', platformId).where('state', '<>', 'deleted').executeTakeFirst();
  return r?.id ?? null;
}

export async function insertReview(trx: Transaction<Database>, v: ReviewInsert): Promise<number> {
  const r = await trx.insertInto('review').values({
    platform_id: v.platformId, account_id: v.accountId, rating: v.rating, current_rating: v.rating,
    rating_service: v.ratingService, rating_risk: v.ratingRisk, rating_value: v.ratingValue, rating_after_sales: v.ratingAfterSales,
    product_category: v.productCategory, product_name: v.productName, amount_band: v.amountBand,
    // a date column: pass the ISO day as text so no time zone shifts it
    purchased_on: v.purchasedOn,
    body_source: v.bodySource, body_html: v.bodyHtml, state_reason: null, last_follow_up_at: null, edited_at: null,
    tags: [...(v.tags ?? [])], created_at: v.createdAt, updated_at: v.createdAt,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export interface ReviewCore {
  id: number; platformId: number; accountId: number; rating: number; currentRating: number; state: PostState;
  proofState: ProofState; followUpCount: number; createdAt: Date; bodySource: string;
}

const coreCols = ['id', 'platform_id', 'account_id', 'rating', 'current_rating', 'state', 'proof_state', 'follow_up_count', 'created_at', 'body_source'] as const;
function toCore(r: { id: number; platform_id: number; account_id: number; rating: number; current_rating: number; state: PostState; proof_state: ProofState; follow_up_count: number; created_at: Date; body_source: string }): ReviewCore {
  return {
    id: r.id, platformId: r.platform_id, accountId: r.account_id, rating: r.rating, currentRating: r.current_rating,
    state: r.state, proofState: r.proof_state, followUpCount: r.follow_up_count, createdAt: r.created_at, bodySource: r.body_source,
  };
}

export async function lockReview(trx: Transaction<Database>, id: number): Promise<ReviewCore | null> {
  const r = await trx.selectFrom('review').select(coreCols).where('id', '=', id).forUpdate().executeTakeFirst();
  return r ? toCore(r) : null;
}

export async function findReviewCore(db: Db, id: number): Promise<ReviewCore | null> {
  const r = await db.selectFrom('review').select(coreCols).where('id', '=', id).executeTakeFirst();
  return r ? toCore(r) : null;
}

export async function updateReviewBody(trx: Transaction<Database>, id: number, v: { rating: number; currentRating: number; bodySource: string; bodyHtml: string; at: Date }): Promise<void> {
  await trx.updateTable('review').set({
    rating: v.rating, current_rating: v.currentRating, body_source: v.bodySource, body_html: v.bodyHtml, edited_at: v.at, updated_at: v.at,
  }).where('id', '=', id).execute();
}

export async function insertRevision(trx: Transaction<Database>, v: { reviewId: number; rating: number; bodySource: string; at: Date }): Promise<void> {
  await trx.insertInto('review_revision').values({ review_id: v.reviewId, rating: v.rating, body_source: v.bodySource, edited_at: v.at }).execute();
}

export async function listRevisionRows(db: Db, reviewId: number) {
  return db.selectFrom('review_revision').select(['id', 'rating', 'body_source', 'edited_at'])
    .where('review_id', '=', reviewId).orderBy('edited_at', 'desc').orderBy('id', 'desc').execute();
}

export async function setReviewState(trx: Transaction<Database>, id: number, state: PostState, at: Date): Promise<void> {
  await trx.updateTable('review').set({ state, updated_at: at }).where('id', '=', id).execute();
}

export async function setProofState(trx: Transaction<Database>, target: { reviewId?: number; caseReportId?: number }, state: ProofState): Promise<void> {
  if (target.reviewId) await trx.updateTable('review').set({ proof_state: state }).where('id', '=', target.reviewId).execute();
  if (target.caseReportId) await trx.updateTable('case_report').set({ proof_state: state }).where('id', '=', target.caseReportId).execute();
}

export async function insertProof(trx: Transaction<Database>, v: { reviewId?: number; caseReportId?: number; accountId: number; orderNumber: string; uploadId: number | null; at: Date }): Promise<number> {
  const r = await trx.insertInto('purchase_proof').values({
    review_id: v.reviewId ?? null, case_report_id: v.caseReportId ?? null, account_id: v.accountId, order_number: v.orderNumber,
    upload_id: v.uploadId, state_reason: null, reviewed_by: null, reviewed_at: null, created_at: v.at,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** The latest proof of a review or case report (its state mirrors into the post's proof_state). */
export async function latestProof(db: Db, target: { reviewId?: number; caseReportId?: number }) {
  let q = db.selectFrom('purchase_proof').select(['id', 'state', 'state_reason', 'upload_id', 'order_number', 'created_at', 'account_id']);
  q = target.reviewId ? q.where('review_id', '=', target.reviewId) : q.where('case_report_id', '=', target.caseReportId!);
  return q.orderBy('id', 'desc').executeTakeFirst();
}

// ── follow-ups ──
export async function insertFollowUp(trx: Transaction<Database>, v: { reviewId: number; accountId: number; rating: number; outcome: FollowUpOutcome | null; bodySource: string; bodyHtml: string; at: Date }): Promise<number> {
  const r = await trx.insertInto('review_follow_up').values({
    review_id: v.reviewId, account_id: v.accountId, rating: v.rating, outcome: v.outcome, body_source: v.bodySource, body_html: v.bodyHtml,
    state_reason: null, created_at: v.at,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Counts the follow-up on its review; `rating` null keeps the current rating (a same-day follow-up, applied later). */
export async function applyFollowUpToReview(trx: Transaction<Database>, reviewId: number, rating: number | null, at: Date): Promise<void> {
  await trx.updateTable('review').set((eb) => ({
    ...(rating === null ? {} : { current_rating: rating }), follow_up_count: eb('follow_up_count', '+', 1), last_follow_up_at: at, updated_at: at,
  })).where('id', '=', reviewId).execute();
}

/** When the review's latest follow-up was written, in any state (a removed one still counts against the 24 h gap). */
export async function lastFollowUpAt(trx: Transaction<Database>, reviewId: number): Promise<Date | null> {
  const r = await trx.selectFrom('review_follow_up').select((eb) => eb.fn.max('created_at').as('at')).where('review_id', '=', reviewId).executeTakeFirst();
  return r?.at ? new Date(r.at as unknown as string | Date) : null;
}

/**
 * Same-day follow-ups whose day has passed: the review's current rating becomes its latest
 * published follow-up's rating when that follow-up was written within `sameDayMs` of the review
 * and is now at least `sameDayMs` old. Returns the reviews changed (for recompute and pages).
 */
export async function applyDueSameDayRatings(db: Db, sameDayMs: number, nowMs: number): Promise<Array<{ id: number; platformId: number; accountId: number }>> {
  const rows = await sql<{ id: number; platform_id: number; account_id: number }>`
    UPDATE review r SET current_rating = f.rating, updated_at = ${new Date(nowMs)}
    FROM (
      SELECT DISTINCT ON (review_id) review_id, rating, created_at
      FROM review_follow_up WHERE state = 'published'
      ORDER BY review_id, created_at DESC, id DESC
    ) f
    WHERE f.review_id = r.id
      AND r.state = 'published'
      AND r.current_rating <> f.rating
      AND f.created_at < r.created_at + ${sameDayMs} * interval '1 millisecond'
      AND f.created_at <= ${new Date(nowMs - sameDayMs)}
    RETURNING r.id, r.platform_id, r.account_id`.execute(db);
  return rows.rows.map((r) => ({ id: Number(r.id), platformId: Number(r.platform_id), accountId: Number(r.account_id) }));
}

export async function findFollowUpCore(db: Db, id: number) {
  return db.selectFrom('review_follow_up as f').innerJoin('review as r', 'r.id', 'f.review_id')
    .select(['f.id', 'f.review_id', 'f.account_id', 'f.state', 'r.platform_id', 'r.state as review_state'])
    .where('f.id', '=', id).executeTakeFirst();
}

// ── case reports ──
export async function findLiveCaseReportId(db: Db, accountId: number, platformId: number): Promise<number | null> {
  const r = await db.selectFrom('case_report').select('id').where('account_id', '=', accountId)
    .where('platform_id', '=', platformId).where('state', '<>', 'deleted').executeTakeFirst();
  return r?.id ?? null;
}

export async function insertCaseReport(trx: Transaction<Database>, v: { platformId: number; accountId: number; sinceOn: string; volume: VolumeBand; products: string; usesApi: boolean; wouldContinue: boolean; bodySource: string; bodyHtml: string; held: boolean; at: Date }): Promise<number> {
  const r = await trx.insertInto('case_report').values({
    state: v.held ? 'held' : 'published',
    platform_id: v.platformId, account_id: v.accountId, since_on: v.sinceOn, monthly_volume_band: v.volume,
    products: v.products, uses_api: v.usesApi, would_continue: v.wouldContinue, body_source: v.bodySource, body_html: v.bodyHtml,
    state_reason: null, created_at: v.at, updated_at: v.at,
  }).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function findCaseReportCore(db: Db, id: number) {
  return db.selectFrom('case_report').select(['id', 'platform_id', 'account_id', 'state']).where('id', '=', id).executeTakeFirst();
}

// ── votes ──
export type VoteKind = 'review' | 'follow_up' | 'case_report';
const voteTable = { review: 'review', follow_up: 'review_follow_up', case_report: 'case_report' } as const;

/** Locks the voted item and returns its author, platform and state. */
export async function lockVoteTarget(trx: Transaction<Database>, kind: VoteKind, id: number): Promise<{ accountId: number; state: string; platformId: number; reviewId: number | null } | null> {
  if (kind === 'follow_up') {
    const f = await trx.selectFrom('review_follow_up').select(['account_id', 'state', 'review_id']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!f) return null;
    const r = await trx.selectFrom('review').select(['platform_id', 'state']).where('id', '=', f.review_id).executeTakeFirstOrThrow();
    return { accountId: f.account_id, state: r.state === 'published' ? f.state : r.state, platformId: r.platform_id, reviewId: f.review_id };
  }
  const r = await trx.selectFrom(voteTable[kind]).select(['account_id', 'state', 'platform_id']).where('id', '=', id).forUpdate().executeTakeFirst();
  return r ? { accountId: r.account_id, state: r.state, platformId: r.platform_id, reviewId: kind === 'review' ? id : null } : null;
}

export async function findVote(trx: Db, accountId: number, kind: VoteKind, id: number): Promise<-1 | 1 | null> {
  const r = await trx.selectFrom('helpful_vote').select('value').where('account_id', '=', accountId)
    .where('target_kind', '=', kind).where('target_id', '=', id).executeTakeFirst();
  return r?.value ?? null;
}

export async function upsertVote(trx: Transaction<Database>, accountId: number, kind: VoteKind, id: number, value: -1 | 1, at: Date): Promise<void> {
  await trx.insertInto('helpful_vote').values({ account_id: accountId, target_kind: kind, target_id: id, value, created_at: at })
    .onConflict((oc) => oc.columns(['account_id', 'target_kind', 'target_id']).doUpdateSet({ value, created_at: at })).execute();
}

export async function deleteVote(trx: Transaction<Database>, accountId: number, kind: VoteKind, id: number): Promise<void> {
  await trx.deleteFrom('helpful_vote').where('account_id', '=', accountId).where('target_kind', '=', kind).where('target_id', '=', id).execute();
}

export async function adjustVoteCounters(trx: Transaction<Database>, kind: VoteKind, id: number, helpfulDelta: number, unhelpfulDelta: number): Promise<void> {
  if (helpfulDelta === 0 && unhelpfulDelta === 0) return;
  await trx.updateTable(voteTable[kind]).set((eb) => ({
    helpful_count: eb('helpful_count', '+', helpfulDelta), unhelpful_count: eb('unhelpful_count', '+', unhelpfulDelta),
  })).where('id', '=', id).execute();
}

export async function votesOf(db: Db, accountId: number, kind: VoteKind, ids: number[]): Promise<Map<number, -1 | 1>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('helpful_vote').select(['target_id', 'value']).where('account_id', '=', accountId)
    .where('target_kind', '=', kind).where('target_id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.target_id, r.value]));
}

// ── official replies ──
export async function insertOfficialReply(trx: Transaction<Database>, v: { targetKind: 'review' | 'follow_up'; targetId: number; platformId: number; accountId: number; bodySource: string; bodyHtml: string; at: Date }): Promise<number | null> {
  const r = await trx.insertInto('official_reply').values({
    target_kind: v.targetKind, target_id: v.targetId, platform_id: v.platformId, account_id: v.accountId,
    body_source: v.bodySource, body_html: v.bodyHtml, created_at: v.at,
  }).onConflict((oc) => oc.columns(['target_kind', 'target_id']).doNothing()).returning('id').executeTakeFirst();
  return r?.id ?? null;
}

export async function repliesFor(db: Db, kind: 'review' | 'follow_up', ids: number[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('official_reply as o').innerJoin('account as a', 'a.id', 'o.account_id')
    .select(['o.id', 'o.target_id', 'o.body_html', 'o.created_at', 'a.handle'])
    .where('o.target_kind', '=', kind).where('o.target_id', 'in', ids).where('o.state', '=', 'published').execute();
}

// ── reading ──
export type ReviewSort = 'helpful' | 'newest' | 'lowest' | 'follow_ups';
export interface ReviewFilter {
  verifiedOnly?: boolean; withFollowUps?: boolean; rating?: number | null; category?: PlatformCategory | null;
  /** one of review-tags.ts */
  tag?: string | null;
  /**
   * Keyword search within the platform's reviews: segmentQueryTerms of the reader's words,
   * matched against the review's search document (its text and its follow-ups', cut the same
   * way). Undefined: no keyword filter; present but without a token: matches nothing.
   */
  terms?: readonly (readonly string[])[];
}

/** The WHERE of a platform's review list (shared by the page and its count, so they never disagree). */
function whereFilter<Q extends { where: (...args: any[]) => Q }>(q0: Q, platformId: number, filter: ReviewFilter): Q {
  let q = q0.where('r.platform_id', '=', platformId).where('r.state', '=', 'published');
  if (filter.verifiedOnly) q = q.where('r.proof_state', '=', 'verified');
  if (filter.withFollowUps) q = q.where('r.follow_up_count', '>', 0);
  if (filter.rating) q = q.where('r.current_rating', '=', filter.rating);
  if (filter.category) q = q.where('r.product_category', '=', filter.category);
  if (filter.tag) q = q.where(sql<boolean>`r.tags @> ARRAY[${filter.tag}]::text[]`);
  if (filter.terms) {
    q = filter.terms.some((t) => t.length > 0)
      ? q.where(sql<boolean>`EXISTS (SELECT 1 FROM search_document d WHERE d.kind = 'review' AND d.ref_id = r.id AND d.tokens @@ (${termsQuery(filter.terms)}))`)
      : q.where(sql<boolean>`false`);
  }
  return q;
}

const cardCols = [
  'r.id', 'r.platform_id', 'r.account_id', 'r.rating', 'r.current_rating', 'r.rating_service', 'r.rating_risk', 'r.rating_value',
  'r.rating_after_sales', 'r.product_category', 'r.product_name', 'r.amount_band', 'r.purchased_on', 'r.body_html', 'r.proof_state',
  'r.state', 'r.helpful_count', 'r.unhelpful_count', 'r.follow_up_count', 'r.last_follow_up_at', 'r.created_at', 'r.edited_at', 'r.tags',
  'a.handle', 'a.created_at as account_created_at', 'w.weight', 'w.reasons',
  'p.slug as platform_slug', 'p.name_zh as platform_name_zh', 'p.name_en as platform_name_en',
] as const;

function cardQuery(db: Db) {
  return db.selectFrom('review as r')
    .innerJoin('account as a', 'a.id', 'r.account_id')
    .innerJoin('platform as p', 'p.id', 'r.platform_id')
    .leftJoin('review_weight as w', 'w.review_id', 'r.id')
    .select(cardCols);
}
export type ReviewCardRow = Awaited<ReturnType<ReturnType<typeof cardQuery>['executeTakeFirstOrThrow']>>;

/** One page of a platform's published reviews: one query with LIMIT (index review_platform_idx narrows to the platform). */
export async function pagePlatformReviews(db: Db, platformId: number, sort: ReviewSort, filter: ReviewFilter, limit: number, offset: number) {
  let q = whereFilter(cardQuery(db), platformId, filter);
  if (sort === 'helpful') q = q.orderBy(sql`r.helpful_count - r.unhelpful_count`, 'desc').orderBy('r.created_at', 'desc');
  else if (sort === 'lowest') q = q.orderBy('r.current_rating', 'asc').orderBy('r.created_at', 'desc');
  else if (sort === 'follow_ups') q = q.orderBy(sql`r.follow_up_count > 0`, 'desc').orderBy('r.last_follow_up_at', (ob) => ob.desc().nullsLast()).orderBy('r.created_at', 'desc');
  else q = q.orderBy('r.created_at', 'desc');
  return q.orderBy('r.id', 'desc').limit(limit).offset(offset).execute();
}

export async function countPlatformReviews(db: Db, platformId: number, filter: ReviewFilter): Promise<number> {
  const q = whereFilter(db.selectFrom('review as r').select((eb) => eb.fn.countAll<number>().as('n')), platformId, filter);
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function reviewCard(db: Db, id: number) {
  return cardQuery(db).where('r.id', '=', id).executeTakeFirst();
}

export async function reviewCardsByAccount(db: Db, accountId: number, limit: number) {
  return cardQuery(db).where('r.account_id', '=', accountId).where('r.state', '=', 'published')
    .orderBy('r.created_at', 'desc').limit(limit).execute();
}

export async function followUpsFor(db: Db, reviewIds: number[]) {
  if (reviewIds.length === 0) return [];
  return db.selectFrom('review_follow_up').select(['id', 'review_id', 'account_id', 'rating', 'outcome', 'body_html', 'state', 'helpful_count', 'unhelpful_count', 'created_at'])
    .where('review_id', 'in', reviewIds).where('state', '<>', 'deleted').orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
}

export async function followUpsByAccount(db: Db, accountId: number, limit: number) {
  return db.selectFrom('review_follow_up as f').innerJoin('review as r', 'r.id', 'f.review_id').innerJoin('platform as p', 'p.id', 'r.platform_id')
    .select(['f.id', 'f.review_id', 'f.rating', 'f.outcome', 'f.body_html', 'f.created_at', 'r.created_at as review_created_at', 'r.rating as original_rating', 'p.slug', 'p.name_zh', 'p.name_en'])
    .where('f.account_id', '=', accountId).where('f.state', '=', 'published').where('r.state', '=', 'published')
    .orderBy('f.created_at', 'desc').limit(limit).execute();
}

const caseCols = [
  'c.id', 'c.platform_id', 'c.account_id', 'c.since_on', 'c.monthly_volume_band', 'c.products', 'c.uses_api', 'c.would_continue',
  'c.body_html', 'c.proof_state', 'c.helpful_count', 'c.unhelpful_count', 'c.created_at', 'a.handle', 'a.created_at as account_created_at',
  'p.slug as platform_slug', 'p.name_zh as platform_name_zh', 'p.name_en as platform_name_en',
] as const;
function caseQuery(db: Db) {
  return db.selectFrom('case_report as c').innerJoin('account as a', 'a.id', 'c.account_id').innerJoin('platform as p', 'p.id', 'c.platform_id').select(caseCols);
}
export type CaseReportRow = Awaited<ReturnType<ReturnType<typeof caseQuery>['executeTakeFirstOrThrow']>>;

export async function caseReportsForPlatform(db: Db, platformId: number, limit: number) {
  return caseQuery(db).where('c.platform_id', '=', platformId).where('c.state', '=', 'published').orderBy('c.created_at', 'desc').limit(limit).execute();
}
export async function caseReportsByAccount(db: Db, accountId: number, limit: number) {
  return caseQuery(db).where('c.account_id', '=', accountId).where('c.state', '=', 'published').orderBy('c.created_at', 'desc').limit(limit).execute();
}


// ── demo seed: what a moderator's decision writes, dated in the past and without its moderation
// event (users' proofs and claims are decided through the moderation service) ──

/** A review's proof decided: the proof row and the review's mirrored proof_state. `reason` is written only when given. */
export async function writeReviewProofDecision(db: Db, v: { proofId: number; reviewId: number; state: 'verified' | 'rejected'; reason?: string | null; reviewedBy: number | null; at: Date }): Promise<void> {
  await db.updateTable('purchase_proof').set({ state: v.state, ...(v.reason !== undefined ? { state_reason: v.reason } : {}), reviewed_by: v.reviewedBy, reviewed_at: v.at })
    .where('id', '=', v.proofId).execute();
  await db.updateTable('review').set({ proof_state: v.state }).where('id', '=', v.reviewId).execute();
}

/** A case report's proofs verified, and the report's mirrored proof_state. */
export async function writeCaseReportProofVerified(db: Db, v: { caseReportId: number; reviewedBy: number; at: Date }): Promise<void> {
  await db.updateTable('purchase_proof').set({ state: 'verified', reviewed_by: v.reviewedBy, reviewed_at: v.at }).where('case_report_id', '=', v.caseReportId).execute();
  await db.updateTable('case_report').set({ proof_state: 'verified' }).where('id', '=', v.caseReportId).execute();
}

/** A representative claim already verified. */
export async function insertVerifiedRepresentative(db: Db, v: { platformId: number; accountId: number; evidence: string; decidedBy: number; decidedAt: Date; createdAt: Date }): Promise<void> {
  await db.insertInto('platform_representative').values({
    platform_id: v.platformId, account_id: v.accountId, evidence: v.evidence,
    state: 'verified', decided_by: v.decidedBy, decided_at: v.decidedAt, created_at: v.createdAt,
  }).execute();
}

/**
 * A plain review written as it was at `at` (no tags, product or amount, no purchase date),
 * for the seeded rings and crowd; the caller renders the body.
 */
export async function insertSeedReview(db: Db, v: { platformId: number; accountId: number; rating: number; category: PlatformCategory; bodySource: string; bodyHtml: string; at: Date }): Promise<number> {
  const row = await db.insertInto('review').values({
    platform_id: v.platformId, account_id: v.accountId, rating: v.rating, current_rating: v.rating, rating_service: null, rating_risk: null,
    rating_value: null, rating_after_sales: null, product_category: v.category, body_source: v.bodySource, body_html: v.bodyHtml,
    purchased_on: null, state_reason: null, last_follow_up_at: null, edited_at: null, created_at: v.at, updated_at: v.at,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Published reviews by the crowd (handles buyer_NN), oldest first; `membersOnly` leaves out staff. */
export async function crowdReviews(db: Db, o: { membersOnly: boolean; limit: number }): Promise<Array<{ id: number; platform_id: number; account_id: number; handle: string; rating: number }>> {
  let q = db.selectFrom('review as r').innerJoin('account as a', 'a.id', 'r.account_id')
    .select(['r.id', 'r.platform_id', 'r.account_id', 'a.handle', 'r.rating'])
    .where('r.state', '=', 'published');
  if (o.membersOnly) q = q.where('a.role', '=', 'member');
  return q.where('a.handle', 'like', 'buyer\\_%').orderBy('r.id').limit(o.limit).execute();
}

/** The oldest pending proofs. */
export async function pendingProofIds(db: Db, limit: number): Promise<Array<{ id: number }>> {
  return db.selectFrom('purchase_proof').select(['id']).where('state', '=', 'pending').orderBy('id').limit(limit).execute();
}

/** A pending proof (an order number, no file) on a review, and the review's mirrored proof_state. */
export async function insertPendingReviewProof(db: Db, v: { reviewId: number; accountId: number; orderNumber: string; at: Date }): Promise<void> {
  await db.insertInto('purchase_proof').values({
    review_id: v.reviewId, case_report_id: null, account_id: v.accountId, order_number: v.orderNumber, upload_id: null,
    state_reason: null, reviewed_by: null, created_at: v.at, reviewed_at: null,
  }).execute();
  await db.updateTable('review').set({ proof_state: 'pending' }).where('id', '=', v.reviewId).execute();
}
