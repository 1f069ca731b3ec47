import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import * as repo from './home.repository.ts';
import { cachedRead } from '../http/read-cache.ts';

export interface HomeData {
  top: Array<{ slug: string; nameZh: string; nameEn: string; score: number; rank: number; reviewCount: number }>;
  warnings: Array<{ id: number; kind: string; summary: string; createdAt: Date; slug: string; nameZh: string; nameEn: string }>;
  followUps: Array<{
    id: number; reviewId: number; rating: number; originalRating: number; excerpt: string; createdAt: Date;
    reviewCreatedAt: Date; slug: string; nameZh: string; nameEn: string; handle: string;
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
  return cachedRead(db, 'home', ['home', 'ranking', 'alerts'], () => queryHome(db));
}

async function queryHome(db: Kysely<Database>): Promise<HomeData> {
  const [top, warnings, candidates] = await Promise.all([repo.topRanked(db, 10), repo.recentWarnings(db, 6), repo.recentFollowUps(db, followUpCandidates)]);
  const followUps = pickHomeFollowUps(candidates, homeFollowUpCount);
  return {
    top: top.map((r) => ({ slug: r.slug, nameZh: r.name_zh, nameEn: r.name_en, score: r.score, rank: r.rank!, reviewCount: r.review_count })),
    warnings: warnings.map((w) => ({ id: w.id, kind: w.kind, summary: w.summary, createdAt: w.created_at, slug: w.slug, nameZh: w.name_zh, nameEn: w.name_en })),
    followUps: followUps.map((f) => ({
      id: f.id, reviewId: f.review_id, rating: f.rating, originalRating: f.original_rating,
      excerpt: [...f.body_source].slice(0, 90).join(''), createdAt: f.created_at, reviewCreatedAt: f.review_created_at,
      slug: f.slug, nameZh: f.name_zh, nameEn: f.name_en, handle: f.handle,
    })),
  };
}
