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

export function loadHome(db: Kysely<Database>): Promise<HomeData> {
  return cachedRead(db, 'home', ['home', 'ranking', 'alerts'], () => queryHome(db));
}

async function queryHome(db: Kysely<Database>): Promise<HomeData> {
  const [top, warnings, followUps] = await Promise.all([repo.topRanked(db, 10), repo.recentWarnings(db, 6), repo.recentFollowUps(db, 6)]);
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
