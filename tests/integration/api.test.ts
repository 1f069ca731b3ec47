// The JSON API (issue 17, item 1) against the real migrations: the endpoints' handlers called as
// Astro calls them, on data written through the services. Every answer is checked against the
// OpenAPI document the API serves; the document itself is validated as OpenAPI 3.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIContext } from 'astro';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createTestDb, type TestDb } from '../helpers/db.ts';
import { makeAccount } from '../helpers/accounts.ts';
import { baseReview, failure, makePlatform } from './review-helpers.ts';
import { contractChecker } from '../helpers/openapi-check.ts';
import { addFollowUp, createReview } from '../../src/server/reviews/review.service.ts';
import { fileIncident } from '../../src/server/incidents/incident.service.ts';
import { removePost } from '../../src/server/moderation/moderation.service.ts';
import { runRecompute } from '../../src/server/ranking/recompute.ts';
import { MemoryRateLimitStore } from '../../src/server/security/rate-limit.ts';
import { createApiKey, hashApiKey, listApiKeys, revokeApiKey, maxLiveKeysPerAccount } from '../../src/server/api/api-key.service.ts';
import { encodeCursor } from '../../src/server/api/cursor.ts';
import { GET as platformsGET, OPTIONS as platformsOPTIONS } from '../../src/pages/api/v1/platforms/index.ts';
import { GET as platformGET } from '../../src/pages/api/v1/platforms/[slug].ts';
import { GET as reviewsGET } from '../../src/pages/api/v1/platforms/[slug]/reviews.ts';
import { GET as incidentsGET } from '../../src/pages/api/v1/platforms/[slug]/incidents.ts';
import { GET as modLogGET } from '../../src/pages/api/v1/moderation-log.ts';
import { GET as openapiGET } from '../../src/pages/api/v1/openapi.json.ts';
import type { Account } from '../../src/server/accounts/account.repository.ts';

const origin = 'https://kaopu.example';
const appSecret = 'api-test-secret-api-test-secret-0123456789';
const nowMs = Date.now();
let t: TestDb;
let rateLimits: MemoryRateLimitStore;
/** The buckets' clock: frozen unless a test moves it, so refills are deterministic. */
let clockMs = nowMs;
let slugA = '';
let slugB = '';
let removedReviewId = 0;
let caseNo = '';
let reviewer: Account;
let check: ReturnType<typeof contractChecker>;
let ipCounter = 0;
const noUploads = { config: { uploadDir: '/nonexistent' } };

type Route = (ctx: APIContext) => Promise<Response> | Response;

/** Calls an endpoint as Astro would, from its own network (ipKey) unless one is given. */
async function call(route: Route, path: string, opts: { params?: Record<string, string>; headers?: Record<string, string>; ipKey?: string } = {}) {
  const url = new URL(path, 'http://127.0.0.1:4560');
  const ctx = {
    url, request: new Request(url, { headers: opts.headers ?? {} }), params: opts.params ?? {},
    locals: { rt: { db: t.db, origin, config: { appSecret }, rateLimits }, ipKey: opts.ipKey ?? `net-${++ipCounter}`, nowMs, locale: 'zh-CN' },
  } as unknown as APIContext;
  const res = await route(ctx);
  const text = await res.text();
  return { res, text, body: text ? (JSON.parse(text) as any) : null };
}

beforeAll(async () => {
  t = await createTestDb();
  rateLimits = new MemoryRateLimitStore({ now: () => clockMs });
  const a = await makePlatform(t.db);
  const b = await makePlatform(t.db);
  await makePlatform(t.db, 'pending');
  const slugs = await t.db.selectFrom('platform').select(['id', 'slug']).where('id', 'in', [a, b]).execute();
  slugA = slugs.find((s) => s.id === a)!.slug;
  slugB = slugs.find((s) => s.id === b)!.slug;
  // 25 reviews on A, a day apart (newest last), one of them followed up, one removed later.
  const ids: number[] = [];
  for (let i = 0; i < 25; i++) {
    const acc = await makeAccount(t.db, { ageDays: 400 });
    if (i === 0) reviewer = acc;
    const r = await createReview(t.db, acc.id, baseReview(a, { rating: 1 + (i % 5), body: `第 ${i} 条评价：充值很快，五分钟到账，客服态度也不错。` }), nowMs - (30 - i) * 86_400_000);
    ids.push(r.id);
  }
  await addFollowUp(t.db, reviewer.id, { reviewId: ids[0]!, rating: 2, outcome: 'refund_refused', body: '两个月后卡密失效，申请退款被拒绝了，客服不再回复。' }, nowMs - 86_400_000);
  await createReview(t.db, (await makeAccount(t.db)).id, baseReview(b), nowMs - 86_400_000);
  const filer = await makeAccount(t.db, { ageDays: 500 });
  caseNo = (await fileIncident(t.db, noUploads, filer.id, {
    platformId: a, kind: 'refund_refused', occurredOn: new Date(nowMs - 5 * 86_400_000).toISOString().slice(0, 10),
    body: '充值三百元后卡密全部无效，平台拒绝退款并拉黑了我的账号。', amountYuan: '300',
  }, nowMs - 4 * 86_400_000)).caseNo;
  const mod = await makeAccount(t.db, { role: 'moderator' });
  removedReviewId = ids[5]!;
  await t.db.updateTable('review').set({ body_html: '<p>SECRET-REMOVED-TEXT 广告</p>', body_source: 'SECRET-REMOVED-TEXT 广告' }).where('id', '=', removedReviewId).execute();
  await removePost(t.db, { id: mod.id, handle: mod.handle, role: 'moderator', status: 'active', totpVerified: true }, { kind: 'review', id: removedReviewId, reason: 'spam', note: '广告，已移除' }, nowMs);
  await runRecompute(t.db, nowMs);
  const doc = await call(openapiGET, '/api/v1/openapi.json');
  check = contractChecker(doc.body);
});

afterAll(async () => {
  await t?.destroy();
});

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1 and uses the configured origin', async () => {
    const { res, body } = await call(openapiGET, '/api/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(body.servers).toEqual([{ url: origin }]);
    // The query parameters come from the handlers' own schemas.
    const names = body.paths['/api/v1/platforms/{slug}/reviews'].get.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['slug', 'limit', 'cursor', 'lang', 'sort', 'rating', 'verified']));
  });
});

describe('platforms', () => {
  it('lists approved platforms only, with band, dimension scores, status and counts', async () => {
    const { res, body } = await call(platformsGET, '/api/v1/platforms?limit=50');
    expect(res.status).toBe(200);
    check('/api/v1/platforms', 200, body);
    const slugs = body.data.map((p: { slug: string }) => p.slug);
    expect(slugs).toContain(slugA);
    expect(slugs).toContain(slugB);
    expect(slugs).toHaveLength(2); // the pending one is not public
    const a = body.data.find((p: { slug: string }) => p.slug === slugA);
    expect(a.counts.reviews).toBe(24); // 25 written, one removed
    expect(a.url).toBe(`${origin}/platforms/${slugA}`);
    expect(Object.keys(a.dimensions)).toEqual(['qualification', 'service', 'risk', 'reputation']);
    expect(a.statusText).toBe('正常运营');
    expect(body.nextCursor).toBeNull();
  });

  it('pages with cursors: every platform once, in order', async () => {
    const first = await call(platformsGET, '/api/v1/platforms?limit=1');
    check('/api/v1/platforms', 200, first.body);
    expect(first.body.data).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call(platformsGET, `/api/v1/platforms?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.data).toHaveLength(1);
    expect(second.body.data[0].slug).not.toBe(first.body.data[0].slug);
    expect(second.body.nextCursor).toBeNull();
  });

  it('one platform: verdict, history and incident summary; words in the language asked for', async () => {
    const zh = await call(platformGET, `/api/v1/platforms/${slugA}`, { params: { slug: slugA } });
    expect(zh.res.status).toBe(200);
    check('/api/v1/platforms/{slug}', 200, zh.body);
    expect(zh.body.data.history.points.length).toBeGreaterThanOrEqual(1);
    expect(zh.body.data.verdict).not.toBeNull();
    expect(zh.body.data.feedUrl).toBe(`${origin}/platforms/${slugA}/feed.xml`);
    expect(zh.body.data.incidentSummary.open).toBe(1);
    const en = await call(platformGET, `/api/v1/platforms/${slugA}?lang=en`, { params: { slug: slugA } });
    check('/api/v1/platforms/{slug}', 200, en.body);
    expect(en.body.data.statusText).toBe('Active');
    expect(en.body.data.url).toBe(`${origin}/en/platforms/${slugA}`);
    const byHeader = await call(platformGET, `/api/v1/platforms/${slugA}`, { params: { slug: slugA }, headers: { 'Accept-Language': 'fr;q=1, en-GB;q=0.8, zh;q=0.5' } });
    expect(byHeader.body.data.statusText).toBe('Active');
    expect(byHeader.res.headers.get('vary')).toContain('Accept-Language');
  });

  it('unknown, pending or malformed slugs: 404 JSON', async () => {
    const pendingSlug = (await t.db.selectFrom('platform').select('slug').where('approval', '=', 'pending').executeTakeFirstOrThrow()).slug;
    for (const slug of ['no-such-platform', pendingSlug, '../etc', 'x'.repeat(200)]) {
      const { res, body } = await call(platformGET, `/api/v1/platforms/${encodeURIComponent(slug)}`, { params: { slug } });
      expect(res.status, slug).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      check('/api/v1/platforms/{slug}', 404, body);
      expect(body.error.code).toBe('not_found');
    }
    const reviews = await call(reviewsGET, '/api/v1/platforms/nope/reviews', { params: { slug: 'nope' } });
    expect(reviews.res.status).toBe(404);
    check('/api/v1/platforms/{slug}/reviews', 404, reviews.body);
  });
});

describe('reviews', () => {
  it('pages through every published review once with weights and reasons in words; nothing private', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const { res, body, text } = await call(reviewsGET, `/api/v1/platforms/${slugA}/reviews?limit=7${q}`, { params: { slug: slugA } });
      expect(res.status).toBe(200);
      check('/api/v1/platforms/{slug}/reviews', 200, body);
      expect(body.data.length).toBeLessThanOrEqual(7);
      seen.push(...body.data.map((r: { id: number }) => r.id));
      // No e-mail, no removed text, no proof or order number, no internal ids of accounts.
      expect(text).not.toMatch(/@test\.example|SECRET-REMOVED-TEXT|ip_hash|ipHash|orderNumber|accountId|email/i);
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(4); // 24 = 7 + 7 + 7 + 3
    expect(new Set(seen).size).toBe(24);
    expect(seen).not.toContain(removedReviewId);
    // newest first, like the ids were written
    expect(seen).toEqual([...seen].sort((x, y) => y - x));
  });

  it('a review carries its weight band and reasons, and its published follow-ups', async () => {
    const { body } = await call(reviewsGET, `/api/v1/platforms/${slugA}/reviews?limit=50&sort=follow_ups&lang=en`, { params: { slug: slugA } });
    check('/api/v1/platforms/{slug}/reviews', 200, body);
    const followed = body.data.find((r: { followUps: unknown[] }) => r.followUps.length > 0);
    expect(followed.author.handle).toBe(reviewer.handle);
    expect(followed.followUps[0].outcome).toBe('refund_refused');
    expect(followed.rating).toBe(2);
    expect(body.data.every((r: { weight: { band: string | null } }) => r.weight.band !== null)).toBe(true);
    for (const r of body.data) for (const reason of r.weight.reasons) expect(reason.text).toMatch(/[a-z]/i);
  });

  it('filters: rating', async () => {
    const { body } = await call(reviewsGET, `/api/v1/platforms/${slugA}/reviews?rating=5&limit=50`, { params: { slug: slugA } });
    expect(body.data.length).toBeGreaterThan(0);
    expect(body.data.every((r: { rating: number }) => r.rating === 5)).toBe(true);
  });
});

describe('bad input', () => {
  it('a forged, edited, foreign or garbage cursor is a 400 JSON error', async () => {
    const first = await call(reviewsGET, `/api/v1/platforms/${slugA}/reviews?limit=5`, { params: { slug: slugA } });
    const good: string = first.body.nextCursor;
    const [payload, sig] = good.split('.') as [string, string];
    const edited = `${Buffer.from(JSON.stringify({ s: JSON.parse(Buffer.from(payload, 'base64url').toString()).s, o: 0 })).toString('base64url')}.${sig}`;
    const otherList = (await call(reviewsGET, `/api/v1/platforms/${slugB}/reviews?limit=5`, { params: { slug: slugB } })).body.nextCursor;
    const otherSort = (await call(reviewsGET, `/api/v1/platforms/${slugA}/reviews?limit=5&sort=lowest`, { params: { slug: slugA } })).body.nextCursor;
    const forged = encodeCursor('not-the-server-secret-not-the-server-secret', first.body.nextCursor ? `reviews:0` : '', 5);
    expect(otherList).toBeNull(); // B has one review
    for (const cursor of [edited, otherSort, forged, 'abc', '', 'x'.repeat(400), `${payload}.`, '🙂.🙂']) {
      const { res, body } = await call(reviewsGET, `/api/v1/platforms/${slugA}/reviews?limit=5&cursor=${encodeURIComponent(cursor)}`, { params: { slug: slugA } });
      expect(res.status, cursor).toBe(400);
      check('/api/v1/platforms/{slug}/reviews', 400, body);
      expect(['bad_cursor', 'bad_request']).toContain(body.error.code);
    }
    // The same cursor on the same list still works.
    const again = await call(reviewsGET, `/api/v1/platforms/${slugA}/reviews?limit=5&cursor=${encodeURIComponent(good)}`, { params: { slug: slugA } });
    expect(again.res.status).toBe(200);
  });

  it('a bad limit, an unknown sort or language: 400 with a message in the language asked for', async () => {
    for (const q of ['limit=0', 'limit=51', 'limit=abc', 'limit=-1', 'limit=1.5', 'limit=9999']) {
      const { res, body } = await call(platformsGET, `/api/v1/platforms?${q}`);
      expect(res.status, q).toBe(400);
      check('/api/v1/platforms', 400, body);
      expect(body.error.code).toBe('bad_limit');
      expect(body.error.message).toContain('limit');
    }
    for (const q of ['sort=best', 'status=gone', 'lang=fr', 'category=%00']) {
      const { res, body } = await call(platformsGET, `/api/v1/platforms?${q}&lang=en`.replace('lang=fr&lang=en', 'lang=fr'));
      expect(res.status, q).toBe(400);
      expect(body.error.code).toBe('bad_request');
    }
    const en = await call(platformsGET, '/api/v1/platforms?limit=0&lang=en');
    expect(en.body.error.message).toBe('limit must be a whole number from 1 to 50.');
    const zh = await call(platformsGET, '/api/v1/platforms?limit=0');
    expect(zh.body.error.message).toBe('limit 必须是 1 到 50 之间的整数。');
  });
});

describe('incidents and the moderation log', () => {
  it('lists the platform\'s cases', async () => {
    const { res, body } = await call(incidentsGET, `/api/v1/platforms/${slugA}/incidents`, { params: { slug: slugA } });
    expect(res.status).toBe(200);
    check('/api/v1/platforms/{slug}/incidents', 200, body);
    expect(body.data).toEqual([expect.objectContaining({ caseNo, kind: 'refund_refused', status: 'submitted', url: `${origin}/incidents/${caseNo}` })]);
  });

  it('shows a removal as the log does: action, reason, public note; never the removed text', async () => {
    const { res, body, text } = await call(modLogGET, '/api/v1/moderation-log?lang=en');
    expect(res.status).toBe(200);
    check('/api/v1/moderation-log', 200, body);
    const removal = body.data.find((e: { subject: { id: number } }) => e.subject.id === removedReviewId);
    expect(removal).toMatchObject({ action: 'remove', reason: 'spam', note: '广告，已移除', subject: { kind: 'review', url: `${origin}/en/reviews/${removedReviewId}` } });
    expect(text).not.toContain('SECRET-REMOVED-TEXT');
    const bad = await call(modLogGET, '/api/v1/moderation-log?limit=500');
    expect(bad.res.status).toBe(400);
    check('/api/v1/moderation-log', 400, bad.body);
  });
});

describe('HTTP: ETag, CORS, rate limits, keys', () => {
  it('answers If-None-Match with 304 and the same ETag; another body, another tag', async () => {
    const first = await call(platformGET, `/api/v1/platforms/${slugA}`, { params: { slug: slugA } });
    const etag = first.res.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const again = await call(platformGET, `/api/v1/platforms/${slugA}`, { params: { slug: slugA }, headers: { 'If-None-Match': `"other", W/${etag}` } });
    expect(again.res.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.res.headers.get('etag')).toBe(etag);
    const en = await call(platformGET, `/api/v1/platforms/${slugA}?lang=en`, { params: { slug: slugA }, headers: { 'If-None-Match': etag } });
    expect(en.res.status).toBe(200);
    expect(en.res.headers.get('etag')).not.toBe(etag);
  });

  it('CORS: any origin may read, without credentials; preflight allows the key header', async () => {
    const { res } = await call(platformsGET, '/api/v1/platforms', { headers: { Origin: 'https://elsewhere.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    const pre = platformsOPTIONS();
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toContain('GET');
    expect(pre.headers.get('access-control-allow-headers')).toContain('X-Api-Key');
  });

  it('per network: 60 then 429 JSON with Retry-After; another network is not affected', async () => {
    const net = 'net-flood';
    for (let i = 0; i < 60; i++) expect((await call(openapiGET, '/api/v1/openapi.json', { ipKey: net })).res.status).toBe(200);
    const refused = await call(platformsGET, '/api/v1/platforms?lang=en', { ipKey: net });
    expect(refused.res.status).toBe(429);
    check('/api/v1/platforms', 429, refused.body);
    expect(refused.body.error.code).toBe('rate_limited');
    const retryAfter = Number(refused.res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect((await call(platformsGET, '/api/v1/platforms', { ipKey: 'net-quiet' })).res.status).toBe(200);
    clockMs += retryAfter * 1000;
    expect((await call(platformsGET, '/api/v1/platforms', { ipKey: net })).res.status).toBe(200);
  });

  it('a key gets its own, larger bucket; a wrong or revoked key is a 401, not a silent fall-back', async () => {
    const owner = await makeAccount(t.db);
    const { key, id } = await createApiKey(t.db, owner.id, '  我的镜像站  ', nowMs);
    const net = 'net-with-key';
    for (let i = 0; i < 60; i++) await call(openapiGET, '/api/v1/openapi.json', { ipKey: net });
    const withKey = await call(platformsGET, '/api/v1/platforms', { ipKey: net, headers: { 'X-Api-Key': key } });
    expect(withKey.res.status).toBe(200);
    expect(withKey.res.headers.get('ratelimit-limit')).toBe('600');
    const bearer = await call(platformsGET, '/api/v1/platforms', { ipKey: net, headers: { Authorization: `Bearer ${key}` } });
    expect(bearer.res.status).toBe(200);
    expect((await listApiKeys(t.db, owner.id))[0]!.lastUsedAt).not.toBeNull();
    for (const wrong of [`${key.slice(0, -1)}${key.endsWith('a') ? 'b' : 'a'}`, 'kp_short', 'x'.repeat(5000)]) {
      const r = await call(platformsGET, '/api/v1/platforms', { headers: { 'X-Api-Key': wrong } });
      expect(r.res.status).toBe(401);
      check('/api/v1/platforms', 401, r.body);
      expect(r.body.error.code).toBe('invalid_api_key');
    }
    await revokeApiKey(t.db, owner.id, String(id), nowMs);
    expect((await call(platformsGET, '/api/v1/platforms', { headers: { 'X-Api-Key': key } })).res.status).toBe(401);
  });
});

describe('API keys (service)', () => {
  it('stores only the hash, names trimmed; shown once', async () => {
    const owner = await makeAccount(t.db);
    const { key, prefix } = await createApiKey(t.db, owner.id, 'bot', nowMs);
    expect(key).toMatch(/^kp_[a-km-np-z2-9]{32}$/);
    expect(key.startsWith(prefix)).toBe(true);
    const rows = await t.db.selectFrom('api_key').selectAll().where('account_id', '=', owner.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.key_hash).toBe(hashApiKey(key));
    expect(JSON.stringify(rows)).not.toContain(key);
    const listed = await listApiKeys(t.db, owner.id);
    expect(JSON.stringify(listed)).not.toContain(key.slice(prefix.length));
  });

  it('refuses bad names, too many keys and other people\'s keys, and keeps what was saved', async () => {
    const owner = await makeAccount(t.db);
    const other = await makeAccount(t.db);
    expect(await failure(createApiKey(t.db, owner.id, '   ', nowMs))).toMatchObject({ key: 'api.keys.nameRequired', field: 'name' });
    expect(await failure(createApiKey(t.db, owner.id, null, nowMs))).toMatchObject({ key: 'api.keys.nameRequired' });
    expect(await failure(createApiKey(t.db, owner.id, '名'.repeat(61), nowMs))).toMatchObject({ key: 'field.tooLong', field: 'name' });
    expect(await failure(createApiKey(t.db, owner.id, 'a\u0007b', nowMs))).toMatchObject({ key: 'api.keys.nameInvalid' });
    expect(await failure(createApiKey(t.db, owner.id, 'a\uD800b', nowMs))).toMatchObject({ key: 'field.invalidUtf8', field: 'name' });
    expect(await failure(createApiKey(t.db, owner.id, '\u200B', nowMs))).toMatchObject({ key: 'api.keys.nameRequired' });
    const made = [];
    for (let i = 0; i < maxLiveKeysPerAccount; i++) made.push(await createApiKey(t.db, owner.id, `k${i}`, nowMs));
    expect(await failure(createApiKey(t.db, owner.id, 'one more', nowMs))).toMatchObject({ key: 'api.keys.tooMany', status: 'CONFLICT' });
    expect(await listApiKeys(t.db, owner.id)).toHaveLength(maxLiveKeysPerAccount);
    expect(await failure(revokeApiKey(t.db, other.id, made[0]!.id, nowMs))).toMatchObject({ key: 'api.keys.unknown', status: 'NOT_FOUND' });
    expect(await failure(revokeApiKey(t.db, owner.id, 'abc', nowMs))).toMatchObject({ key: 'api.keys.unknown' });
    expect((await listApiKeys(t.db, owner.id)).every((k) => k.revokedAt === null)).toBe(true);
    await revokeApiKey(t.db, owner.id, made[0]!.id, nowMs);
    expect(await failure(revokeApiKey(t.db, owner.id, made[0]!.id, nowMs))).toMatchObject({ status: 'NOT_FOUND' });
    // a revoked key frees a place
    await createApiKey(t.db, owner.id, 'replacement', nowMs);
  });
});
