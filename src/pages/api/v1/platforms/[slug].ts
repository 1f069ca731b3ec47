// GET /api/v1/platforms/<slug>: one platform with its verdict, history and changelog.
import { apiRoute, preflight } from '../../../../server/api/http.ts';
import { langQuerySchema, platformResponseSchema } from '../../../../server/api/schemas.ts';
import { platformDetail } from '../../../../server/api/api.service.ts';
import { cacheTags } from '../../../../server/http/cache-tags.ts';

export const GET = apiRoute(langQuerySchema, platformResponseSchema, async (req) => {
  const found = await platformDetail(req.api, req.ctx.params.slug ?? '');
  return found ? { body: { data: found.data }, tags: [cacheTags.platform(found.platformId), cacheTags.ranking, cacheTags.alerts] } : req.notFound();
});
export const OPTIONS = preflight;
