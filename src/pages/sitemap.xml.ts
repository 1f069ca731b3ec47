// /sitemap.xml: every public page in both languages (issue 17, item 4); past 50 000 URLs a sitemap
// index naming /sitemap-<n>.xml. Absolute URLs from the configured origin only.
import type { APIRoute } from 'astro';
import { loadSitemapPages } from '../server/seo/seo.service.ts';
import { newest, sitemapFileCount, sitemapHeaders, sitemapIndex, sitemapSlice, urlset } from '../server/seo/sitemap.ts';
import { cacheableResponse } from '../server/seo/respond.ts';

export const GET: APIRoute = async ({ locals, request }) => {
  const pages = await loadSitemapPages(locals.rt.db);
  const files = sitemapFileCount(pages.length);
  const xml = files === 1
    ? urlset(locals.rt.origin, pages)
    : sitemapIndex(locals.rt.origin, Array.from({ length: files }, (_, i) => ({ n: i + 1, lastmod: newest(sitemapSlice(pages, i + 1)) })));
  return cacheableResponse(request, xml, 200, sitemapHeaders);
};
