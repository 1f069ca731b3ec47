// Live Meilisearch test: runs only when MEILISEARCH_URL is set (e.g. a local meilisearch on :7700).
// Loads the corpus through the outbox into a throwaway index and checks recall of the
// non-fuzzy cases through the Meilisearch query path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Meilisearch } from 'meilisearch';
import { createTestDb, testDbKind, type TestDb } from '../helpers/db.ts';
import { makeAccount } from '../helpers/accounts.ts';
import { searchCorpus, recallCases } from '../fixtures/search-corpus.ts';
import { insertPlatform } from '../../src/server/platforms/platform.repository.ts';
import { normaliseDomain } from '../../src/server/platforms/validators.ts';
import { drainOutbox, enqueueSearch, postgresEngine } from '../../src/server/search/outbox.ts';
import { meilisearchEngine, meiliSearch } from '../../src/server/search/meilisearch.ts';
import { segmentQuery } from '../../src/server/search/segment.ts';
import { search } from '../../src/server/search/search.service.ts';

const url = process.env.MEILISEARCH_URL ?? '';
const key = process.env.MEILISEARCH_KEY ?? null;
const indexName = `kaopu_test_${process.pid}_${testDbKind}`;

describe.skipIf(!url)(`Meilisearch live on ${testDbKind}`, () => {
  let t: TestDb;
  const back = new Map<string, string>();
  beforeAll(async () => {
    t = await createTestDb();
    const pids = new Map<string, number>();
    for (const p of searchCorpus.platforms) {
      await t.db.transaction().execute(async (trx) => {
        const id = await insertPlatform(trx, {
          slug: p.slug, nameZh: p.nameZh, nameEn: p.nameEn, aliases: p.aliases, categories: ['other'], foundedOn: null, operatorType: 'unknown',
          descriptionSource: '', descriptionHtml: '', approval: 'approved', submittedBy: null,
        }, p.domains.map((d) => { const r = normaliseDomain(d); if (!r.ok) throw new Error(d); return r.value; }));
        pids.set(p.id, id);
        back.set(`platform:${id}`, p.id);
        await enqueueSearch(trx, 'platform', id);
      });
    }
    for (const r of searchCorpus.reviews) {
      const a = await makeAccount(t.db);
      await t.db.transaction().execute(async (trx) => {
        const row = await trx.insertInto('review').values({
          platform_id: pids.get(r.platformId)!, account_id: a.id, rating: 4, rating_service: null, rating_risk: null, rating_value: null,
          rating_after_sales: null, current_rating: 4, product_category: 'other', purchased_on: null, body_source: r.body, body_html: r.body,
          state_reason: null, last_follow_up_at: null, edited_at: null,
        }).returning('id').executeTakeFirstOrThrow();
        back.set(`review:${row.id}`, r.id);
        await enqueueSearch(trx, 'review', Number(row.id));
      });
    }
    const res = await drainOutbox(t.db, [postgresEngine(t.db), meilisearchEngine(url, key, indexName)]);
    expect(res.pending).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await new Meilisearch({ host: url, apiKey: key ?? undefined }).deleteIndex(indexName).waitTask().catch(() => {});
    await t?.destroy();
  });

  it('finds the expected documents of the non-fuzzy recall cases', async () => {
    let expected = 0, found = 0;
    for (const c of recallCases.filter((x) => !x.fuzzy)) {
      const q = segmentQuery(c.query).join(' ');
      const [rv, pl] = await Promise.all([meiliSearch(url, key, q, 'review', 50, 0, indexName), meiliSearch(url, key, c.query, 'platform', 10, 0, indexName)]);
      const got = new Set([...rv.hits, ...pl.hits].map((h) => back.get(`${h.kind}:${h.refId}`)));
      for (const id of c.expectIds) {
        expected++;
        if (got.has(id)) found++;
      }
    }
    console.log(`meilisearch recall: ${found}/${expected}`);
    expect(found / expected).toBeGreaterThan(0.9);
  });

  it('answers through Meilisearch with the same understanding as PostgreSQL (issue 15)', async () => {
    const meili = { meilisearchUrl: url, meilisearchKey: key, meilisearchIndex: indexName };
    const pg = { meilisearchUrl: null, meilisearchKey: null };
    for (const q of ['速达卡盟靠谱吗', '星辰 退款', '青鸟数卡跑路了吗', '卡密失效怎么办']) {
      const [m, p] = [await search(t.db, meili, q, 1), await search(t.db, pg, q, 1)];
      expect(m.engine, q).toBe('meilisearch');
      expect(m.platforms[0]?.card.id, q).toBe(p.platforms[0]?.card.id);
      const pgTop = new Set(p.items.slice(0, 5).map((i) => `${i.kind}:${i.refId}`));
      const overlap = m.items.slice(0, 5).filter((i) => pgTop.has(`${i.kind}:${i.refId}`)).length;
      expect(overlap, q).toBeGreaterThanOrEqual(Math.min(2, pgTop.size));
    }
  });
});
