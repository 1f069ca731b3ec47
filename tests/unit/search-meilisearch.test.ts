// Meilisearch in front of the same understanding: the settings pushed at start and the request
// sent, as pure values, and as the HTTP requests the client makes to a stand-in server that
// records them (no Meilisearch server exists on these machines; the live test is
// tests/integration/search-meilisearch.test.ts, run when MEILISEARCH_URL is set).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meiliItemRequest, meiliItems, meiliSettings, meilisearchEngine, tagWord } from '../../src/server/search/meilisearch.ts';
import { buildPlatformDictionary, understandQuery } from '../../src/server/search/query.ts';
import { itemTerms } from '../../src/server/search/search.service.ts';

const dict = buildPlatformDictionary([
  { id: 7, slug: 'kuaifa-ka', nameZh: '快发卡盟', nameEn: 'Kuaifa Ka', aliases: ['快发'], domains: ['kuaifa.example'] },
]);

describe('meiliSettings', () => {
  const s = meiliSettings();
  it('ranks by matched words first (ranked OR), then typos and proximity, newest last', () => {
    expect(s.rankingRules).toEqual(['words', 'typo', 'proximity', 'attribute', 'exactness', 'createdAtMs:desc']);
    expect(s.sortableAttributes).toContain('createdAtMs');
    expect(s.filterableAttributes).toEqual(expect.arrayContaining(['kind', 'platformId', 'tags']));
    expect(s.searchableAttributes).toEqual(['names', 'segmented', 'title', 'tagWords']);
  });
  it('stops on question forms and generic nouns, as the PostgreSQL engine strips them', () => {
    for (const w of ['吗', '呢', '请问', '卡盟', '平台']) expect(s.stopWords, w).toContain(w);
    for (const w of ['退款', '跑路', '客服', '不', '靠谱', '用']) expect(s.stopWords, w).not.toContain(w);
  });
  it('maps what readers type to the words documents use (synonyms from the intent dictionary)', () => {
    expect(s.synonyms['退钱']).toContain('退款');
    expect(s.synonyms['倒闭']).toContain('跑路');
    expect(s.synonyms['提款']).toContain('提现');
    expect(s.synonyms['refund']).toContain('退款');
    for (const [k, v] of Object.entries(s.synonyms)) expect(v, k).not.toContain(k);
  });
});

describe('meiliItemRequest', () => {
  it('快发 跑路: the same terms as PostgreSQL, the named platform as a filter, frequency matching', () => {
    const u = understandQuery('快发 跑路', dict);
    const req = meiliItemRequest(u, itemTerms(u), u.platforms.map((p) => p.id), 20, 40);
    expect(req.filter).toBe('kind IN [review, incident] AND platformId IN [7]');
    expect(req.matchingStrategy).toBe('frequency');
    expect(req.q.split(' ')).toEqual(expect.arrayContaining(['跑路', '打不开', tagWord('incident:exit_scam'), tagWord('outcome:refund_no_answer')]));
    expect(req).toMatchObject({ limit: 20, offset: 40 });
    expect(req).not.toHaveProperty('sort');
  });
  it('a name alone lists that platform\'s documents, newest first', () => {
    const u = understandQuery('快发卡盟', dict);
    const req = meiliItemRequest(u, itemTerms(u), [7], 20, 0);
    expect(req.q).toBe('');
    expect(req.sort).toEqual(['createdAtMs:desc']);
  });
  it('tag words have no separator Meilisearch could split on', () => {
    expect(tagWord('outcome:refund_refused')).toBe('tagoutcomerefundrefused');
  });
});

describe('the HTTP requests to Meilisearch (recorded by a stand-in server)', () => {
  let server: Server;
  let url = '';
  const seen: Array<{ method: string; path: string; body: unknown }> = [];
  const body = async (req: IncomingMessage) => {
    let s = '';
    for await (const c of req) s += c;
    return s ? JSON.parse(s) : null;
  };
  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const b = await body(req);
      seen.push({ method: req.method ?? '', path: req.url ?? '', body: b });
      res.setHeader('content-type', 'application/json');
      const task = { taskUid: seen.length, indexUid: 'kaopu_unit', status: 'enqueued', type: 'x', enqueuedAt: new Date().toISOString() };
      if (req.method === 'GET' && req.url?.startsWith('/tasks/')) {
        res.end(JSON.stringify({ uid: Number(req.url.split('/')[2]), status: 'succeeded', type: 'x', indexUid: 'kaopu_unit', enqueuedAt: new Date().toISOString() }));
      } else if (req.url?.endsWith('/search')) {
        res.end(JSON.stringify({ hits: [{ kind: 'incident', refId: 3, platformId: 7, title: 't', body: '跑路了', createdAtMs: 1_700_000_000_000 }], estimatedTotalHits: 1, query: '', limit: 20, offset: 0, processingTimeMs: 1 }));
      } else {
        res.statusCode = 202;
        res.end(JSON.stringify(task));
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const a = server.address();
    url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it('pushes the settings before the first documents, then sends the understood query', async () => {
    const engine = meilisearchEngine(url, null, 'kaopu_unit');
    await engine.upsert([{ kind: 'incident', refId: 3, platformId: 7, title: 't', body: '跑路了', names: '', segmented: '跑路 了', tags: ['incident:exit_scam'], createdAt: new Date(1_700_000_000_000) }]);
    const settings = seen.find((r) => r.path === '/indexes/kaopu_unit/settings');
    expect(settings?.method).toBe('PATCH');
    expect(settings?.body).toEqual(meiliSettings());
    const docs = seen.find((r) => r.path.startsWith('/indexes/kaopu_unit/documents'));
    expect(seen.indexOf(docs!)).toBeGreaterThan(seen.indexOf(settings!));
    expect((docs!.body as Array<Record<string, unknown>>)[0]).toMatchObject({ id: 'incident-3', tagWords: ['tagincidentexitscam'], createdAtMs: 1_700_000_000_000 });

    const u = understandQuery('快发 跑路', dict);
    const r = await meiliItems(url, null, u, itemTerms(u), [7], 20, 0, 'kaopu_unit');
    const sent = seen.find((x) => x.path === '/indexes/kaopu_unit/search');
    const { q, ...params } = meiliItemRequest(u, itemTerms(u), [7], 20, 0);
    expect(sent?.method).toBe('POST');
    expect(sent?.body).toEqual({ q, ...params });
    expect(r.hits).toEqual([{ kind: 'incident', refId: 3, platformId: 7, body: '跑路了', createdAt: new Date(1_700_000_000_000) }]);
  });
});
