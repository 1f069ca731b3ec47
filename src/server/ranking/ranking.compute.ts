// Pure glue between the database records and the reputation model: builds the model
// input, measures each review's influence on its platform's score, decides when a
// score snapshot is worth keeping and explains what moved the score (the changelog).
// No I/O and no clock here; the recompute job passes everything in.
import { createHash } from 'node:crypto';
import {
  DEFAULT_CONFIG,
  type Finding,
  type ModelInput,
  type ModelOutput,
  type PlatformOutput,
  type ReviewInput,
} from '../reputation/index.ts';
import type {
  AccountRecord, FindingRow, FollowUpRecord, PlatformRecord, ReviewRecord, SnapshotRow,
} from './ranking.repository.ts';
import { followUpRatingCounts } from '../reviews/follow-up-rules.ts';
import type { VerdictReasonWords } from '../verdict/verdict.ts';
import { hourMs } from '../time.ts';

/** Platforms that leave the ranking: a confirmed 跑路 (exit scam), and closed ones. */
export function leavesRanking(p: PlatformRecord, asOfMs: number): boolean {
  if (p.status !== 'exit_scam' && p.status !== 'closed') return false;
  // For past dates (history seeding) the status counts from when it was set.
  return p.statusChangedAt === null || p.statusChangedAt.getTime() <= asOfMs;
}

export interface BuiltInput {
  input: ModelInput;
  /** Latest follow-up id of each review (the changelog links to it). */
  latestFollowUp: Map<number, number>;
}

export function buildModelInput(
  nowMs: number,
  accounts: readonly AccountRecord[],
  platforms: readonly PlatformRecord[],
  reviews: readonly ReviewRecord[],
  followUps: readonly FollowUpRecord[],
): BuiltInput {
  const byReview = new Map<number, FollowUpRecord[]>();
  for (const f of followUps) {
    let list = byReview.get(f.reviewId);
    if (!list) byReview.set(f.reviewId, (list = []));
    list.push(f);
  }
  const latestFollowUp = new Map<number, number>();
  const platformIds = new Set(platforms.map((p) => p.id));
  const accountIds = new Set(accounts.map((a) => a.id));
  const reviewInputs: ReviewInput[] = [];
  for (const r of reviews) {
    // A review whose platform or author is outside the loaded set (not approved yet,
    // or created after an as-of date) is not scored.
    if (!platformIds.has(r.platformId) || !accountIds.has(r.accountId)) continue;
    // A same-day follow-up does not replace the rating until it is a day old (follow-up-rules.ts).
    const fu = byReview.get(r.id)?.filter((f) => followUpRatingCounts(r.createdAt.getTime(), f.createdAt.getTime(), nowMs));
    const dims: NonNullable<ReviewInput['dimensions']> = {};
    if (r.service !== null) dims.service = r.service;
    if (r.risk !== null) dims.risk = r.risk;
    if (r.value !== null) dims.value = r.value;
    if (r.afterSales !== null) dims.afterSales = r.afterSales;
    const input: ReviewInput = {
      id: String(r.id),
      accountId: String(r.accountId),
      platformId: String(r.platformId),
      rating: r.rating,
      createdAtMs: r.createdAt.getTime(),
      proof: r.proofState,
      text: r.text,
      dimensions: dims,
    };
    if (fu && fu.length > 0) {
      input.followUps = fu.map((f) => ({ createdAtMs: f.createdAt.getTime(), rating: f.rating }));
      latestFollowUp.set(r.id, fu[fu.length - 1]!.id);
    }
    reviewInputs.push(input);
  }
  return {
    input: {
      nowMs,
      accounts: accounts.map((a) => ({
        id: String(a.id),
        createdAtMs: a.createdAt.getTime(),
        fingerprint: a.fingerprint,
        removedPosts: a.removedPosts,
        rejectedProofs: a.rejectedProofs,
      })),
      platforms: platforms.map((p) => ({
        id: String(p.id),
        ...(p.foundedOn ? { foundedAtMs: p.foundedOn.getTime() } : {}),
        exitScam: leavesRanking(p, nowMs),
      })),
      reviews: reviewInputs,
    },
    latestFollowUp,
  };
}

/**
 * Score points a review adds to its platform's score: the leave-one-out difference of the
 * model's Bayesian average μ = (C·m + Σ wr) / (C + Σ w) (see reputation/scores.ts):
 *   μ − μ₋ᵢ = wᵢ (rᵢ − μ) / (C + Σw − wᵢ),   wᵢ = credibility × recency.
 */
export function influence(weightTimesRecency: number, rating: number, score: number, effectiveReviews: number): number {
  const denom = DEFAULT_CONFIG.priorWeightReviews + effectiveReviews - weightTimesRecency;
  if (denom <= 0) return 0;
  return (weightTimesRecency * (rating - score)) / denom;
}

/** Score moves smaller than this (stars) are noise from recency decay, not news. */
export const SNAPSHOT_MIN_SCORE_DELTA = 0.005;
/** A small drift is recorded at most once an hour per platform. */
export const SNAPSHOT_MIN_INTERVAL_MS = hourMs;
/** The changelog lists at most this many movers per snapshot. */
export const CHANGELOG_TOP = 3;
/** A review that moved the score by less than this (stars) is not worth listing (the site shows 2 decimals). */
export const CHANGE_MIN_DELTA = 0.005;
/** A weight change smaller than this is not a cause: the review's influence only moved because others arrived. */
export const WEIGHT_MIN_CHANGE = 0.02;

/**
 * Keep a snapshot when something a reader would notice changed (rank, review count, verdict band,
 * leaving or re-entering the ranking) or when the score drifted by a visible amount and
 * the last snapshot is at least an hour old: history stays small (no snapshot while
 * nothing changes) and every real change is recorded.
 */
export function shouldSnapshot(prev: SnapshotRow | undefined, next: PlatformOutput, computedAtMs: number, band?: string): boolean {
  if (!prev) return true;
  if (prev.rank !== next.rank || prev.reviewCount !== next.reviewCount) return true;
  // A new verdict band is always recorded (the history says when and why it changed).
  if (band !== undefined && (prev.band ?? null) !== band) return true;
  const drift = Math.max(Math.abs(prev.score - next.score), Math.abs(prev.lowerBound - next.lowerBound));
  if (drift < SNAPSHOT_MIN_SCORE_DELTA) return false;
  return computedAtMs - prev.computedAt.getTime() >= SNAPSHOT_MIN_INTERVAL_MS;
}

/** Why a score moved; words for each code are in the i18n dictionaries (ranking.change.*). */
export const CHANGE_CODES = Object.freeze([
  'NEW_REVIEW',
  'FOLLOW_UP',
  'PROOF_VERIFIED',
  'PROOF_REJECTED',
  'FLAGGED_BY_MODEL',
  'WEIGHT_RESTORED',
  'WEIGHT_CHANGED',
  'REVIEW_REMOVED',
  'REVIEW_RESTORED',
  'REVIEW_DELETED',
  'REVIEW_EXCLUDED',
  'EXIT_SCAM',
  'BACK_IN_RANKING',
  'BAND_CHANGED',
  'TIME_DECAY',
  'OTHERS_MOVED',
] as const);
export type ChangeCode = (typeof CHANGE_CODES)[number];

/** A verdict reason as the changelog keeps it: its code and the values its words need. */
export type VerdictReasonRef = VerdictReasonWords;

export interface ScoreChange {
  code: ChangeCode;
  /** Score points (stars) this item moved the score; 0 for status changes. */
  delta: number;
  reviewId?: number;
  followUpId?: number;
  incidentId?: number;
  /** Model reason codes that appeared (+) or disappeared (−) on the review. */
  added?: string[];
  removed?: string[];
  /** Set on a summary entry: how many reviews of this kind there were in all (delta = their sum). */
  count?: number;
  /** BAND_CHANGED: the verdict band before and after, and the verdict's strongest reasons. */
  fromBand?: string;
  toBand?: string;
  verdictReasons?: VerdictReasonRef[];
}

export interface ReviewNow {
  reviewId: number;
  platformId: number;
  weight: number;
  influence: number;
  effectiveRating: number;
  reasons: { code: string; factor: number }[];
}

export interface ReviewBefore {
  reviewId: number;
  platformId: number | null;
  weight: number;
  influence: number;
  effectiveRating: number | null;
  reasons: { code: string; factor: number }[];
}

const PROOF_DOWN = new Set(['NO_PROOF', 'PENDING_PROOF']);

/** Classify what happened to one review between two recomputes. */
export function classifyReviewChange(
  before: ReviewBefore | undefined,
  now: ReviewNow | undefined,
  goneState: string | undefined,
  latestFollowUpId: number | undefined,
  /** The review was already posted at the last recompute but not scored (removed, then restored on appeal). */
  postedBeforeLastRun = false,
): ScoreChange | null {
  if (!before && !now) return null;
  if (!before) return { code: postedBeforeLastRun ? 'REVIEW_RESTORED' : 'NEW_REVIEW', delta: now!.influence, reviewId: now!.reviewId };
  if (!now) {
    const code: ChangeCode = goneState === 'removed' ? 'REVIEW_REMOVED' : goneState === 'deleted' ? 'REVIEW_DELETED' : 'REVIEW_EXCLUDED';
    return { code, delta: -before.influence, reviewId: before.reviewId };
  }
  const delta = now.influence - before.influence;
  const base = { delta, reviewId: now.reviewId };
  if (before.effectiveRating !== null && Math.abs(before.effectiveRating - now.effectiveRating) > 1e-6) {
    return { code: 'FOLLOW_UP', ...base, ...(latestFollowUpId !== undefined ? { followUpId: latestFollowUpId } : {}) };
  }
  const prevCodes = new Set(before.reasons.map((r) => r.code));
  const nowCodes = new Set(now.reasons.map((r) => r.code));
  if (nowCodes.has('REJECTED_PROOF') && !prevCodes.has('REJECTED_PROOF')) return { code: 'PROOF_REJECTED', ...base };
  const hadDown = [...prevCodes].some((c) => PROOF_DOWN.has(c));
  const hasDown = [...nowCodes].some((c) => PROOF_DOWN.has(c)) || nowCodes.has('REJECTED_PROOF');
  if (hadDown && !hasDown) return { code: 'PROOF_VERIFIED', ...base };
  const added = [...nowCodes].filter((c) => !prevCodes.has(c) && c !== 'FOLLOW_UP').sort();
  const removed = [...prevCodes].filter((c) => !nowCodes.has(c) && c !== 'FOLLOW_UP').sort();
  if (added.length > 0) return { code: 'FLAGGED_BY_MODEL', ...base, added, ...(removed.length ? { removed } : {}) };
  if (removed.length > 0) return { code: 'WEIGHT_RESTORED', ...base, removed };
  // Same rating, same reasons, about the same weight: its influence moved only because
  // other reviews came or went (dilution). That is not a cause of the change.
  if (Math.abs(now.weight - before.weight) < WEIGHT_MIN_CHANGE) return null;
  return { code: 'WEIGHT_CHANGED', ...base };
}

/**
 * The changelog of one platform's new snapshot: a status change first (跑路 / back),
 * then the reviews whose influence on the score changed most (top 3 by |Δ|).
 */
export function buildChanges(args: {
  prev: SnapshotRow | undefined;
  next: PlatformOutput;
  reviewChanges: readonly ScoreChange[];
  exitScamIncidentId?: number;
  /** The verdict now (band and its strongest reason codes); the band before is prev.band. */
  verdict?: { band: string; reasons: VerdictReasonRef[] };
}): ScoreChange[] {
  const out: ScoreChange[] = [];
  const { prev, next, verdict } = args;
  // A verdict band change comes first, with the reasons that decided the new band.
  const bandChanged = !!verdict && !!prev && prev.band != null && prev.band !== verdict.band;
  // (to 跑路: the EXIT_SCAM line below says it, with its case)
  if (bandChanged && verdict!.band !== 'exit_scam') out.push({ code: 'BAND_CHANGED', delta: 0, fromBand: prev!.band!, toBand: verdict!.band, verdictReasons: verdict!.reasons });
  // Leaving or re-entering the ranking: a 跑路 says so (with its case); other exits (数据不足,
  // closed) are said by the band change itself.
  const leftAsExitScam = !verdict || verdict.band === 'exit_scam';
  const backFromExit = !verdict || prev?.band === 'exit_scam' || prev?.band == null;
  if (prev && prev.rank !== null && next.rank === null && leftAsExitScam) {
    out.push({ code: 'EXIT_SCAM', delta: 0, ...(args.exitScamIncidentId !== undefined ? { incidentId: args.exitScamIncidentId } : {}) });
  } else if (prev && prev.rank === null && next.rank !== null && backFromExit && !bandChanged) {
    out.push({ code: 'BACK_IN_RANKING', delta: 0 });
  }
  const isEvent = (c: ScoreChange) => c.code === 'NEW_REVIEW' || c.code.startsWith('REVIEW_');
  const movers = args.reviewChanges
    .filter((c) => Math.abs(c.delta) >= CHANGE_MIN_DELTA || isEvent(c))
    .slice()
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || (a.reviewId ?? 0) - (b.reviewId ?? 0))
    .slice(0, CHANGELOG_TOP)
    .map((c) => ({ ...c, delta: round4(c.delta) }));
  out.push(...movers);
  // Many reviews of one kind (a wave of new reviews, a batch removal): one summary line
  // with the count and the summed effect, besides the individual top movers.
  for (const code of SUMMARISED) {
    const all = args.reviewChanges.filter((c) => c.code === code);
    const listed = movers.filter((c) => c.code === code).length;
    if (all.length >= 2 && all.length > listed) {
      out.push({ code, delta: round4(all.reduce((s, c) => s + c.delta, 0)), count: all.length });
    }
  }
  if (prev && out.length === 0) {
    // (a band change alone is always listed above, so this only explains score or rank moves)
    if (Math.abs(prev.score - next.score) >= SNAPSHOT_MIN_SCORE_DELTA) out.push({ code: 'TIME_DECAY', delta: round4(next.score - prev.score) });
    else if (prev.rank !== next.rank) out.push({ code: 'OTHERS_MOVED', delta: 0 });
  }
  return out;
}

const SUMMARISED: readonly ChangeCode[] = ['NEW_REVIEW', 'FOLLOW_UP', 'REVIEW_REMOVED', 'REVIEW_RESTORED', 'REVIEW_DELETED', 'PROOF_VERIFIED', 'PROOF_REJECTED', 'FLAGGED_BY_MODEL'];

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

function digest(parts: readonly (string | number)[]): string {
  return createHash('sha256').update(parts.join(',')).digest('hex').slice(0, 32);
}

const byNumber = (a: number, b: number) => a - b;

/** Model findings → queue rows; the dedupe key is a hash of the sorted ids, so a rerun matches. */
export function findingRows(findings: readonly Finding[]): FindingRow[] {
  const rows: FindingRow[] = [];
  for (const f of findings) {
    if (f.kind === 'ring') {
      const accountIds = f.accountIds.map(Number).sort(byNumber);
      rows.push({
        kind: 'ring',
        dedupeKey: `ring:${digest(accountIds)}`,
        platformIds: f.platformIds.map(Number).sort(byNumber),
        accountIds,
        reviewIds: f.reviewIds.map(Number).sort(byNumber),
        evidence: { ...f.evidence },
        score: f.evidence.score,
      });
    } else {
      const reviewIds = f.reviewIds.map(Number).sort(byNumber);
      rows.push({
        kind: 'burst',
        dedupeKey: `burst:${f.platformId}:${digest(reviewIds)}`,
        platformIds: [Number(f.platformId)],
        accountIds: [],
        reviewIds,
        evidence: { fromMs: f.fromMs, toMs: f.toMs, reviews: reviewIds.length },
        // A burst's strength grows with its size; ten surplus reviews is "certainly look".
        score: Math.min(1, reviewIds.length / 10),
      });
    }
  }
  return rows;
}

export type { ModelOutput };
