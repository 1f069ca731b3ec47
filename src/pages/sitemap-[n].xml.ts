// /sitemap-<n>.xml: one file of a sitemap index (only when the site has more than 50 000 URLs).
import type { APIRoute } from 'astro';
import { loadSitemapPages } from '../server/seo/seo.service.ts';
import { sitemapFileCount, sitemapHeaders, sitemapSlice, urlset } from '../server/seo/sitemap.ts';
import { cacheableResponse } from '../server/seo/respond.ts';

export const GET: APIRoute = async ({ locals, params, request }) => {
  const n = /^[1-9]\d{0,4}$/.test(params.n ?? '') ? Number(params.n) : 0;
  const pages = await loadSitemapPages(locals.rt.db);
  const files = sitemapFileCount(pages.length);
  if (files === 1 || n < 1 || n > files) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  return cacheableResponse(request, urlset(locals.rt.origin, sitemapSlice(pages, n)), 200, sitemapHeaders);
};
