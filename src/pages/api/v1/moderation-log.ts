// GET /api/v1/moderation-log: the public moderation log, newest first (what /mod/log shows).
import { apiRoute, preflight } from '../../../server/api/http.ts';
import { modLogListSchema, modLogQuerySchema } from '../../../server/api/schemas.ts';
import { moderationLog } from '../../../server/api/api.service.ts';

export const GET = apiRoute(modLogQuerySchema, modLogListSchema, async (req) => {
  const { action, platform } = req.query;
  const scope = `modlog:${action ?? ''}:${platform ?? ''}`;
  const w = req.window(scope);
  if (w instanceof Response) return w;
  return req.page(scope, w, await moderationLog(req.api, { action, platform }, w));
});
export const OPTIONS = preflight;
