// What the badge, the share image, the sitemap and the structured data read (issue 17, items 3–4):
// the same numbers the platform page shows (getPlatformPage, the verdict's band), through the
// shared read cache so a badge embedded on a busy page does not re-query per view.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { cachedRead } from '../http/read-cache.ts';
import { cacheTags } from '../http/cache-tags.ts';
import { getPlatformPage } from '../platforms/platform.service.ts';
import { loadBands } from '../verdict/verdict.service.ts';
import type { VerdictBand } from '../verdict/verdict.ts';
import type { PlatformStatus } from '../platforms/platform.table.ts';
import { t, type Locale } from '../../i18n/index.ts';
import * as repo from './seo.repository.ts';
import type { BadgeText } from './badge.ts';
import type { SitemapPage } from './sitemap.ts';

export interface PlatformSummary {
  platformId: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  /** A confirmed 跑路 shows as the band even before the next ranking run (as VerdictBadge does). */
  band: VerdictBand | null;
  status: PlatformStatus;
  /** Overall score on 1–5 as the platform page shows it, or null. */
  score: number | null;
  reviewCount: number;
  verifiedReviews: number;
}

/** An approved platform's public summary, or null (unknown, pending or rejected slugs are all "not found"). */
export async function loadPlatformSummary(db: Kysely<Database>, slug: string, nowMs: number): Promise<PlatformSummary | null> {
  const page = await getPlatformPage(db, slug, null, nowMs);
  if (!page || page.platform.approval !== 'approved') return null;
  const p = page.platform;
  return cachedRead(db, `seo:summary:${p.id}`, [cacheTags.platform(p.id), cacheTags.ranking, cacheTags.verdict], async () => {
    const [bands, verifiedReviews] = await Promise.all([loadBands(db), repo.verifiedReviewCount(db, p.id)]);
    const band = p.status === 'exit_scam' ? 'exit_scam' : (bands.byId.get(p.id)?.band ?? null);
    return {
      platformId: p.id, slug: p.slug, nameZh: p.nameZh, nameEn: p.nameEn, band, status: p.status,
      score: page.score.overall, reviewCount: page.score.reviewCount, verifiedReviews,
    };
  });
}

/** The badge's words in one language. */
export function badgeText(locale: Locale, s: PlatformSummary | null): BadgeText {
  const label = t(locale, 'seo.badge.label');
  if (!s) return { label, band: t(locale, 'seo.badge.notFound'), detail: '', title: `${label}: ${t(locale, 'seo.badge.notFound')}`, lang: locale };
  const band = t(locale, `verdict.band.${s.band ?? 'insufficient'}`);
  const parts: string[] = [];
  if (s.score !== null) parts.push(t(locale, 'seo.badge.score', { score: s.score.toFixed(1) }));
  parts.push(t(locale, 'seo.badge.verified', { n: s.verifiedReviews }));
  if (s.status !== 'active' && s.status !== 'exit_scam') parts.push(t(locale, `platforms.status.${s.status}`));
  const detail = parts.join(' · ');
  const name = locale === 'en' ? s.nameEn : s.nameZh;
  return { label, band, detail, title: t(locale, 'seo.badge.title', { name, band, detail }), lang: locale };
}

/** Pages with no record behind them that belong in the sitemap (reading pages only: no forms). */
export const staticPublicPaths: readonly string[] = ['/', '/platforms', '/ranking', '/about/ranking', '/about/flags', '/mod/log'];

/** Every public page for the sitemap (cached briefly: new reviews show up within the read cache's TTL). */
export function loadSitemapPages(db: Kysely<Database>): Promise<SitemapPage[]> {
  return cachedRead(db, 'seo:sitemap', [cacheTags.directory, cacheTags.ranking], async () => {
    const { platforms, reviews, incidents } = await repo.publicPages(db);
    const newestContent = [...platforms, ...reviews].reduce<Date | null>((a, p) => (p.lastmod && (!a || p.lastmod > a) ? p.lastmod : a), null);
    return [...staticPublicPaths.map((path) => ({ path, lastmod: path === '/' || path === '/platforms' || path === '/ranking' ? newestContent : null })), ...platforms, ...reviews, ...incidents];
  });
}

export { recentReviews } from './seo.repository.ts';
