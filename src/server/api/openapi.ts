// /api/v1/openapi.json, generated from the zod schemas the handlers parse their answers with
// (schemas.ts): the document cannot drift from what the endpoints send. zod 4's toJSONSchema
// writes JSON Schema draft 2020-12, the dialect OpenAPI 3.1 uses for its Schema Objects.
import { z } from 'astro/zod';
import {
  errorSchema, incidentListSchema, langQuerySchema, modLogListSchema, modLogQuerySchema, pageQuerySchema,
  platformListQuerySchema, platformListSchema, platformResponseSchema, reviewListQuerySchema, reviewListSchema,
} from './schemas.ts';

type Json = Record<string, unknown>;

function schemaOf(s: z.ZodType, io: 'input' | 'output'): Json {
  const out = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  delete out.$schema; // the document's jsonSchemaDialect says it once
  return out;
}

function queryParameters(s: z.ZodObject): Json[] {
  const js = schemaOf(s, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, schema]) => {
    const { description, ...rest } = schema as Json & { description?: string };
    return { name, in: 'query', required: js.required?.includes(name) ?? false, ...(description ? { description } : {}), schema: rest };
  });
}

const slugParameter = { name: 'slug', in: 'path', required: true, description: 'The platform\'s slug, as in its page URL.', schema: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' } };

function jsonContent(schemaName: string): Json {
  return { 'application/json': { schema: { $ref: `#/components/schemas/${schemaName}` } } };
}

const errorResponses = {
  400: { description: 'Bad query: unknown value, bad limit or cursor.', content: jsonContent('Error') },
  401: { description: 'An API key was given but is unknown or revoked.', content: jsonContent('Error') },
  429: { description: 'Rate limit reached; see Retry-After.', headers: { 'Retry-After': { schema: { type: 'integer' } } }, content: jsonContent('Error') },
};

function get(summary: string, params: Json[], okSchema: string, notFound: boolean): Json {
  return {
    get: {
      summary,
      parameters: params,
      responses: {
        200: {
          description: 'OK',
          headers: { ETag: { schema: { type: 'string' } }, 'RateLimit-Remaining': { schema: { type: 'integer' } } },
          content: jsonContent(okSchema),
        },
        304: { description: 'Not modified (If-None-Match matched the ETag).' },
        ...errorResponses,
        ...(notFound ? { 404: { description: 'No public platform with this slug.', content: jsonContent('Error') } } : {}),
      },
    },
  };
}

const built = new Map<string, Json>();

/** The whole document; `origin` from configuration (origin.ts), never from the request. Built once per origin. */
export function openApiDocument(origin: string): Json {
  let doc = built.get(origin);
  if (!doc) built.set(origin, (doc = buildDocument(origin)));
  return doc;
}

function buildDocument(origin: string): Json {
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Kaopu open data API',
      version: '1.0.0',
      description: 'Read-only public data of Kaopu (靠谱): platforms with their verdict bands and scores, '
        + 'history, reviews with their weights, incident cases and the moderation log. CORS is open for GET '
        + '(no credentials). Without a key: 60 requests then 1 per second per network; with an API key '
        + '(create one in your settings; send it as X-Api-Key) ten times that.',
    },
    servers: [{ url: origin }],
    security: [{}, { apiKey: [] }],
    paths: {
      '/api/v1/platforms': get('Platforms (approved), in the directory\'s order', queryParameters(platformListQuerySchema), 'PlatformPage', false),
      '/api/v1/platforms/{slug}': get('One platform with its verdict, history and changelog', [slugParameter, ...queryParameters(langQuerySchema)], 'PlatformResponse', true),
      '/api/v1/platforms/{slug}/reviews': get('A platform\'s published reviews with their weights and reasons', [slugParameter, ...queryParameters(reviewListQuerySchema)], 'ReviewPage', true),
      '/api/v1/platforms/{slug}/incidents': get('A platform\'s incident cases (rejected reports left out)', [slugParameter, ...queryParameters(pageQuerySchema)], 'IncidentPage', true),
      '/api/v1/moderation-log': get('The public moderation log, newest first', queryParameters(modLogQuerySchema), 'ModerationLogPage', false),
      '/api/v1/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } } } },
    },
    components: {
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } },
      schemas: {
        Error: schemaOf(errorSchema, 'output'),
        PlatformPage: schemaOf(platformListSchema, 'output'),
        PlatformResponse: schemaOf(platformResponseSchema, 'output'),
        ReviewPage: schemaOf(reviewListSchema, 'output'),
        IncidentPage: schemaOf(incidentListSchema, 'output'),
        ModerationLogPage: schemaOf(modLogListSchema, 'output'),
      },
    },
  };
}
