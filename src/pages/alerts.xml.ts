// /alerts.xml: confirmed 跑路, open 预警 and removed review rings, site-wide, as Atom (issue 17, item 2).
import type { APIRoute } from 'astro';
import { t, localePath } from '../i18n/index.ts';
import { cachePublicPage } from '../server/http/request.ts';
import { cacheTags } from '../server/http/cache-tags.ts';
import { alertEntries } from '../server/feeds/feed.service.ts';
import { buildAtom, feedContentType } from '../server/feeds/atom.ts';

export const GET: APIRoute = async ({ locals }) => {
  const { locale, rt } = locals;
  const xml = buildAtom({
    origin: rt.origin, locale, id: `tag:kaopu,2026:alerts:${locale}`,
    title: t(locale, 'feed.alerts.title'), subtitle: t(locale, 'feed.alerts.subtitle'),
    pagePath: localePath(locale, '/'), selfPath: localePath(locale, '/alerts.xml'),
  }, await alertEntries(rt.db, locale));
  const response = new Response(xml, { headers: { 'Content-Type': feedContentType } });
  cachePublicPage({ response }, [cacheTags.alerts, cacheTags.ranking, cacheTags.modlog, cacheTags.home]);
  return response;
};
