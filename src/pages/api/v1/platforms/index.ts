// GET /api/v1/platforms: the directory as JSON (issue 17, item 1).
import { ApiRefusal, apiRoute, preflight } from '../../../../server/api/http.ts';
import { platformListQuerySchema, platformListSchema } from '../../../../server/api/schemas.ts';
import { listPlatforms } from '../../../../server/api/api.service.ts';
import { cacheTags } from '../../../../server/http/cache-tags.ts';

export const GET = apiRoute(platformListQuerySchema, platformListSchema, async (req) => {
  const { category, status, sort } = req.query;
  const scope = `platforms:${category ?? ''}:${status ?? ''}:${sort ?? 'rank'}`;
  const w = req.window(scope);
  if (w instanceof ApiRefusal) return w;
  return { body: req.page(scope, w, await listPlatforms(req.api, { category, status, sort }, w)), tags: [cacheTags.directory, cacheTags.ranking, cacheTags.alerts] };
});
export const OPTIONS = preflight;
