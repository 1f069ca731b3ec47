import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import * as repo from './home.repository.ts';
import { cachedRead } from '../http/read-cache.ts';
import { cacheTags } from '../http/cache-tags.ts';
import { isVerdictBand, type VerdictBand } from '../verdict/verdict.ts';
import type { PlatformStatus } from '../platforms/platform.table.ts';
import type { AlertKind } from '../moderation/moderation.table.ts';

export interface HomeData {
  top: Array<{
    /** lowerBound: the verdict's (widened) lower bound, the order inside a band. */
    id: number; slug: string; nameZh: string; nameEn: string; status: PlatformStatus; score: number; lowerBound: number | null; rank: number;
    band: VerdictBand | null; reviewCount: number;
  }>;
  warnings: Array<{ id: number; kind: AlertKind; summary: string; createdAt: Date; platformId: number; slug: string; nameZh: string; nameEn: string }>;
  followUps: Array<{
    id: number; reviewId: number; rating: number; originalRating: number; excerpt: string; createdAt: Date;
    reviewCreatedAt: Date; platformId: number; slug: string; nameZh: string; nameEn: string; handle: string;
  }>;
}

/** Follow-ups on the home page ("最新追评"). */
export const homeFollowUpCount = 6;
/** Recent accounts considered: enough that a few trusted authors are among them. */
const followUpCandidates = 40;

/**
 * "最新追评": candidates come one per account, newest first; authors the model trusts (band
 * medium or high) are picked first, the rest fill the remaining places; shown newest first.
 * A flood from fresh accounts (band low or not yet scored) then cannot push out trusted voices.
 */
export function pickHomeFollowUps<T extends { trust_band: string | null; created_at: Date }>(candidates: readonly T[], count: number): T[] {
  const trusted = candidates.filter((c) => c.trust_band === 'medium' || c.trust_band === 'high');
  const others = candidates.filter((c) => !(c.trust_band === 'medium' || c.trust_band === 'high'));
  return [...trusted, ...others].slice(0, count).sort((a, b) => b.created_at.getTime() - a.created_at.getTime());
}

export function loadHome(db: Kysely<Database>): Promise<HomeData> {
  return cachedRead(db, 'home', [cacheTags.home, cacheTags.ranking, cacheTags.alerts], () => queryHome(db));
}

async function queryHome(db: Kysely<Database>): Promise<HomeData> {
  const [top, warnings, candidates] = await Promise.all([repo.topRanked(db, 10), repo.recentWarnings(db, 6), repo.recentFollowUps(db, followUpCandidates)]);
  const followUps = pickHomeFollowUps(candidates, homeFollowUpCount);
  return {
    top: top.map((r) => ({
      id: Number(r.id), slug: r.slug, nameZh: r.name_zh, nameEn: r.name_en, status: r.status, score: r.score, lowerBound: r.lower_bound,
      rank: r.rank!, band: isVerdictBand(r.band) ? r.band : null, reviewCount: r.review_count,
    })),
    warnings: warnings.map((w) => ({ id: w.id, kind: w.kind, summary: w.summary, createdAt: w.created_at, platformId: Number(w.platform_id), slug: w.slug, nameZh: w.name_zh, nameEn: w.name_en })),
    followUps: followUps.map((f) => ({
      id: f.id, reviewId: f.review_id, rating: f.rating, originalRating: f.original_rating,
      excerpt: [...f.body_source].slice(0, 90).join(''), createdAt: f.created_at, reviewCreatedAt: f.review_created_at,
      platformId: Number(f.platform_id), slug: f.slug, nameZh: f.name_zh, nameEn: f.name_en, handle: f.handle,
    })),
  };
}
