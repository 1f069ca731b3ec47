// /platforms/<slug>/feed.xml: one platform's news as Atom (issue 17, item 2).
import type { APIRoute } from 'astro';
import { t, localePath } from '../../../i18n/index.ts';
import { cachePublicPage } from '../../../server/http/request.ts';
import { cacheTags } from '../../../server/http/cache-tags.ts';
import { platformFeed } from '../../../server/feeds/feed.service.ts';
import { buildAtom, feedContentType } from '../../../server/feeds/atom.ts';

export const GET: APIRoute = async (ctx) => {
  const { locale, rt, nowMs } = ctx.locals;
  const slug = ctx.params.slug ?? '';
  const feed = await platformFeed(rt.db, slug, locale, nowMs);
  if (!feed) return ctx.rewrite('/404');
  const p = feed.page.platform;
  const xml = buildAtom({
    origin: rt.origin, locale, id: `tag:kaopu,2026:platform-feed:${p.id}:${locale}`,
    title: t(locale, 'feed.platform.title', { name: feed.name }), subtitle: t(locale, 'feed.platform.subtitle', { name: feed.name }),
    pagePath: localePath(locale, `/platforms/${p.slug}`), selfPath: localePath(locale, `/platforms/${p.slug}/feed.xml`),
  }, feed.entries);
  const response = new Response(xml, { headers: { 'Content-Type': feedContentType } });
  // Same tags as the platform page: a review, follow-up, case or recompute drops it; 'alerts': status changes.
  cachePublicPage({ response }, [cacheTags.platform(p.id), cacheTags.ranking, cacheTags.alerts]);
  return response;
};
