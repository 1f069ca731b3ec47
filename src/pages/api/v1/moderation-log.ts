// GET /api/v1/moderation-log: the public moderation log, newest first (what /mod/log shows).
import { ApiRefusal, apiRoute, preflight } from '../../../server/api/http.ts';
import { modLogListSchema, modLogQuerySchema } from '../../../server/api/schemas.ts';
import { moderationLog } from '../../../server/api/api.service.ts';
import { cacheTags } from '../../../server/http/cache-tags.ts';

export const GET = apiRoute(modLogQuerySchema, modLogListSchema, async (req) => {
  const { action, platform } = req.query;
  const scope = `modlog:${action ?? ''}:${platform ?? ''}`;
  const w = req.window(scope);
  if (w instanceof ApiRefusal) return w;
  return { body: req.page(scope, w, await moderationLog(req.api, { action, platform }, w)), tags: [cacheTags.modlog] };
});
export const OPTIONS = preflight;
