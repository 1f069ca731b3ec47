// GET /api/v1/platforms/<slug>/incidents: the platform's incident cases, newest first.
import { ApiRefusal, apiRoute, preflight } from '../../../../../server/api/http.ts';
import { incidentListSchema, pageQuerySchema } from '../../../../../server/api/schemas.ts';
import { findPublicPlatform, platformIncidents } from '../../../../../server/api/api.service.ts';
import { cacheTags } from '../../../../../server/http/cache-tags.ts';

export const GET = apiRoute(pageQuerySchema, incidentListSchema, async (req) => {
  const page = await findPublicPlatform(req.api, req.ctx.params.slug ?? '');
  if (!page) return req.notFound();
  const scope = `incidents:${page.platform.id}`;
  const w = req.window(scope);
  if (w instanceof ApiRefusal) return w;
  return { body: req.page(scope, w, await platformIncidents(req.api, page.platform.id, w)), tags: [cacheTags.platform(page.platform.id)] };
});
export const OPTIONS = preflight;
