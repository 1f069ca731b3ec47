// The JSON API's HTTP edge: one wrapper per endpoint does what every endpoint needs — query
// validation, language, rate limits (per IP, or per API key when one is given), CORS for
// GET without credentials, ETag/304, JSON errors in the reader's language, and the response
// parsed through its contract schema (schemas.ts) before it leaves. Endpoints stay thin.
import type { APIContext, APIRoute } from 'astro';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { z } from 'astro/zod';
import { t, type Locale } from '../../i18n/index.ts';
import { rateLimitKey, rateLimitPolicies, type BucketPolicy, type RateLimitResult } from '../security/rate-limit.ts';
import { authenticateApiKey } from './api-key.service.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { defaultApiLimit, errorSchema } from './schemas.ts';
import { cachedRead } from '../http/read-cache.ts';
import type { CacheTag } from '../http/cache-tags.ts';
import type { ApiContext, Slice, Window } from './api.service.ts';

export type ApiErrorCode = z.infer<typeof errorSchema>['error']['code'];
const statusOf: Record<ApiErrorCode, number> = {
  bad_request: 400, bad_cursor: 400, bad_limit: 400, invalid_api_key: 401, not_found: 404, rate_limited: 429, unavailable: 503, internal: 500,
};

/** CORS for reads from any site: no credentials (cookies are ignored by the API anyway). */
const corsHeaders = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'ETag, Retry-After, RateLimit-Limit, RateLimit-Remaining',
};

export function preflight(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...corsHeaders,
      'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
      'Access-Control-Allow-Headers': 'X-Api-Key, Authorization, If-None-Match, Accept-Language',
      'Access-Control-Max-Age': '86400',
    },
  });
}

/**
 * zh-CN or en: `?lang=` first (validated by the query schema), then Accept-Language by its
 * q-values (RFC 9110 §12.5.4), then zh-CN, the site's default.
 */
export function apiLocale(lang: string | undefined, acceptLanguage: string | null): Locale {
  if (lang === 'en' || lang === 'zh-CN') return lang;
  let best: { locale: Locale; q: number } | null = null;
  for (const part of (acceptLanguage ?? '').slice(0, 512).split(',')) {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const locale: Locale | null = range === 'en' || range?.startsWith('en-') ? 'en' : range === 'zh' || range?.startsWith('zh-') ? 'zh-CN' : null;
    if (locale && (!best || q > best.q)) best = { locale, q };
  }
  return best?.locale ?? 'zh-CN';
}

function json(status: number, body: string, extra: Record<string, string>): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...corsHeaders, ...extra } });
}

export function apiError(locale: Locale, code: ApiErrorCode, extra: Record<string, string> = {}, params?: Record<string, string | number>): Response {
  const body = errorSchema.parse({ error: { code, message: t(locale, `api.error.${code}`, params) } });
  return json(statusOf[code], JSON.stringify(body), { 'Cache-Control': 'no-store', ...extra });
}

/** A key from `X-Api-Key` or `Authorization: Bearer …`; never from the URL (URLs end up in logs). */
function presentedKey(request: Request): string | null {
  const header = request.headers.get('x-api-key');
  if (header) return header.trim();
  const auth = request.headers.get('authorization');
  const m = auth ? /^Bearer\s+(\S+)$/i.exec(auth.trim()) : null;
  return m ? m[1]! : null;
}

type Limit = { ok: true; result: RateLimitResult | null; max: number } | { ok: false; response: Response };

async function rateLimit(ctx: APIContext, locale: Locale): Promise<Limit> {
  const { rt, ipKey, nowMs } = ctx.locals;
  const key = presentedKey(ctx.request);
  let bucket: string;
  let policy: BucketPolicy = rateLimitPolicies.api;
  if (key !== null) {
    const found = await authenticateApiKey(rt.db, key, nowMs);
    // A wrong key is an error, not a silent fall-back: the client should learn its key is dead.
    if (!found) return { ok: false, response: apiError(locale, 'invalid_api_key') };
    bucket = rateLimitKey('account', `apikey-${found.id}`);
    policy = rateLimitPolicies.apiKey;
  } else bucket = rateLimitKey('ip', ipKey);
  let result: RateLimitResult;
  try {
    result = await rt.rateLimits.consume(bucket, policy);
  } catch {
    // Reads fail open when the shared store is down (rate-limit.ts: the caller decides).
    return { ok: true, result: null, max: policy.max };
  }
  if (!result.allowed) {
    const seconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
    return { ok: false, response: apiError(locale, 'rate_limited', { 'Retry-After': String(seconds), 'RateLimit-Limit': String(policy.max), 'RateLimit-Remaining': '0' }, { seconds }) };
  }
  return { ok: true, result, max: policy.max };
}

/** `"<128 bits of SHA-256 of the body>"`: the same body always gets the same tag, on every server. */
export function etagOf(body: string): string {
  return `"${encodeHexLowerCase(sha256(new TextEncoder().encode(body))).slice(0, 32)}"`;
}

/** If-None-Match matches (a list, `*`, or weak tags, compared weakly as RFC 9110 §13.1.2 says for GET). */
export function notModified(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** A refusal decided by a handler (bad cursor, unknown slug): turned into a JSON error, never cached. */
export class ApiRefusal {
  readonly code: ApiErrorCode;
  constructor(code: ApiErrorCode) {
    this.code = code;
  }
}

export interface ApiRequest<Q> {
  ctx: APIContext;
  query: Q;
  api: ApiContext;
  /** Window from ?cursor and ?limit, for endpoints that page; `scope` names the list and its filters. */
  window(scope: string): Window | ApiRefusal;
  /** The page object for a slice: { data, nextCursor }. */
  page<T>(scope: string, w: Window, slice: Slice<T>): { data: T[]; nextCursor: string | null };
  notFound(): ApiRefusal;
}

/** A body and the invalidation tags of what it was made from (http/invalidation.ts). */
export interface ApiAnswer<B> { body: B; tags: readonly CacheTag[] }

interface Prepared { text: string; etag: string }

/** Longest request target whose answer is cached (anything longer is computed every time). */
const maxCachedUrl = 512;

/**
 * One GET endpoint. `run` returns the body (validated against `response`) with its tags, or a
 * refusal. A body is serialised once and kept in the read cache (http/read-cache.ts) under the
 * request's path, query and language until a write invalidates one of its tags (or 30 s pass):
 * API answers are not page-cached (each request is rate-limited first), so this is what keeps
 * them cheap. Its ETag answers a matching If-None-Match with 304.
 */
export function apiRoute<Q extends z.ZodType, R extends z.ZodType>(
  querySchema: Q, response: R,
  run: (req: ApiRequest<z.output<Q>>) => Promise<ApiAnswer<z.input<R>> | ApiRefusal>,
  opts: { maxAgeSeconds?: number } = {},
): APIRoute {
  return async (ctx) => {
    const raw = Object.fromEntries([...ctx.url.searchParams.keys()].map((k) => [k, ctx.url.searchParams.get(k)]));
    const locale = apiLocale(typeof raw.lang === 'string' ? raw.lang : undefined, ctx.request.headers.get('accept-language'));
    const limit = await rateLimit(ctx, locale);
    if (!limit.ok) return limit.response;
    const parsed = querySchema.safeParse(raw);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path[0];
      return field === 'limit' ? apiError(locale, 'bad_limit', {}, { max: 50 }) : apiError(locale, 'bad_request', {}, { field: String(field ?? '?') });
    }
    const query = parsed.data as z.output<Q> & { limit?: number; cursor?: string };
    const { rt, nowMs } = ctx.locals;
    const secret = rt.config.appSecret;
    const req: ApiRequest<z.output<Q>> = {
      ctx, query,
      api: { db: rt.db, origin: rt.origin, locale, nowMs },
      window(scope) {
        const l = query.limit ?? defaultApiLimit;
        if (query.cursor === undefined) return { offset: 0, limit: l };
        const offset = decodeCursor(secret, scope, query.cursor);
        return offset === null ? new ApiRefusal('bad_cursor') : { offset, limit: l };
      },
      page(scope, w, slice) {
        return { data: slice.items, nextCursor: slice.hasMore ? encodeCursor(secret, scope, w.offset + w.limit) : null };
      },
      notFound: () => new ApiRefusal('not_found'),
    };
    const prepare = async (): Promise<Prepared & { tags: readonly CacheTag[] }> => {
      const out = await run(req);
      // Thrown, not returned: the read cache keeps no failed load.
      if (out instanceof ApiRefusal) throw out;
      const text = JSON.stringify(response.parse(out.body));
      return { text, etag: etagOf(text), tags: out.tags };
    };
    // The key is the path and the *parsed* query: unknown parameters (dropped by the schema) and
    // their order cannot mint new cache entries and push others out.
    const normalised = Object.entries(query as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    const target = `${ctx.url.pathname}?${JSON.stringify(normalised)}`;
    let prepared: Prepared;
    try {
      prepared = target.length <= maxCachedUrl
        ? await cachedRead(rt.db, `api:${locale}:${target}`, (v) => v.tags, prepare)
        : await prepare();
    } catch (e) {
      if (e instanceof ApiRefusal) return apiError(locale, e.code);
      throw e;
    }
    const headers: Record<string, string> = {
      ETag: prepared.etag,
      // Shared caches may keep a copy briefly; the words depend on the language asked for.
      'Cache-Control': `public, max-age=${opts.maxAgeSeconds ?? 60}`,
      Vary: 'Accept-Language',
      'RateLimit-Limit': String(limit.max),
      ...(limit.result ? { 'RateLimit-Remaining': String(limit.result.remaining) } : {}),
    };
    if (notModified(ctx.request.headers.get('if-none-match'), prepared.etag)) return new Response(null, { status: 304, headers: { ...corsHeaders, ...headers } });
    return json(200, ctx.request.method === 'HEAD' ? '' : prepared.text, headers);
  };
}
