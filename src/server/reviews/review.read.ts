// Read models for review lists, the review permalink and profiles. Plain objects out.
import { cachedRead } from '../http/read-cache.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { isPlatformCategory, type PlatformCategory } from '../platforms/platform.table.ts';
import type { AmountBand, FollowUpOutcome, VolumeBand } from './review.table.ts';
import * as repo from './review.repository.ts';
import { findPublicAccount } from '../accounts/account.service.ts';
import { voteKinds } from './review.service.ts';
import { isReviewTag, type ReviewTag } from './review-tags.ts';
import { segmentQueryTerms } from '../search/segment.ts';
import { cleanQuery } from '../search/query.ts';
import { dayMs } from '../time.ts';
import { cacheTags } from '../http/cache-tags.ts';
import { storedList } from '../db/stored-json.ts';
import { isOneOf } from '../one-of.ts';

type Db = Kysely<Database>;
export const reviewsPerPage = 20;
export const reviewSorts = ['helpful', 'newest', 'lowest', 'follow_ups'] as const;

export interface ReviewListQuery {
  sort: repo.ReviewSort;
  verifiedOnly: boolean;
  withFollowUps: boolean;
  rating: number | null;
  category: PlatformCategory | null;
  /** what the review is about (review-tags.ts) */
  tag: ReviewTag | null;
  /** keyword search within this platform's reviews ('' = none), cleaned and capped like /search */
  q: string;
  page: number;
}

/** Parses the no-JS GET form of the review list; anything unknown falls back to the default. */
export function parseReviewListQuery(params: URLSearchParams): ReviewListQuery {
  const sortParam = params.get('sort');
  const sort = isOneOf(reviewSorts, sortParam) ? sortParam : 'helpful';
  const ratingRaw = params.get('rating') ?? '';
  const rating = /^[1-5]$/.test(ratingRaw) ? Number(ratingRaw) : null;
  const cat = params.get('category') ?? '';
  const category = isPlatformCategory(cat) ? cat : null;
  const pageRaw = params.get('page') ?? '';
  const page = /^\d{1,5}$/.test(pageRaw) ? Math.max(1, Number(pageRaw)) : 1;
  const tagRaw = params.get('tag') ?? '';
  const tag = isReviewTag(tagRaw) ? tagRaw : null;
  const q = cleanQuery(params.get('q') ?? '');
  return { sort, verifiedOnly: params.get('verified') === '1', withFollowUps: params.get('followups') === '1', rating, category, tag, q, page };
}

export function reviewListSearch(q: ReviewListQuery, page: number): string {
  const p = new URLSearchParams();
  if (q.sort !== 'helpful') p.set('sort', q.sort);
  if (q.verifiedOnly) p.set('verified', '1');
  if (q.withFollowUps) p.set('followups', '1');
  if (q.rating) p.set('rating', String(q.rating));
  if (q.category) p.set('category', q.category);
  if (q.tag) p.set('tag', q.tag);
  if (q.q) p.set('q', q.q);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export interface FollowUpView {
  id: number; rating: number; outcome: FollowUpOutcome | null; bodyHtml: string; state: string; createdAt: Date;
  helpfulCount: number; unhelpfulCount: number; myVote: -1 | 1 | null;
  reply: { id: number; bodyHtml: string; handle: string; createdAt: Date } | null;
}

export interface ReviewView {
  id: number; platformId: number; platformSlug: string; platformNameZh: string; platformNameEn: string;
  accountId: number; handle: string; accountCreatedAt: Date;
  rating: number; currentRating: number;
  dims: { service: number | null; risk: number | null; value: number | null; afterSales: number | null };
  productCategory: PlatformCategory; productName: string; amountBand: AmountBand; purchasedOn: Date | null;
  bodyHtml: string; proofState: string; state: string;
  helpfulCount: number; unhelpfulCount: number; followUpCount: number; lastFollowUpAt: Date | null;
  createdAt: Date; editedAt: Date | null;
  tags: ReviewTag[];
  weight: number | null; reasons: { code: string; factor: number }[] | null;
  myVote: -1 | 1 | null;
  followUps: FollowUpView[];
  reply: { id: number; bodyHtml: string; handle: string; createdAt: Date } | null;
}

/**
 * A review's model reasons as stored (jsonb, or its text): items without a string code and a
 * numeric factor are left out, a malformed list reads as none. Codes are kept whether or not
 * this version knows them: the weight is the product of every factor (weightFromReasons), and
 * the explanation skips codes it has no words for (explainReasons).
 */
function parseReasons(v: unknown): { code: string; factor: number }[] | null {
  return storedList(v, isStoredReason);
}

function isStoredReason(x: unknown): x is { code: string; factor: number } {
  return typeof x === 'object' && x !== null && 'code' in x && typeof x.code === 'string' && 'factor' in x && typeof x.factor === 'number';
}

/** Adds follow-ups, official replies and the viewer's votes to a page of review rows (4 small queries). */
async function hydrate(db: Db, rows: repo.ReviewCardRow[], viewerId: number | null): Promise<ReviewView[]> {
  const ids = rows.map((r) => r.id);
  const followUps = await repo.followUpsFor(db, ids);
  const fids = followUps.map((f) => f.id);
  const [reviewReplies, followReplies, myVotes, myFollowVotes] = await Promise.all([
    repo.repliesFor(db, 'review', ids),
    repo.repliesFor(db, 'follow_up', fids),
    viewerId ? repo.votesOf(db, viewerId, 'review', ids) : Promise.resolve(new Map<number, -1 | 1>()),
    viewerId ? repo.votesOf(db, viewerId, 'follow_up', fids) : Promise.resolve(new Map<number, -1 | 1>()),
  ]);
  const replyOf = (list: typeof reviewReplies, id: number) => {
    const r = list.find((x) => x.target_id === id);
    return r ? { id: r.id, bodyHtml: r.body_html, handle: r.handle, createdAt: r.created_at } : null;
  };
  return rows.map((r) => ({
    id: r.id, platformId: r.platform_id, platformSlug: r.platform_slug, platformNameZh: r.platform_name_zh, platformNameEn: r.platform_name_en,
    accountId: r.account_id, handle: r.handle, accountCreatedAt: r.account_created_at,
    rating: r.rating, currentRating: r.current_rating,
    dims: { service: r.rating_service, risk: r.rating_risk, value: r.rating_value, afterSales: r.rating_after_sales },
    productCategory: r.product_category, productName: r.product_name, amountBand: r.amount_band, purchasedOn: r.purchased_on,
    bodyHtml: r.body_html, proofState: r.proof_state, state: r.state,
    helpfulCount: r.helpful_count, unhelpfulCount: r.unhelpful_count, followUpCount: r.follow_up_count, lastFollowUpAt: r.last_follow_up_at,
    createdAt: r.created_at, editedAt: r.edited_at,
    tags: (r.tags ?? []).filter(isReviewTag),
    weight: r.weight ?? null, reasons: parseReasons(r.reasons),
    myVote: myVotes.get(r.id) ?? null,
    reply: replyOf(reviewReplies, r.id),
    followUps: followUps.filter((f) => f.review_id === r.id).map((f) => ({
      id: f.id, rating: f.rating, outcome: f.outcome, bodyHtml: f.state === 'published' ? f.body_html : '', state: f.state, createdAt: f.created_at,
      helpfulCount: f.helpful_count, unhelpfulCount: f.unhelpful_count, myVote: myFollowVotes.get(f.id) ?? null,
      reply: replyOf(followReplies, f.id),
    })),
  }));
}

export interface ReviewPage { items: ReviewView[]; total: number; page: number; pageCount: number; query: ReviewListQuery }

/** The platform page's review list: one page of 20. */
export async function loadPlatformReviews(db: Db, platformId: number, query: ReviewListQuery, viewerId: number | null): Promise<ReviewPage> {
  // The list itself is public (read cache, same tags as the page); only the viewer's own
  // votes are per reader and are laid over it.
  const key = `platform-reviews:${platformId}:${reviewListSearch(query, query.page)}`;
  const shared = await cachedRead(db, key, [cacheTags.platform(platformId)], () => loadPlatformReviewsFor(db, platformId, query, null));
  if (!viewerId || shared.items.length === 0) return shared;
  const ids = shared.items.map((r) => r.id);
  const fids = shared.items.flatMap((r) => r.followUps.map((f) => f.id));
  const [mine, mineFollow] = await Promise.all([repo.votesOf(db, viewerId, 'review', ids), fids.length ? repo.votesOf(db, viewerId, 'follow_up', fids) : Promise.resolve(new Map<number, -1 | 1>())]);
  return {
    ...shared,
    items: shared.items.map((r) => ({
      ...r,
      myVote: mine.get(r.id) ?? null,
      followUps: r.followUps.map((f) => ({ ...f, myVote: mineFollow.get(f.id) ?? null })),
    })),
  };
}

/**
 * A reader's votes on the items of a page ('kind' → ids), keyed 'kind:id': what a shared
 * member render needs to show this reader's pressed buttons. Unknown kinds are ignored.
 */
export async function readerVotes(db: Db, readerId: number, targets: ReadonlyMap<string, readonly number[]>): Promise<Map<string, -1 | 1>> {
  const out = new Map<string, -1 | 1>();
  await Promise.all([...targets].map(async ([kind, ids]) => {
    if (!isOneOf(voteKinds, kind)) return;
    const mine = await repo.votesOf(db, readerId, kind, [...ids]);
    for (const [id, value] of mine) out.set(`${kind}:${id}`, value);
  }));
  return out;
}

async function loadPlatformReviewsFor(db: Db, platformId: number, query: ReviewListQuery, viewerId: number | null): Promise<ReviewPage> {
  const filter: repo.ReviewFilter = {
    verifiedOnly: query.verifiedOnly, withFollowUps: query.withFollowUps, rating: query.rating, category: query.category, tag: query.tag,
    ...(query.q ? { terms: segmentQueryTerms(query.q) } : {}),
  };
  const [rows, total] = await Promise.all([
    repo.pagePlatformReviews(db, platformId, query.sort, filter, reviewsPerPage, (query.page - 1) * reviewsPerPage),
    repo.countPlatformReviews(db, platformId, filter),
  ]);
  const items = await hydrate(db, rows, viewerId);
  return { items, total, page: query.page, pageCount: Math.max(1, Math.ceil(total / reviewsPerPage)), query };
}

/** One review for its permalink (any state: the page decides what a tombstone shows). */
export async function loadReview(db: Db, id: number, viewerId: number | null): Promise<ReviewView | null> {
  const row = await repo.reviewCard(db, id);
  if (!row) return null;
  const [view] = await hydrate(db, [row], viewerId);
  return view ?? null;
}

export interface CaseReportView {
  id: number; handle: string; accountCreatedAt: Date; sinceOn: Date; volume: VolumeBand; products: string; usesApi: boolean;
  wouldContinue: boolean; bodyHtml: string; proofState: string; helpfulCount: number; unhelpfulCount: number; createdAt: Date;
  platformSlug: string; platformNameZh: string; platformNameEn: string; accountId: number;
}
function toCaseView(c: repo.CaseReportRow): CaseReportView {
  return {
    id: c.id, handle: c.handle, accountCreatedAt: c.account_created_at, sinceOn: c.since_on, volume: c.monthly_volume_band, products: c.products,
    usesApi: c.uses_api, wouldContinue: c.would_continue, bodyHtml: c.body_html, proofState: c.proof_state, helpfulCount: c.helpful_count,
    unhelpfulCount: c.unhelpful_count, createdAt: c.created_at, platformSlug: c.platform_slug, platformNameZh: c.platform_name_zh,
    platformNameEn: c.platform_name_en, accountId: c.account_id,
  };
}

export async function loadCaseReports(db: Db, platformId: number, limit = 20): Promise<CaseReportView[]> {
  return (await repo.caseReportsForPlatform(db, platformId, limit)).map(toCaseView);
}

export interface ProfileView {
  accountId: number; handle: string; createdAt: Date; isReseller: boolean;
  reviews: ReviewView[];
  followUps: Array<{ id: number; reviewId: number; rating: number; originalRating: number; outcome: FollowUpOutcome | null; bodyHtml: string; createdAt: Date; reviewCreatedAt: Date; slug: string; nameZh: string; nameEn: string }>;
  caseReports: CaseReportView[];
}

export async function loadProfile(db: Db, handle: string, viewerId: number | null): Promise<ProfileView | null> {
  const a = await findPublicAccount(db, handle);
  if (!a) return null;
  const [rows, fus, cases] = await Promise.all([
    repo.reviewCardsByAccount(db, a.id, 50), repo.followUpsByAccount(db, a.id, 50), repo.caseReportsByAccount(db, a.id, 50),
  ]);
  return {
    accountId: a.id, handle: a.handle, createdAt: a.createdAt, isReseller: a.isReseller,
    reviews: await hydrate(db, rows, viewerId),
    followUps: fus.map((f) => ({
      id: f.id, reviewId: f.review_id, rating: f.rating, originalRating: f.original_rating, outcome: f.outcome, bodyHtml: f.body_html,
      createdAt: f.created_at, reviewCreatedAt: f.review_created_at, slug: f.slug, nameZh: f.name_zh, nameEn: f.name_en,
    })),
    caseReports: cases.map(toCaseView),
  };
}

/** The viewer's live review on a platform, if any (the form then points to a follow-up). */
export async function myLiveReviewId(db: Db, accountId: number, platformId: number): Promise<number | null> {
  return repo.findLiveReviewId(db, accountId, platformId);
}

export async function proofOf(db: Db, reviewId: number) {
  const p = await repo.latestProof(db, { reviewId });
  return p ? { id: p.id, state: p.state, reason: p.state_reason, uploadId: p.upload_id, hasOrderNumber: p.order_number !== '', createdAt: p.created_at } : null;
}

export async function isRepresentativeOf(db: Db, accountId: number, platformId: number): Promise<boolean> {
  return repo.isVerifiedRepresentative(db, accountId, platformId);
}

export async function claimOf(db: Db, accountId: number, platformId: number) {
  const c = await repo.findClaim(db, accountId, platformId);
  return c ? { state: c.state, createdAt: c.created_at } : null;
}

/** Coarse account-age band for review cards (never a raw trust number). */
export function accountAgeBand(createdAt: Date, nowMs: number): 'new' | 'lt1y' | 'y1to3' | 'gt3y' {
  const days = (nowMs - createdAt.getTime()) / dayMs;
  if (days < 30) return 'new';
  if (days < 365) return 'lt1y';
  if (days < 3 * 365) return 'y1to3';
  return 'gt3y';
}

/**
 * How a follow-up's gap to its review is labelled: "3 个月后追评", or 当天追评 when it
 * came the same day ("今天后追评" reads wrong). One day = 86 400 000 ms.
 */
export function followUpGapKey(reviewCreatedMs: number, followUpCreatedMs: number): 'reviews.followUpSameDay' | 'reviews.followUpAfter' {
  return followUpCreatedMs - reviewCreatedMs < dayMs ? 'reviews.followUpSameDay' : 'reviews.followUpAfter';
}

/** The author's own text for the edit form. */
export async function findReviewSource(db: Db, id: number) {
  const r = await repo.findReviewCore(db, id);
  return r ? { id: r.id, accountId: r.accountId, rating: r.rating, bodySource: r.bodySource, createdAt: r.createdAt, state: r.state } : null;
}

/** The viewer's live case report on a platform and its proof, if any. */
export async function myCaseReport(db: Db, accountId: number, platformId: number) {
  const id = await repo.findLiveCaseReportId(db, accountId, platformId);
  if (id === null) return null;
  const [p, core] = await Promise.all([repo.latestProof(db, { caseReportId: id }), repo.findCaseReportCore(db, id)]);
  return { id, held: core?.state === 'held', proof: p ? { state: p.state, reason: p.state_reason, uploadId: p.upload_id } : null };
}
