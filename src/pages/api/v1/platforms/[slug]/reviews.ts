// GET /api/v1/platforms/<slug>/reviews: published reviews with weights and reasons in words.
import { ApiRefusal, apiRoute, preflight } from '../../../../../server/api/http.ts';
import { reviewListQuerySchema, reviewListSchema } from '../../../../../server/api/schemas.ts';
import { findPublicPlatform, platformReviews } from '../../../../../server/api/api.service.ts';
import { cacheTags } from '../../../../../server/http/cache-tags.ts';

export const GET = apiRoute(reviewListQuerySchema, reviewListSchema, async (req) => {
  const page = await findPublicPlatform(req.api, req.ctx.params.slug ?? '');
  if (!page) return req.notFound();
  const { sort, rating, verified } = req.query;
  const scope = `reviews:${page.platform.id}:${sort ?? 'newest'}:${rating ?? ''}:${verified ?? ''}`;
  const w = req.window(scope);
  if (w instanceof ApiRefusal) return w;
  const slice = await platformReviews(req.api, page.platform.id, { sort, rating: rating ? Number(rating) : null, verified: verified === '1' }, w);
  return { body: req.page(scope, w, slice), tags: [cacheTags.platform(page.platform.id)] };
});
export const OPTIONS = preflight;
