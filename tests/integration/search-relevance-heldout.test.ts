// The held-out relevance set (tests/fixtures/search-relevance-heldout.ts): 152 natural queries
// graded by an author who never read the search code, on the demo data (PGlite and the
// PostgreSQL server). The same floor as the search engineer's own set (success@1 ≥ 0.9,
// nDCG@10 ≥ 0.85) over the queries that have an answer; the queries where nothing in the demo
// truly answers (`expect: []`) must not put any platform forward as the answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKind, type TestDb } from '../helpers/db.ts';
import { seedDemo } from '../../src/server/seed/demo.ts';
import { search, rankedList } from '../../src/server/search/search.service.ts';
import { relevanceReport } from '../../src/server/search/relevance.ts';
import { drainOutbox, postgresEngine } from '../../src/server/search/outbox.ts';
import { heldoutRelevance } from '../fixtures/search-relevance-heldout.ts';

/** The demo's clock, as in search-relevance.test.ts: the same data every run. */
const demoNowMs = Date.parse('2026-12-01T04:00:00Z');
const noMeili = { meilisearchUrl: null, meilisearchKey: null };
let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db, { nowMs: demoNowMs, appSecret: 'search-relevance-heldout-secret-0123456789' });
  expect((await drainOutbox(t.db, postgresEngine(t.db))).pending).toBe(0);
}, 300_000);
afterAll(async () => {
  await t?.destroy();
});

describe(`held-out search relevance on the demo data (${testDbKind})`, () => {
  const answered = heldoutRelevance.filter((c) => c.expect.length > 0);
  const unanswerable = heldoutRelevance.filter((c) => c.expect.length === 0);

  it('meets the floor on questions it has not seen: success@1 ≥ 0.9 and nDCG@10 ≥ 0.85', async () => {
    expect(answered.length).toBeGreaterThanOrEqual(120);
    const rows = [];
    for (const c of answered) {
      const r = await search(t.db, noMeili, c.query, 1);
      rows.push({ query: c.query, ranked: rankedList(r), expected: c.expect });
    }
    const rep = relevanceReport(rows);
    console.log(`held-out search relevance on ${testDbKind}: ${rep.cases} queries, success@1 ${rep.successAt1.toFixed(3)}, nDCG@10 ${rep.ndcgAt10.toFixed(3)}`);
    for (const f of rep.failures.slice(0, 10)) console.log(`  ${f.success ? ' ' : '✗'} ${f.ndcg.toFixed(2)} ${f.query} → ${f.top.join(' | ')}`);
    expect(rep.successAt1).toBeGreaterThanOrEqual(0.9);
    expect(rep.ndcgAt10).toBeGreaterThanOrEqual(0.85);
  });

  it('puts no platform forward as the answer where nothing answers (a pending submission, a definition, an unknown site)', async () => {
    for (const c of unanswerable) {
      const r = await search(t.db, noMeili, c.query, 1);
      expect(r.platforms.filter((p) => p.answer).map((p) => p.card.slug), c.query).toEqual([]);
    }
  });
});
