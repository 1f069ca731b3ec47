// What the ranking pages and components read: the ranking, a platform's history with
// its changelog, a review's weight explained as a band and reasons. Domain types only.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DEFAULT_CONFIG, isReasonCode, reasonText, type ReasonCode } from '../reputation/index.ts';
import * as repo from './ranking.repository.ts';
import { cachedRead } from '../http/read-cache.ts';
import { CHANGE_CODES, type ChangeCode, type ScoreChange } from './ranking.compute.ts';
import { isVerdictBand, isVerdictReasonWords, type VerdictBand, type VerdictReasonWords } from '../verdict/verdict.ts';
import { cacheTags } from '../http/cache-tags.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type Band = 'low' | 'medium' | 'high';

/**
 * A review's weight as a band (高/中/低), on the model's own trust-band thresholds so a
 * "high" review and a "high" reviewer mean the same thing.
 */
export function weightBand(weight: number): Band {
  if (weight < DEFAULT_CONFIG.bandLowBelow) return 'low';
  return weight >= DEFAULT_CONFIG.bandHighFrom ? 'high' : 'medium';
}

export interface RankedPlatform {
  platformId: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  status: repo.RankingRow['status'];
  statusChangedAt: Date | null;
  rank: number | null;
  score: number | null;
  lowerBound: number | null;
  reviewCount: number;
  effectiveReviews: number;
  computedAt: Date | null;
  /** The verdict band (靠谱 … 数据不足); null before the first run with the verdict. */
  band: VerdictBand | null;
}

export interface RankingView {
  ranked: RankedPlatform[];
  /** Confirmed 跑路: out of the ranking, marked. */
  exitScam: RankedPlatform[];
  /** Closed platforms (no longer operating): out of the ranking. */
  closed: RankedPlatform[];
  /** 数据不足: too little evidence of any kind to rank. */
  insufficient: RankedPlatform[];
  /** Approved but never scored yet (the job has not run since they were added). */
  unscored: RankedPlatform[];
  computedAt: Date | null;
}

/** The ranking (public, the same for everyone): cached in process until 'ranking' is invalidated. */
export function loadRanking(db: Db): Promise<RankingView> {
  return cachedRead(db, 'ranking:view', [cacheTags.ranking], () => queryRanking(db));
}

async function queryRanking(db: Db): Promise<RankingView> {
  const rows = await repo.rankingRows(db);
  const view: RankingView = { ranked: [], exitScam: [], closed: [], insufficient: [], unscored: [], computedAt: null };
  for (const r of rows) {
    const p: RankedPlatform = {
      platformId: r.platformId, slug: r.slug, nameZh: r.nameZh, nameEn: r.nameEn, status: r.status,
      statusChangedAt: r.statusChangedAt, rank: r.rank, score: r.score, lowerBound: r.lowerBound,
      reviewCount: r.reviewCount ?? 0, effectiveReviews: r.effectiveReviews ?? 0, computedAt: r.computedAt,
      band: isVerdictBand(r.band) ? r.band : null,
    };
    if (r.computedAt && (!view.computedAt || r.computedAt > view.computedAt)) view.computedAt = r.computedAt;
    // The live status decides the section, even before the job has run again.
    if (r.status === 'exit_scam') view.exitScam.push(p);
    else if (r.status === 'closed') view.closed.push(p);
    else if (p.band === 'insufficient') view.insufficient.push(p);
    else if (r.rank === null || r.score === null) view.unscored.push(p);
    else view.ranked.push(p);
  }
  view.ranked.sort((a, b) => a.rank! - b.rank!);
  return view;
}

export interface ChangeView {
  code: ChangeCode;
  delta: number;
  reviewId: number | null;
  followUpId: number | null;
  incidentCaseNo: string | null;
  added: ReasonCode[];
  removed: ReasonCode[];
  /** A summary line: this many reviews of this kind, delta = their summed effect. */
  count: number | null;
  /** BAND_CHANGED: the verdict before and after, and the reasons that decided it. */
  fromBand: VerdictBand | null;
  toBand: VerdictBand | null;
  verdictReasons: VerdictReasonWords[];
}

export interface ChangelogEntry {
  computedAt: Date;
  scoreBefore: number | null;
  scoreAfter: number;
  rankBefore: number | null;
  rankAfter: number | null;
  changes: ChangeView[];
}

export interface PlatformHistory {
  points: Array<{ tMs: number; score: number; lowerBound: number; rank: number | null; reviewCount: number }>;
  /** Newest first; only snapshots that say why the score moved. */
  changelog: ChangelogEntry[];
}

function isChange(v: unknown): v is ScoreChange {
  return typeof v === 'object' && v !== null && (CHANGE_CODES as readonly string[]).includes((v as { code?: string }).code ?? '');
}

/** A platform's history (public): cached until the job invalidates 'platform:<id>'. */
export function loadPlatformHistory(db: Db, platformId: number, changelogLimit = 8): Promise<PlatformHistory> {
  return cachedRead(db, `ranking:history:${platformId}:${changelogLimit}`, [cacheTags.platform(platformId), cacheTags.ranking], () => queryPlatformHistory(db, platformId, changelogLimit));
}

async function queryPlatformHistory(db: Db, platformId: number, changelogLimit: number): Promise<PlatformHistory> {
  const snaps = await repo.platformHistory(db, platformId);
  const entries: ChangelogEntry[] = [];
  for (let i = snaps.length - 1; i >= 1 && entries.length < changelogLimit; i--) {
    const s = snaps[i]!;
    const list = (Array.isArray(s.changes) ? s.changes : []).filter(isChange);
    if (list.length === 0) continue;
    const prev = snaps[i - 1]!;
    entries.push({
      computedAt: s.computedAt, scoreBefore: prev.score, scoreAfter: s.score, rankBefore: prev.rank, rankAfter: s.rank,
      changes: list.map((c) => ({
        code: c.code, delta: c.delta, reviewId: c.reviewId ?? null, followUpId: c.followUpId ?? null,
        incidentCaseNo: c.incidentId !== undefined ? String(c.incidentId) : null,
        added: (c.added ?? []).filter(isReasonCode), removed: (c.removed ?? []).filter(isReasonCode),
        count: typeof c.count === 'number' ? c.count : null,
        fromBand: isVerdictBand(c.fromBand) ? c.fromBand : null,
        toBand: isVerdictBand(c.toBand) ? c.toBand : null,
        verdictReasons: (c.verdictReasons ?? []).filter(isVerdictReasonWords),
      })),
    });
  }
  const incidentIds = entries.flatMap((e) => e.changes.map((c) => c.incidentCaseNo)).filter((x): x is string => x !== null).map(Number);
  const caseNos = await repo.incidentCaseNos(db, incidentIds);
  for (const e of entries) for (const c of e.changes) if (c.incidentCaseNo !== null) c.incidentCaseNo = caseNos.get(Number(c.incidentCaseNo)) ?? null;
  return {
    points: snaps.map((s) => ({ tMs: s.computedAt.getTime(), score: s.score, lowerBound: s.lowerBound, rank: s.rank, reviewCount: s.reviewCount })),
    changelog: entries,
  };
}

export interface ReasonView {
  code: ReasonCode;
  factor: number;
  text: { 'zh-CN': string; en: string };
}

export interface WeightView {
  band: Band;
  reasons: ReasonView[];
  computedAt: Date | null;
}

/** Reasons in words (the model's own reasonText map); unknown codes are skipped. */
export function explainReasons(reasons: readonly { code: string; factor: number }[]): ReasonView[] {
  const out: ReasonView[] = [];
  for (const r of reasons) {
    if (!isReasonCode(r.code)) continue;
    out.push({ code: r.code, factor: r.factor, text: reasonText[r.code] });
  }
  return out;
}

/**
 * Weight of a review from its reasons when the stored weight is not at hand: the
 * product of the factors (the model's weight is that product, clamped to [0, 1];
 * factors it rounds away as "not worth mentioning" are ≥ its mention threshold).
 */
export function weightFromReasons(reasons: readonly { code: string; factor: number }[]): number {
  let w = 1;
  for (const r of reasons) w *= r.factor;
  return Math.min(1, Math.max(0, w));
}

export async function loadReviewWeight(db: Db, reviewId: number): Promise<WeightView | null> {
  const w = (await repo.reviewWeights(db, [reviewId])).get(reviewId);
  if (!w) return null;
  return { band: weightBand(w.weight), reasons: explainReasons(w.reasons), computedAt: w.computedAt };
}

/** Reviewer credibility bands only (never the number) for profile pages and review cards. */
export async function loadTrustBands(db: Db, accountIds: readonly number[]): Promise<Map<number, Band>> {
  return repo.trustBands(db, accountIds);
}

/** Format a factor as the site shows it: ×0.3, ×0 (does not count). */
export function formatFactor(factor: number): string {
  const v = factor >= 0.095 ? Math.round(factor * 10) / 10 : Math.round(factor * 100) / 100;
  return `×${v}`;
}

/** Format a score delta in stars with a sign: +0.12, −0.05. */
export function formatDelta(delta: number): string {
  const v = Math.abs(delta) < 0.005 ? 0 : delta;
  const s = Math.abs(v).toFixed(2);
  return v > 0 ? `+${s}` : v < 0 ? `−${s}` : '±0.00';
}

export interface TopHistory {
  platforms: Array<{ platformId: number; slug: string; nameZh: string; nameEn: string; rank: number; points: PlatformHistory['points'] }>;
}

/** The current top platforms with their score histories, for the overview chart on /ranking. */
export async function loadTopHistory(db: Db, n = 5): Promise<TopHistory> {
  const ranking = await loadRanking(db);
  const top = ranking.ranked.slice(0, n);
  const histories = await Promise.all(top.map((p) => loadPlatformHistory(db, p.platformId)));
  return {
    platforms: top.map((p, i) => ({
      platformId: p.platformId, slug: p.slug, nameZh: p.nameZh, nameEn: p.nameEn, rank: p.rank!, points: histories[i]!.points,
    })),
  };
}
