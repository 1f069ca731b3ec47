// /robots.txt: names the sitemap, keeps moderation, settings and forms out (issue 17, item 4).
import type { APIRoute } from 'astro';
import { robotsTxt } from '../server/seo/sitemap.ts';
import { cacheableResponse } from '../server/seo/respond.ts';

export const GET: APIRoute = ({ locals, request }) =>
  cacheableResponse(request, robotsTxt(locals.rt.origin), 200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=86400' });
