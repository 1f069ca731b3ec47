// The ranking job against the real migrations, on PGlite and on PostgreSQL: weights,
// trust, snapshots and findings agree with the pure model; removed reviews drop out;
// the changelog names what moved; findings are upserted idempotently; the advisory lock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { createTestDb, testDbKind, type TestDb } from '../helpers/db.ts';
import { makeAccount } from '../helpers/accounts.ts';
import type { Database } from '../../src/server/db/schema.ts';
import { requestRecompute, runRecompute, scheduleRecompute, type RecomputeSummary } from '../../src/server/ranking/recompute.ts';
import type { Runtime } from '../../src/server/runtime.ts';
import * as repo from '../../src/server/ranking/ranking.repository.ts';
import { buildModelInput, type ScoreChange } from '../../src/server/ranking/ranking.compute.ts';
import { computeReputation } from '../../src/server/reputation/index.ts';

const dayMs = 86_400_000;
const nowMs = Date.UTC(2026, 10, 20, 12, 0, 0);
let t: TestDb;

async function addPlatform(db: Kysely<Database>, slug: string, opts: { approval?: 'approved' | 'pending' } = {}): Promise<number> {
  const r = await db
    .insertInto('platform')
    .values({ slug, name_zh: `平台${slug}`, name_en: `Platform ${slug}`, approval: opts.approval ?? 'approved', created_at: new Date(nowMs - 800 * dayMs), status_changed_at: null, status_evidence: null, approval_reason: null, founded_on: new Date(nowMs - 900 * dayMs), submitted_by: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

async function addReview(
  db: Kysely<Database>,
  v: { platformId: number; accountId: number; rating: number; daysAgo: number; proof?: 'none' | 'pending' | 'verified' | 'rejected'; text?: string; state?: 'published' | 'removed' | 'deleted' },
): Promise<number> {
  const text = v.text ?? `第${v.accountId}号账号的真实体验，发货速度和售后都记录在此。`;
  const r = await db
    .insertInto('review')
    .values({
      platform_id: v.platformId, account_id: v.accountId, rating: v.rating, current_rating: v.rating,
      rating_service: v.rating, rating_risk: null, rating_value: null, rating_after_sales: null,
      product_category: 'game_cards', purchased_on: null, body_source: text, body_html: `<p>${text}</p>`,
      proof_state: v.proof ?? 'verified', state: v.state ?? 'published', state_reason: null, last_follow_up_at: null,
      edited_at: null, created_at: new Date(nowMs - v.daysAgo * dayMs),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

const ran = (r: Awaited<ReturnType<typeof runRecompute>>): RecomputeSummary => {
  expect(r.status).toBe('ran');
  return r as RecomputeSummary;
};

let good: number, weak: number, pending: number, target: number;
const honest: number[] = [];
const ring: number[] = [];
const reviewOf = new Map<string, number>();

beforeAll(async () => {
  t = await createTestDb();
  good = await addPlatform(t.db, 'good-one');
  weak = await addPlatform(t.db, 'weak-one');
  target = await addPlatform(t.db, 'ring-target');
  pending = await addPlatform(t.db, 'not-approved', { approval: 'pending' });
  for (let i = 0; i < 12; i++) honest.push((await makeAccount(t.db, { ageDays: 400 + i * 30, nowMs })).id);
  for (let i = 0; i < 6; i++) ring.push((await makeAccount(t.db, { ageDays: 2, fingerprint: 'fp-shared-ring', nowMs })).id);
  for (let i = 0; i < 12; i++) {
    reviewOf.set(`good${i}`, await addReview(t.db, { platformId: good, accountId: honest[i]!, rating: i % 4 === 0 ? 4 : 5, daysAgo: 20 + i * 25 }));
    reviewOf.set(`weak${i}`, await addReview(t.db, { platformId: weak, accountId: honest[i]!, rating: i % 3 === 0 ? 3 : 2, daysAgo: 15 + i * 27, proof: i % 2 ? 'none' : 'verified' }));
    if (i < 8) reviewOf.set(`target${i}`, await addReview(t.db, { platformId: target, accountId: honest[i]!, rating: 3, daysAgo: 30 + i * 40 }));
  }
  await addReview(t.db, { platformId: pending, accountId: honest[0]!, rating: 5, daysAgo: 5 });
  // The ring: brand-new accounts, one network, near-identical praise within a day.
  for (let i = 0; i < ring.length; i++) {
    reviewOf.set(`ring${i}`, await addReview(t.db, {
      platformId: target, accountId: ring[i]!, rating: 5, daysAgo: 1 + i * 0.01, proof: 'none',
      text: '这家卡盟真的太好了，发货秒到，客服态度一流，强烈推荐大家来买，价格便宜童叟无欺！',
    }));
  }
});
afterAll(async () => {
  await t.destroy();
});

describe(`ranking job on ${testDbKind}`, () => {
  it('writes weights, trust, snapshots and findings that match the pure model', async () => {
    await requestRecompute(t.db, 'test');
    await requestRecompute(t.db, 'test again');
    const r = ran(await runRecompute(t.db, nowMs));
    expect(r.requestsDrained).toBe(2);
    expect(await t.db.selectFrom('rank_request').selectAll().execute()).toHaveLength(0);

    // Same input through the model directly.
    const [accounts, platforms, reviews, followUps] = await Promise.all([
      repo.loadAccounts(t.db, null), repo.loadPlatforms(t.db, null), repo.loadReviews(t.db, null), repo.loadFollowUps(t.db, null),
    ]);
    expect(platforms.map((p) => p.id)).not.toContain(pending);
    const model = computeReputation(buildModelInput(nowMs, accounts, platforms, reviews, followUps).input);

    const weights = await t.db.selectFrom('review_weight').selectAll().execute();
    expect(weights).toHaveLength(model.reviews.length);
    expect(weights.length).toBe(12 * 2 + 8 + ring.length);
    const byId = new Map(weights.map((w) => [Number(w.review_id), w]));
    for (const m of model.reviews) {
      const w = byId.get(Number(m.id))!;
      expect(w.weight).toBeCloseTo(m.weight, 5);
      expect(w.reasons.map((x) => x.code)).toEqual(m.reasons.map((x) => x.code));
    }
    const trust = await t.db.selectFrom('account_trust').selectAll().execute();
    expect(trust.length).toBe(model.accounts.length);
    for (const a of trust) {
      const m = model.accounts.find((x) => Number(x.id) === Number(a.account_id))!;
      expect(a.band).toBe(m.band);
      expect(a.trust).toBeCloseTo(m.trust, 5);
    }
    const snaps = await t.db.selectFrom('score_snapshot').selectAll().execute();
    expect(snaps.map((s) => Number(s.platform_id)).sort()).toEqual([good, weak, target].sort());
    for (const s of snaps) {
      const m = model.platforms.find((p) => Number(p.id) === Number(s.platform_id))!;
      expect(s.score).toBeCloseTo(m.score, 5);
      expect(s.rank).toBe(m.rank);
      expect(s.review_count).toBe(m.reviewCount);
      expect(s.changes).toEqual([]); // first snapshot: nothing to compare with
    }
    const goodSnap = snaps.find((s) => Number(s.platform_id) === good)!;
    const weakSnap = snaps.find((s) => Number(s.platform_id) === weak)!;
    expect(goodSnap.rank!).toBeLessThan(weakSnap.rank!);

    // Ring reviews weigh less than the honest ones, and the ring reached the moderators.
    const ringWeights = ring.map((_, i) => byId.get(reviewOf.get(`ring${i}`)!)!.weight);
    const honestWeight = byId.get(reviewOf.get('good1')!)!.weight;
    expect(Math.max(...ringWeights)).toBeLessThan(honestWeight);
    const findings = await t.db.selectFrom('model_finding').selectAll().execute();
    expect(findings.length).toBe(model.findings.length);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f.state).toBe('open');
  });

  it('upserts findings idempotently and writes no snapshot when nothing changed', async () => {
    const before = await t.db.selectFrom('model_finding').select(['id', 'dedupe_key', 'updated_at']).orderBy('id').execute();
    const snapsBefore = await t.db.selectFrom('score_snapshot').select('id').execute();
    const r = ran(await runRecompute(t.db, nowMs + 60_000));
    expect(r.findings.inserted).toBe(0);
    expect(r.findings.updated).toBe(0);
    expect(r.snapshotsWritten).toBe(0);
    const after = await t.db.selectFrom('model_finding').select(['id', 'dedupe_key', 'updated_at']).orderBy('id').execute();
    expect(after).toEqual(before);
    expect(await t.db.selectFrom('score_snapshot').select('id').execute()).toHaveLength(snapsBefore.length);
  });

  it('never deletes findings moderators acted on', async () => {
    const f = await t.db.selectFrom('model_finding').select('id').orderBy('id').executeTakeFirstOrThrow();
    await t.db.updateTable('model_finding').set({ state: 'dismissed' }).where('id', '=', f.id).execute();
    ran(await runRecompute(t.db, nowMs + 120_000));
    const row = await t.db.selectFrom('model_finding').select('state').where('id', '=', f.id).executeTakeFirstOrThrow();
    expect(row.state).toBe('dismissed');
  });

  it('extends an open finding that grew instead of adding a second queue item; a dismissed one is left alone', async () => {
    const x = [900_001, 900_002, 900_003, 900_004]; // accounts no real finding contains
    const base = { kind: 'ring' as const, platformIds: [target], evidence: { nearDuplicateTexts: 3, burst: true, score: 0.9 }, score: 0.9 };
    const first = await repo.upsertFindings(t.db, [{ ...base, dedupeKey: 'ring:test-a', accountIds: [x[0]!, x[1]!], reviewIds: [1, 2] }]);
    expect(first).toEqual({ inserted: 1, updated: 0 });
    const grown = await repo.upsertFindings(t.db, [{ ...base, dedupeKey: 'ring:test-b', accountIds: [x[1]!, x[2]!], reviewIds: [2, 3] }]);
    expect(grown).toEqual({ inserted: 0, updated: 1 });
    const row = await t.db.selectFrom('model_finding').selectAll().where('dedupe_key', '=', 'ring:test-a').executeTakeFirstOrThrow();
    expect(row.account_ids.map(Number)).toEqual([x[0]!, x[1]!, x[2]!].sort((a, b) => a - b));
    expect(row.review_ids.map(Number)).toEqual([1, 2, 3]);
    expect(await t.db.selectFrom('model_finding').select('id').where('dedupe_key', '=', 'ring:test-b').execute()).toHaveLength(0);
    // Same again: nothing changes.
    expect(await repo.upsertFindings(t.db, [{ ...base, dedupeKey: 'ring:test-b', accountIds: [x[1]!, x[2]!], reviewIds: [2, 3] }])).toEqual({ inserted: 0, updated: 0 });
    // Dismissed: a grown ring becomes a new item, the dismissed one keeps its ids and state.
    await t.db.updateTable('model_finding').set({ state: 'dismissed' }).where('id', '=', row.id).execute();
    expect(await repo.upsertFindings(t.db, [{ ...base, dedupeKey: 'ring:test-c', accountIds: [x[2]!, x[3]!], reviewIds: [3, 4] }])).toEqual({ inserted: 1, updated: 0 });
    const kept = await t.db.selectFrom('model_finding').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(kept.state).toBe('dismissed');
    expect(kept.review_ids.map(Number)).toEqual([1, 2, 3]);
    await t.db.deleteFrom('model_finding').where('dedupe_key', 'in', ['ring:test-a', 'ring:test-c']).execute();
  });

  it('drops a removed review from the score, counts it in the moderation history and names it in the changelog', async () => {
    const removed = reviewOf.get('weak0')!;
    const author = honest[0]!;
    await t.db.updateTable('review').set({ state: 'removed', state_reason: 'test' }).where('id', '=', removed).execute();
    const r = ran(await runRecompute(t.db, nowMs + 2 * 3_600_000));
    expect(r.changedPlatformIds).toContain(weak);
    expect(await t.db.selectFrom('review_weight').select('review_id').where('review_id', '=', removed).execute()).toHaveLength(0);
    const accounts = await repo.loadAccounts(t.db, null);
    expect(accounts.find((a) => a.id === author)!.removedPosts).toBe(1);
    const latest = (await repo.latestSnapshots(t.db)).get(weak)!;
    expect(latest.reviewCount).toBe(11);
    const changes = latest.changes as ScoreChange[];
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.length).toBeLessThanOrEqual(4);
    expect(changes).toContainEqual(expect.objectContaining({ code: 'REVIEW_REMOVED', reviewId: removed }));
  });

  it('a removed review restored later is named as restored, not as a new review', async () => {
    const rid = reviewOf.get('weak0')!;
    await t.db.updateTable('review').set({ state: 'published', state_reason: null }).where('id', '=', rid).execute();
    ran(await runRecompute(t.db, nowMs + 2.5 * 3_600_000));
    const changes = (await repo.latestSnapshots(t.db)).get(weak)!.changes as ScoreChange[];
    expect(changes).toContainEqual(expect.objectContaining({ code: 'REVIEW_RESTORED', reviewId: rid }));
    expect(changes).not.toContainEqual(expect.objectContaining({ code: 'NEW_REVIEW', reviewId: rid }));
  });

  it('explains a follow-up that changed the rating', async () => {
    const rid = reviewOf.get('good2')!;
    const fu = await t.db
      .insertInto('review_follow_up')
      .values({ review_id: rid, account_id: honest[2]!, rating: 1, outcome: 'refund_refused', body_source: '后来出问题了', body_html: '<p>后来出问题了</p>', state_reason: null, created_at: new Date(nowMs + 3 * 3_600_000) })
      .returning('id')
      .executeTakeFirstOrThrow();
    ran(await runRecompute(t.db, nowMs + 4 * 3_600_000));
    const latest = (await repo.latestSnapshots(t.db)).get(good)!;
    const changes = latest.changes as ScoreChange[];
    expect(changes[0]).toMatchObject({ code: 'FOLLOW_UP', reviewId: rid, followUpId: Number(fu.id) });
    expect(changes[0]!.delta).toBeLessThan(0);
    const w = await t.db.selectFrom('review_weight').select(['effective_rating']).where('review_id', '=', rid).executeTakeFirstOrThrow();
    expect(w.effective_rating).toBe(1);
  });

  it('takes a confirmed 跑路 platform out of the ranking and says so', async () => {
    await t.db.updateTable('platform').set({ status: 'exit_scam', status_changed_at: new Date(nowMs + 5 * 3_600_000) }).where('id', '=', weak).execute();
    const r = ran(await runRecompute(t.db, nowMs + 6 * 3_600_000));
    expect(r.changedPlatformIds).toContain(weak);
    const latest = (await repo.latestSnapshots(t.db)).get(weak)!;
    expect(latest.rank).toBeNull();
    expect((latest.changes as ScoreChange[])[0]!.code).toBe('EXIT_SCAM');
    const rows = await repo.rankingRows(t.db);
    const ranks = rows.filter((x) => x.rank !== null).map((x) => x.rank);
    expect(ranks).toEqual([1, 2]);
  });

  it('a second run while one is in progress in this process returns busy', async () => {
    const [a, b] = await Promise.all([runRecompute(t.db, nowMs + 7 * 3_600_000), runRecompute(t.db, nowMs + 7 * 3_600_000)]);
    expect([a.status, b.status].sort()).toEqual(['busy', 'ran']);
  });

  it('computes a past moment on the records that existed then (demo history) without draining requests', async () => {
    const asOfMs = nowMs - 200 * dayMs;
    await requestRecompute(t.db, 'pending during history');
    const r = ran(await runRecompute(t.db, nowMs + 9 * 3_600_000, { asOfMs }));
    expect(r.requestsDrained).toBe(0);
    const snap = await t.db.selectFrom('score_snapshot').selectAll().where('platform_id', '=', good)
      .where('computed_at', '=', new Date(asOfMs)).executeTakeFirstOrThrow();
    const existed = await t.db.selectFrom('review').select('id').where('platform_id', '=', good).where('state', '=', 'published')
      .where('created_at', '<=', new Date(asOfMs)).execute();
    expect(snap.review_count).toBe(existed.length);
    expect(snap.review_count).toBeLessThan(12);
    // The chart reads snapshots in time order: the past one sorts before today's.
    const history = await repo.platformHistory(t.db, good);
    expect(history[0]!.computedAt.getTime()).toBe(asOfMs);
    expect(await t.db.selectFrom('rank_request').select('id').execute()).toHaveLength(1);
  });

  it('the poller started at boot runs the job shortly after a write requests it, and stops cleanly', async () => {
    await t.db.deleteFrom('rank_request').execute();
    const rt = { db: t.db, closers: [] as Array<() => Promise<void> | void> } as unknown as Runtime;
    const logs: string[] = [];
    const stop = scheduleRecompute(rt, (m) => logs.push(m));
    try {
      expect(rt.closers).toHaveLength(1);
      await requestRecompute(t.db, 'a write');
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline) {
        if ((await t.db.selectFrom('rank_request').select('id').execute()).length === 0) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(await t.db.selectFrom('rank_request').select('id').execute()).toHaveLength(0);
      expect(logs.filter((m) => m.includes('failed'))).toEqual([]);
    } finally {
      await stop();
    }
  });

  // PGlite has a single connection: a second transaction waits for the first, so two
  // runs serialise (and the in-process guard above answers 'busy'). Only PostgreSQL can
  // show the advisory lock across connections, as two servers would meet it.
  it.runIf(testDbKind === 'postgres')('the advisory lock held by another connection makes a run return busy', async () => {
    await t.db.transaction().execute(async (trx) => {
      const held = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${repo.RANK_LOCK_KEY}::bigint) AS ok`.execute(trx);
      expect(held.rows[0]!.ok).toBe(true);
      await requestRecompute(t.db, 'while locked');
      const r = await runRecompute(t.db, nowMs + 8 * 3_600_000);
      expect(r.status).toBe('busy');
    });
    // Lock released with the transaction: the pending request is drained by the next run.
    const r = ran(await runRecompute(t.db, nowMs + 8 * 3_600_000));
    expect(r.requestsDrained).toBeGreaterThanOrEqual(1);
  });
});
