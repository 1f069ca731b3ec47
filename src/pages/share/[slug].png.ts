// /share/<slug>.png: a platform's share image for OpenGraph and Twitter cards (issue 17, item 4).
// The site's own image (every other page) is /og.png.
import type { APIRoute } from 'astro';
import { t } from '../../i18n/index.ts';
import { loadPlatformSummary } from '../../server/seo/seo.service.ts';
import { sharePng } from '../../server/seo/share-image.ts';
import { cacheableResponse } from '../../server/seo/respond.ts';

export const GET: APIRoute = async ({ locals, params, request }) => {
  const { locale, rt, nowMs } = locals;
  const slug = params.slug ?? '';
  const site = t(locale, 'seo.share.site');
  const tagline = t(locale, 'site.tagline');
  const headers = { 'Content-Type': 'image/png', 'Cache-Control': 'public, max-age=3600', 'Cross-Origin-Resource-Policy': 'cross-origin' };
  const s = /^[a-z0-9-]{1,80}$/.test(slug) ? await loadPlatformSummary(rt.db, slug, nowMs) : null;
  if (!s) return new Response(null, { status: 404, headers: { 'Cache-Control': 'public, max-age=60' } });
  const band = s.band ?? 'insufficient';
  const png = await sharePng({
    site, tagline,
    title: locale === 'en' ? s.nameEn : s.nameZh,
    subtitle: locale === 'en' ? s.nameZh : s.nameEn,
    band: { words: t(locale, `verdict.band.${band}`), band },
    score: s.score === null ? null : t(locale, 'seo.share.score', { score: s.score.toFixed(1), n: s.reviewCount }),
  });
  return cacheableResponse(request, png, 200, headers);
};
