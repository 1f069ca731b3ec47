// /badge/<slug>.svg and /en/badge/<slug>.svg (or ?lang=en): the embeddable badge (issue 17, item 3).
// Cached by browsers and proxies for a few minutes (a band change shows up soon), revalidated by ETag.
import type { APIRoute } from 'astro';
import { badgeSvg } from '../../server/seo/badge.ts';
import { badgeText, loadPlatformSummary } from '../../server/seo/seo.service.ts';
import { cacheableResponse } from '../../server/seo/respond.ts';

/** Seconds a badge may be reused without asking: embedding pages get many views, bands change rarely. */
const badgeMaxAgeSeconds = 600;

export const GET: APIRoute = async ({ locals, params, url, request }) => {
  const locale = url.searchParams.get('lang') === 'en' ? 'en' : url.searchParams.get('lang') === 'zh-CN' ? 'zh-CN' : locals.locale;
  const slug = params.slug ?? '';
  const summary = /^[a-z0-9-]{1,80}$/.test(slug) ? await loadPlatformSummary(locals.rt.db, slug, locals.nowMs) : null;
  const svg = badgeSvg(badgeText(locale, summary), summary?.band ?? null);
  return cacheableResponse(request, svg, summary ? 200 : 404, {
    'Content-Type': 'image/svg+xml; charset=utf-8',
    // A 404 badge is kept briefly too: a typo'd embed should not hammer the site.
    'Cache-Control': `public, max-age=${summary ? badgeMaxAgeSeconds : 60}`,
    // Other sites show it in an <img>: allow that, but nothing in it may run or load.
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    Vary: 'Accept-Encoding',
  });
};
