// /og.png (and /en/og.png): the site's share image, for pages without one of their own (issue 17, item 4).
import type { APIRoute } from 'astro';
import { t } from '../i18n/index.ts';
import { sharePng } from '../server/seo/share-image.ts';
import { cacheableResponse } from '../server/seo/respond.ts';

export const GET: APIRoute = async ({ locals, request }) => {
  const { locale } = locals;
  const png = await sharePng({
    site: t(locale, 'seo.share.site'), tagline: t(locale, 'site.tagline'),
    title: t(locale, 'seo.share.siteTitle'), subtitle: t(locale, 'seo.share.siteSubtitle'), band: null, score: null,
  });
  return cacheableResponse(request, png, 200, { 'Content-Type': 'image/png', 'Cache-Control': 'public, max-age=86400', 'Cross-Origin-Resource-Policy': 'cross-origin' });
};
