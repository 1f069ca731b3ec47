// Rules for reviews, purchase proofs, follow-ups (追评), case reports (合作案例), helpful
// votes, official replies (官方回复) and representative claims. Services take the db and
// nowMs; they open their own transactions, request a recompute inside them and return the
// page-cache tags of what they changed, for the caller to invalidate after commit.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError, FieldErrors } from '../errors.ts';
import { renderUserText, type Notice, type RenderedText } from '../content/render.ts';
import { cleanText, hasMixedScriptWord, validateText } from '../content/text.ts';
import { maskCardKeys } from '../content/card-keys.ts';
import { dayRules, validateDay } from '../content/day.ts';
import { requestRecompute } from '../ranking/recompute.ts';
import { storeUpload } from '../uploads/upload.service.ts';
import { enqueueSearch } from '../search/outbox.ts';
import * as watchEvents from '../watch/watch.events.ts';
import { platformCategories } from '../platforms/platform.table.ts';
import { findPlatformRef, type PlatformRef } from '../platforms/platform.service.ts';
import { markResellerVerified, resellerStanding } from '../accounts/account.service.ts';
import { amountBands, followUpOutcomes, volumeBands } from './review.table.ts';
import * as repo from './review.repository.ts';
import { checkReviewTags } from './review-tags.ts';

// The domain enumerations are the tables' (one list each; a review's product category is a
// platform category); the forms and the API read them here.
export const productCategories = platformCategories;
export { amountBands, followUpOutcomes, volumeBands };

/** Body limits: the DB checks 10 000 characters; 10 keeps out one-word reviews. */
export const bodyMaxChars = 10_000;
export const bodyMinChars = 10;
export const replyMaxChars = 5_000;
export const productNameMaxChars = 80;
export const orderNumberMaxChars = 64;
import { followUpGapMs, followUpMinChars, sameDayFollowUpMs } from './follow-up-rules.ts';
import { hourMs, dayMs } from '../time.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { cacheTags, type CacheTag, type WithTags } from '../http/cache-tags.ts';
import { isOneOf } from '../one-of.ts';

/** Authors may edit a review for 30 days; later experience belongs in a follow-up. */
export const editWindowMs = 30 * dayMs;

type Db = Kysely<Database>;
export interface UploadRuntime { config: { uploadDir: string } }

// ── shared validation ──

function isRating(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5;
}

function checkRating(errors: FieldErrors, field: string, v: unknown, required: boolean): number | null {
  if (v === null || v === undefined || v === '') {
    if (required) errors.add(field, 'field.rating');
    return null;
  }
  if (!isRating(v)) {
    errors.add(field, 'field.rating');
    return null;
  }
  return v;
}

/** Renders a body once through the one renderer; refuses homoglyph spam and bad lengths. */
export function renderBody(errors: FieldErrors, field: string, raw: unknown, opts: { max: number; min: number }): { source: string; html: string; notices: Notice[] } | null {
  const out: { rendered?: RenderedText } = {};
  // Measured as stored: cleaned and with card keys masked, by the renderer itself.
  const source = validateText(errors, field, raw, { ...opts, clean: (s) => (out.rendered = renderUserText(s)).source });
  const rendered = out.rendered;
  if (source === null || !rendered) return null;
  if (hasMixedScriptWord(source)) {
    errors.add(field, 'reviews.error.homoglyph');
    return null;
  }
  return rendered;
}

/** A single-line field (product name, products): cleaned, card keys masked, homoglyphs refused. */
function singleLine(errors: FieldErrors, field: string, raw: unknown, max: number, required: boolean): string {
  const s = validateText(errors, field, raw, { max, required, clean: (t) => maskCardKeys(cleanText(t, { singleLine: true })).text });
  if (s && hasMixedScriptWord(s)) errors.add(field, 'reviews.error.homoglyph');
  return s ?? '';
}

function oneOf<T extends string>(errors: FieldErrors, field: string, v: unknown, values: readonly T[], fallback?: T): T {
  if ((v === null || v === undefined || v === '') && fallback !== undefined) return fallback;
  if (isOneOf(values, v)) return v;
  errors.add(field, 'field.choice');
  return values[0]!;
}


async function requirePlatform(db: Db | Transaction<Database>, platformId: number): Promise<PlatformRef> {
  const p = await findPlatformRef(db, { id: platformId });
  if (!p || p.approval !== 'approved') throw new DomainError('not_found', { messageKey: 'reviews.error.platformNotFound' });
  return p;
}

function maskedCount(notices: Notice[]): number {
  return notices.reduce((n, x) => n + (x.code === 'card_key_masked' ? x.count : 0), 0);
}

// ── reviews ──
export interface ReviewInput {
  platformId: number;
  rating: unknown;
  ratingService?: unknown; ratingRisk?: unknown; ratingValue?: unknown; ratingAfterSales?: unknown;
  productCategory: unknown;
  productName?: unknown;
  amountBand?: unknown;
  purchasedOn?: string | null;
  body: unknown;
  /** what the review is about: review-tags.ts (checkbox values; absent = none) */
  tags?: unknown;
}

export interface ProofInput { orderNumber?: string | null; file?: File | Blob | null }

export interface PostResult {
  id: number;
  /** Card keys masked in the text (the writer is told). */
  maskedCount: number;
  /** Set when the post was saved but its proof was refused. */
  proofError: { messageKey: string; params?: Record<string, string | number> } | null;
  /** A case report held until a moderator confirms the author as a reseller (not public yet). */
  held?: boolean;
}

function validateReview(input: ReviewInput, nowMs: number) {
  const errors = new FieldErrors();
  const rating = checkRating(errors, 'rating', input.rating, true);
  const ratingService = checkRating(errors, 'ratingService', input.ratingService, false);
  const ratingRisk = checkRating(errors, 'ratingRisk', input.ratingRisk, false);
  const ratingValue = checkRating(errors, 'ratingValue', input.ratingValue, false);
  const ratingAfterSales = checkRating(errors, 'ratingAfterSales', input.ratingAfterSales, false);
  const productCategory = oneOf(errors, 'productCategory', input.productCategory, productCategories);
  const productName = singleLine(errors, 'productName', input.productName, productNameMaxChars, false);
  const amountBand = oneOf(errors, 'amountBand', input.amountBand, amountBands, 'unknown');
  const purchasedOn = validateDay(errors, 'purchasedOn', input.purchasedOn, dayRules.purchasedOn, nowMs);
  const body = renderBody(errors, 'body', input.body, { max: bodyMaxChars, min: bodyMinChars });
  const tags = checkReviewTags(errors, input.tags);
  errors.throwIfAny();
  return { rating: rating!, ratingService, ratingRisk, ratingValue, ratingAfterSales, productCategory, productName, amountBand, purchasedOn, body: body!, tags };
}

/** Creates the review (one live review per account and platform). Proof is attached separately. */
export async function createReview(db: Db, accountId: number, input: ReviewInput, nowMs: number): Promise<WithTags<{ id: number; maskedCount: number }>> {
  const v = validateReview(input, nowMs);
  await requirePlatform(db, input.platformId);
  let id: number;
  try {
    id = await db.transaction().execute(async (trx) => {
      const existing = await repo.findLiveReviewId(trx, accountId, input.platformId);
      if (existing !== null) throw alreadyReviewed(existing);
      const newId = await repo.insertReview(trx, {
        platformId: input.platformId, accountId, rating: v.rating, ratingService: v.ratingService, ratingRisk: v.ratingRisk,
        ratingValue: v.ratingValue, ratingAfterSales: v.ratingAfterSales, productCategory: v.productCategory, productName: v.productName,
        amountBand: v.amountBand, purchasedOn: v.purchasedOn, bodySource: v.body.source, bodyHtml: v.body.html, tags: v.tags, createdAt: new Date(nowMs),
      });
      await requestRecompute(trx, `review:${newId}`);
      await enqueueSearch(trx, 'review', newId, 'upsert');
      return newId;
    });
  } catch (e) {
    if (isUniqueViolation(e, 'review_one_per_account_idx')) {
      const existing = await repo.findLiveReviewId(db, accountId, input.platformId);
      throw alreadyReviewed(existing ?? 0);
    }
    throw e;
  }
  return { id, maskedCount: maskedCount(v.body.notices), tags: [cacheTags.platform(input.platformId), cacheTags.review(id), cacheTags.user(accountId), cacheTags.home, cacheTags.directory, cacheTags.ranking] };
}

function alreadyReviewed(reviewId: number): DomainError {
  return new DomainError('conflict', { messageKey: 'reviews.error.alreadyReviewed', params: { reviewId }, status: 'CONFLICT' });
}

/** Review + optional proof from one form: the review is saved even when the proof is refused. */
export async function postReview(db: Db, rt: UploadRuntime, accountId: number, input: ReviewInput & ProofInput, nowMs: number): Promise<WithTags<PostResult>> {
  const { id, maskedCount: masked, tags } = await createReview(db, accountId, input, nowMs);
  const proof = await tryAttachProof(db, rt, accountId, { reviewId: id }, input, nowMs);
  return { id, maskedCount: masked, proofError: proof.proofError, tags: [...new Set([...tags, ...proof.tags])] };
}

async function tryAttachProof(db: Db, rt: UploadRuntime, accountId: number, target: { reviewId?: number; caseReportId?: number }, proof: ProofInput, nowMs: number): Promise<WithTags<Pick<PostResult, 'proofError'>>> {
  const hasFile = !!proof.file && proof.file.size > 0;
  const hasOrder = typeof proof.orderNumber === 'string' && proof.orderNumber.trim() !== '';
  if (!hasFile && !hasOrder) return { proofError: null, tags: [] };
  try {
    const { tags } = await attachProof(db, rt, accountId, target, proof, nowMs);
    return { proofError: null, tags };
  } catch (e) {
    if (e instanceof DomainError) return { proofError: { messageKey: e.messageKey, params: e.params }, tags: [] };
    throw e;
  }
}

/** Attaches purchase proof (order number kept private + PNG/JPEG/PDF) to the author's own review or case report. */
export async function attachProof(db: Db, rt: UploadRuntime, accountId: number, target: { reviewId?: number; caseReportId?: number }, proof: ProofInput, nowMs: number): Promise<WithTags<{ proofId: number }>> {
  const errors = new FieldErrors();
  const orderNumber = validateText(errors, 'orderNumber', proof.orderNumber, { max: orderNumberMaxChars, required: false, singleLine: true }) ?? '';
  const file = proof.file && proof.file.size > 0 ? proof.file : null;
  if (!file && !orderNumber) errors.add('file', 'reviews.proof.empty');
  errors.throwIfAny();

  const owner = target.reviewId ? await repo.findReviewCore(db, target.reviewId) : await repo.findCaseReportCore(db, target.caseReportId!);
  if (!owner) throw new DomainError('not_found');
  const ownerAccount = 'accountId' in owner ? owner.accountId : owner.account_id;
  if (ownerAccount !== accountId) throw new DomainError('forbidden', { messageKey: 'reviews.error.notAuthor' });
  // A held case report needs its proof most of all: that is what releases it.
  if (owner.state !== 'published' && owner.state !== 'held') throw new DomainError('conflict', { messageKey: 'reviews.error.notPublished', status: 'CONFLICT' });
  const current = await repo.latestProof(db, target);
  if (current && current.state !== 'rejected') throw new DomainError('conflict', { messageKey: 'reviews.proof.exists', status: 'CONFLICT' });

  const proofId = await db.transaction().execute(async (trx) => {
    const upload = file ? await storeUpload(trx, rt, { ownerId: accountId, purpose: 'proof', file }) : null;
    const id = await repo.insertProof(trx, { ...target, accountId, orderNumber, uploadId: upload?.id ?? null, at: new Date(nowMs) });
    await repo.setProofState(trx, target, 'pending');
    await requestRecompute(trx, `proof:${id}`);
    return id;
  });
  const platformId = 'platformId' in owner ? owner.platformId : owner.platform_id;
  return { proofId, tags: [cacheTags.platform(platformId), target.reviewId ? cacheTags.review(target.reviewId) : cacheTags.platform(platformId), cacheTags.user(accountId)] };
}

// ── follow-ups ──
export interface FollowUpInput { reviewId: number; rating: unknown; outcome?: unknown; body: unknown }

export async function addFollowUp(db: Db, accountId: number, input: FollowUpInput, nowMs: number): Promise<WithTags<{ id: number; maskedCount: number }>> {
  const errors = new FieldErrors();
  const rating = checkRating(errors, 'rating', input.rating, true);
  const outcome = input.outcome === null || input.outcome === undefined || input.outcome === '' ? null : oneOf(errors, 'outcome', input.outcome, followUpOutcomes);
  const body = renderBody(errors, 'body', input.body, { max: bodyMaxChars, min: followUpMinChars });
  // Authorization before field errors: someone else's review is a 403 whatever they typed.
  const core = await repo.findReviewCore(db, input.reviewId);
  if (!core) throw new DomainError('not_found');
  if (core.accountId !== accountId) throw new DomainError('forbidden', { messageKey: 'reviews.error.notAuthor' });
  errors.throwIfAny();
  const at = new Date(nowMs);
  const id = await db.transaction().execute(async (trx) => {
    const review = await repo.lockReview(trx, input.reviewId);
    if (!review || review.state !== 'published') throw new DomainError('conflict', { messageKey: 'reviews.error.notPublished', status: 'CONFLICT' });
    // Under the review's row lock, so two follow-ups sent together cannot both pass the gap.
    const last = await repo.lastFollowUpAt(trx, review.id);
    if (last && nowMs - last.getTime() < followUpGapMs) {
      const hours = Math.max(1, Math.ceil((last.getTime() + followUpGapMs - nowMs) / hourMs));
      throw new DomainError('rate_limited', { messageKey: 'followUp.tooSoon', params: { hours } });
    }
    const sameDay = nowMs - review.createdAt.getTime() < sameDayFollowUpMs;
    const fid = await repo.insertFollowUp(trx, { reviewId: review.id, accountId, rating: rating!, outcome, bodySource: body!.source, bodyHtml: body!.html, at });
    await repo.applyFollowUpToReview(trx, review.id, sameDay ? null : rating!, at);
    await requestRecompute(trx, `follow_up:${fid}`);
    await enqueueSearch(trx, 'review', review.id, 'upsert');
    return fid;
  });
  return { id, maskedCount: maskedCount(body!.notices), tags: [cacheTags.platform(core.platformId), cacheTags.review(core.id), cacheTags.user(accountId), cacheTags.home, cacheTags.directory, cacheTags.ranking] };
}

// ── edit and delete ──
export async function editReview(db: Db, accountId: number, input: { reviewId: number; rating: unknown; body: unknown }, nowMs: number): Promise<WithTags<{ maskedCount: number }>> {
  const errors = new FieldErrors();
  const rating = checkRating(errors, 'rating', input.rating, true);
  const body = renderBody(errors, 'body', input.body, { max: bodyMaxChars, min: bodyMinChars });
  const core = await repo.findReviewCore(db, input.reviewId);
  if (!core) throw new DomainError('not_found');
  if (core.accountId !== accountId) throw new DomainError('forbidden', { messageKey: 'reviews.error.notAuthor' });
  errors.throwIfAny();
  const at = new Date(nowMs);
  await db.transaction().execute(async (trx) => {
    const review = await repo.lockReview(trx, input.reviewId);
    if (!review || review.state !== 'published') throw new DomainError('conflict', { messageKey: 'reviews.error.notPublished', status: 'CONFLICT' });
    if (nowMs - review.createdAt.getTime() > editWindowMs) throw new DomainError('forbidden', { messageKey: 'reviews.error.editWindow' });
    await repo.insertRevision(trx, { reviewId: review.id, rating: review.rating, bodySource: review.bodySource, at });
    // With follow-ups, the latest follow-up's rating stays the current one.
    const currentRating = review.followUpCount > 0 ? review.currentRating : rating!;
    await repo.updateReviewBody(trx, review.id, { rating: rating!, currentRating, bodySource: body!.source, bodyHtml: body!.html, at });
    await requestRecompute(trx, `review_edit:${review.id}`);
    await enqueueSearch(trx, 'review', review.id, 'upsert');
  });
  return { maskedCount: maskedCount(body!.notices), tags: [cacheTags.platform(core.platformId), cacheTags.review(core.id), cacheTags.user(accountId), cacheTags.home, cacheTags.directory, cacheTags.ranking] };
}

export function canEdit(review: { createdAt: Date; state: string }, nowMs: number): boolean {
  return review.state === 'published' && nowMs - review.createdAt.getTime() <= editWindowMs;
}

/** Deleting keeps the row as a tombstone (state 'deleted'): text hidden publicly, moderators and the log still see it. */
export async function deleteReview(db: Db, accountId: number, reviewId: number, nowMs: number): Promise<WithTags> {
  const core = await repo.findReviewCore(db, reviewId);
  if (!core) throw new DomainError('not_found');
  if (core.accountId !== accountId) throw new DomainError('forbidden', { messageKey: 'reviews.error.notAuthor' });
  await db.transaction().execute(async (trx) => {
    const review = await repo.lockReview(trx, reviewId);
    if (!review || review.state !== 'published') throw new DomainError('conflict', { messageKey: 'reviews.error.notPublished', status: 'CONFLICT' });
    await repo.setReviewState(trx, reviewId, 'deleted', new Date(nowMs));
    await requestRecompute(trx, `review_delete:${reviewId}`);
    await enqueueSearch(trx, 'review', reviewId, 'delete');
  });
  return { tags: [cacheTags.platform(core.platformId), cacheTags.review(reviewId), cacheTags.user(accountId), cacheTags.home, cacheTags.directory, cacheTags.ranking] };
}

/** Earlier versions of a review, newest first (for moderators). */
export async function listRevisions(db: Db | Transaction<Database>, reviewId: number): Promise<Array<{ id: number; rating: number; bodySource: string; editedAt: Date }>> {
  const rows = await repo.listRevisionRows(db, reviewId);
  return rows.map((r) => ({ id: r.id, rating: r.rating, bodySource: r.body_source, editedAt: r.edited_at }));
}

// ── votes ──
export type VoteKind = repo.VoteKind;
export const voteKinds = ['review', 'follow_up', 'case_report'] as const;

/**
 * A vote: 1 helpful, -1 not helpful, 0 takes one's vote back (pressing the pressed button again).
 * One vote per account and item; changing it moves the counters in the same transaction.
 */
export async function vote(db: Db, accountId: number, input: { kind: VoteKind; targetId: number; value: -1 | 0 | 1 }, nowMs: number): Promise<WithTags<{ value: -1 | 0 | 1 }>> {
  if (!voteKinds.includes(input.kind) || (input.value !== 1 && input.value !== -1 && input.value !== 0)) throw new DomainError('invalid_input');
  const result = await db.transaction().execute(async (trx) => {
    const target = await repo.lockVoteTarget(trx, input.kind, input.targetId);
    if (!target || target.state !== 'published') throw new DomainError('not_found');
    if (target.accountId === accountId) throw new DomainError('forbidden', { messageKey: 'reviews.error.voteOwn' });
    const previous = await repo.findVote(trx, accountId, input.kind, input.targetId);
    if (previous === input.value) return target;
    if (previous === null && input.value === 0) return target;
    const helpfulDelta = (input.value === 1 ? 1 : 0) - (previous === 1 ? 1 : 0);
    const unhelpfulDelta = (input.value === -1 ? 1 : 0) - (previous === -1 ? 1 : 0);
    if (input.value === 0) await repo.deleteVote(trx, accountId, input.kind, input.targetId);
    else await repo.upsertVote(trx, accountId, input.kind, input.targetId, input.value, new Date(nowMs));
    await repo.adjustVoteCounters(trx, input.kind, input.targetId, helpfulDelta, unhelpfulDelta);
    return target;
  });
  // viewer:<voter>: the voter's own pressed buttons on shared member renders (member-pages.ts).
  const tags: CacheTag[] = [cacheTags.platform(result.platformId), cacheTags.user(result.accountId), cacheTags.viewer(accountId), ...(result.reviewId ? [cacheTags.review(result.reviewId)] : [])];
  return { value: input.value, tags };
}

// ── official replies and representative claims ──
export async function postOfficialReply(db: Db, accountId: number, input: { kind: 'review' | 'follow_up'; targetId: number; body: unknown }, nowMs: number): Promise<WithTags<{ id: number }>> {
  const errors = new FieldErrors();
  const body = renderBody(errors, 'body', input.body, { max: replyMaxChars, min: 2 });
  let platformId: number;
  let reviewId: number;
  if (input.kind === 'review') {
    const r = await repo.findReviewCore(db, input.targetId);
    if (!r || r.state !== 'published') throw new DomainError('not_found');
    platformId = r.platformId;
    reviewId = r.id;
  } else {
    const f = await repo.findFollowUpCore(db, input.targetId);
    if (!f || f.state !== 'published' || f.review_state !== 'published') throw new DomainError('not_found');
    platformId = f.platform_id;
    reviewId = f.review_id;
  }
  if (!(await repo.isVerifiedRepresentative(db, accountId, platformId))) throw new DomainError('forbidden', { messageKey: 'reviews.error.notRepresentative' });
  errors.throwIfAny();
  const id = await db.transaction().execute(async (trx) => {
    const rid = await repo.insertOfficialReply(trx, { targetKind: input.kind, targetId: input.targetId, platformId, accountId, bodySource: body!.source, bodyHtml: body!.html, at: new Date(nowMs) });
    if (rid === null) throw new DomainError('conflict', { messageKey: 'reviews.error.replyExists', status: 'CONFLICT' });
    await watchEvents.officialReply(trx, { platformId, replyId: rid, reviewId, actorId: accountId, nowMs });
    return rid;
  });
  return { id, tags: [cacheTags.platform(platformId), cacheTags.review(reviewId)] };
}

/** A pending claim to represent a platform; moderators verify it. */
export async function claimRepresentative(db: Db, accountId: number, input: { platformId: number; evidence: unknown }, nowMs: number): Promise<{ id: number }> {
  void nowMs;
  const errors = new FieldErrors();
  const evidence = validateText(errors, 'evidence', input.evidence, { min: 10, max: 2000, emptyIsTooShort: true, clean: (s) => maskCardKeys(cleanText(s)).text }) ?? '';
  errors.throwIfAny();
  await requirePlatform(db, input.platformId);
  const existing = await repo.findClaim(db, accountId, input.platformId);
  if (existing) throw new DomainError('conflict', { messageKey: 'reviews.error.claimExists', status: 'CONFLICT' });
  try {
    const id = await repo.insertClaim(db, { platformId: input.platformId, accountId, evidence });
    return { id };
  } catch (e) {
    // PostgreSQL's name for the table's anonymous UNIQUE (platform_id, account_id) (migration 2026-11-25T0200).
    if (isUniqueViolation(e, 'platform_representative_platform_id_account_id_key')) throw new DomainError('conflict', { messageKey: 'reviews.error.claimExists', status: 'CONFLICT' });
    throw e;
  }
}

// ── case reports ──
export interface CaseReportInput {
  platformId: number; sinceOn: string | null; volume: unknown; products: unknown; usesApi: boolean; wouldContinue: boolean; body: unknown;
}

export async function fileCaseReport(db: Db, rt: UploadRuntime, accountId: number, input: CaseReportInput & ProofInput, nowMs: number): Promise<WithTags<PostResult>> {
  const standing = await resellerStanding(db, accountId);
  if (!standing.isReseller) throw new DomainError('forbidden', { messageKey: 'reviews.error.notReseller' });
  // Anyone can tick "我是分销商": until a moderator has verified one of this account's case-report
  // proofs, its case reports wait (held, seen by the author only) — issue 18, item 5.
  const held = !standing.verified;
  const errors = new FieldErrors();
  const sinceOn = validateDay(errors, 'sinceOn', input.sinceOn, dayRules.sinceOn, nowMs);
  const volume = oneOf(errors, 'volume', input.volume, volumeBands);
  const products = singleLine(errors, 'products', input.products, 200, true);
  const body = renderBody(errors, 'body', input.body, { max: bodyMaxChars, min: bodyMinChars });
  errors.throwIfAny();
  await requirePlatform(db, input.platformId);
  let id: number;
  try {
    id = await db.transaction().execute(async (trx) => {
      const existing = await repo.findLiveCaseReportId(trx, accountId, input.platformId);
      if (existing !== null) throw new DomainError('conflict', { messageKey: 'reviews.error.caseReportExists', status: 'CONFLICT' });
      const cid = await repo.insertCaseReport(trx, {
        platformId: input.platformId, accountId, sinceOn: sinceOn!, volume, products, usesApi: !!input.usesApi, wouldContinue: !!input.wouldContinue,
        bodySource: body!.source, bodyHtml: body!.html, held, at: new Date(nowMs),
      });
      await requestRecompute(trx, `case_report:${cid}`);
      return cid;
    });
  } catch (e) {
    if (isUniqueViolation(e, 'case_report_one_per_account_idx')) throw new DomainError('conflict', { messageKey: 'reviews.error.caseReportExists', status: 'CONFLICT' });
    throw e;
  }
  const tags: CacheTag[] = [cacheTags.platform(input.platformId), cacheTags.user(accountId), cacheTags.ranking];
  const proof = await tryAttachProof(db, rt, accountId, { caseReportId: id }, input, nowMs);
  return { id, maskedCount: maskedCount(body!.notices), proofError: proof.proofError, held, tags: [...new Set([...tags, ...proof.tags])] };
}

/**
 * A moderator verified the proof of a case report (moderation decideProof, inside its transaction):
 * its author is a confirmed reseller from now on and every held case report of theirs goes public.
 * Returns the page tags to invalidate after commit.
 */
export async function confirmReseller(trx: Transaction<Database>, accountId: number, nowMs: number): Promise<CacheTag[]> {
  await markResellerVerified(trx, accountId, nowMs);
  const released = await repo.releaseHeldCaseReports(trx, accountId, new Date(nowMs));
  for (const c of released) await requestRecompute(trx, `case_report:${c.id}`);
  return released.length ? [...new Set(released.map((c) => cacheTags.platform(c.platformId))), cacheTags.user(accountId), cacheTags.ranking] : [cacheTags.user(accountId)];
}

/**
 * Maintenance: same-day follow-ups that are now a day old replace their review's rating
 * (sameDayFollowUpMs), with a recompute request and the page tags any follow-up has.
 */
export async function applyDueSameDayFollowUps(db: Db, nowMs: number): Promise<WithTags<{ applied: number }>> {
  const changed = await db.transaction().execute(async (trx) => {
    const rows = await repo.applyDueSameDayRatings(trx, sameDayFollowUpMs, nowMs);
    for (const r of rows) await requestRecompute(trx, `follow_up_due:${r.id}`);
    return rows;
  });
  const tags: CacheTag[] = changed.length ? [...changed.flatMap((r) => [cacheTags.platform(r.platformId), cacheTags.review(r.id), cacheTags.user(r.accountId)]), cacheTags.home, cacheTags.directory, cacheTags.ranking] : [];
  return { applied: changed.length, tags };
}
