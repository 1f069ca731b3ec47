// GET /api/v1/openapi.json: the API's OpenAPI 3.1 document, generated from its zod schemas.
import { z } from 'astro/zod';
import { apiRoute, preflight } from '../../../server/api/http.ts';
import { langQuerySchema } from '../../../server/api/schemas.ts';
import { openApiDocument } from '../../../server/api/openapi.ts';

export const GET = apiRoute(langQuerySchema, z.record(z.string(), z.unknown()), async (req) => ({ body: openApiDocument(req.api.origin), tags: [] }), { maxAgeSeconds: 3600 });
export const OPTIONS = preflight;
