// The 跑路 early warning against the real migrations (PGlite and PostgreSQL): a wave of
// established customers, written through the services, opens one episode in the ranking job;
// a smear by young accounts on another platform opens none; a second run does not duplicate
// it; the maintenance recheck asks for a run once the window has passed; the next run lifts it
// and the episode stays in the history; a confirmed 跑路 lifts it with its own reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKind, type TestDb } from '../helpers/db.ts';
import { makeAccount } from '../helpers/accounts.ts';
import { makePlatform, baseReview } from './review-helpers.ts';
import { runRecompute, type RecomputeSummary } from '../../src/server/ranking/recompute.ts';
import { addFollowUp, createReview } from '../../src/server/reviews/review.service.ts';
import { fileIncident } from '../../src/server/incidents/incident.service.ts';
import { loadQueue } from '../../src/server/moderation/queue.service.ts';
import {
  countOpenWarnings, earlyWarningForVerdict, earlyWarningsForVerdict, homeWarnings, openWarningsPage, platformWarningView,
  requestRecomputeIfWarningsDue,
} from '../../src/server/warnings/warning.service.ts';

const dayMs = 86_400_000;
const hourMs = 3_600_000;
// Platforms are listed "now" (column default), so the test's clock is the real one.
const nowMs = Date.now();
const noUploads = { config: { uploadDir: '/nonexistent' } };
let t: TestDb;
let wave: number;
let smeared: number;
const waveReviewIds: number[] = [];
let waveCaseNo = '';

const ran = (r: Awaited<ReturnType<typeof runRecompute>>): RecomputeSummary => {
  expect(r.status).toBe('ran');
  return r as RecomputeSummary;
};

beforeAll(async () => {
  t = await createTestDb();
  wave = await makePlatform(t.db);
  smeared = await makePlatform(t.db);
  // half a year of ordinary life on both: happy customers
  for (const pid of [wave, smeared]) {
    for (let i = 0; i < 6; i++) {
      const a = await makeAccount(t.db, { ageDays: 400, nowMs });
      await createReview(t.db, a.id, baseReview(pid, { rating: 5, body: `第${i}次购买，到账很快，客服回复及时。` }), nowMs - (30 + i * 25) * dayMs);
    }
  }
  // the wave on `wave`: six established customers post 1–2★ within five days …
  for (let i = 0; i < 6; i++) {
    const a = await makeAccount(t.db, { ageDays: 90 + i * 100, nowMs });
    const { id } = await createReview(t.db, a.id, baseReview(wave, { rating: 1 + (i % 2), body: `提现一直审核中，客服不回复，第${i}天。` }), nowMs - (1 + (i % 5)) * dayMs);
    waveReviewIds.push(id);
  }
  // … an old customer's follow-up drops 5★ → 1★ …
  const old = await makeAccount(t.db, { ageDays: 700, nowMs });
  const { id: oldReview } = await createReview(t.db, old.id, baseReview(wave, { rating: 5 }), nowMs - 200 * dayMs);
  await addFollowUp(t.db, old.id, { reviewId: oldReview, rating: 1, outcome: 'refund_refused', body: '追评：最近退款被拒，余额提不出来。' }, nowMs - 2 * dayMs);
  // … and a customer files a refund-refused case
  const filer = await makeAccount(t.db, { ageDays: 120, nowMs });
  const filed = await fileIncident(t.db, noUploads, filer.id, {
    platformId: wave, kind: 'refund_refused', occurredOn: new Date(nowMs - 3 * dayMs).toISOString().slice(0, 10), body: '申请退款三次都被拒绝，理由是系统维护，余额八百元。',
  }, nowMs - 2 * dayMs);
  waveCaseNo = filed.caseNo;
  // a smear on `smeared`: twelve brand-new accounts, 1★ each, on the same day
  for (let i = 0; i < 12; i++) {
    const a = await makeAccount(t.db, { ageDays: 2, nowMs, fingerprint: `smear-${i}` });
    await createReview(t.db, a.id, baseReview(smeared, { rating: 1, body: `骗子平台，大家别买，第${i}个受害者。` }), nowMs - hourMs * (i + 1));
  }
});
afterAll(async () => {
  await t.destroy();
});

describe(`early warning on ${testDbKind}`, () => {
  it('a new complaint case asks for a recompute (so the 预警 is re-evaluated)', async () => {
    const rows = await t.db.selectFrom('rank_request').select('reason').execute();
    expect(rows.map((r) => r.reason)).toContain(`incident:${(await t.db.selectFrom('incident').select('id').where('case_no', '=', waveCaseNo).executeTakeFirstOrThrow()).id}`);
  });

  it('the ranking job raises one episode for the wave and none for the smear', async () => {
    const r = ran(await runRecompute(t.db, nowMs));
    expect(r.changedPlatformIds).toContain(wave);
    const rows = await t.db.selectFrom('early_warning').selectAll().execute();
    expect(rows).toHaveLength(1);
    const w = rows[0]!;
    expect(Number(w.platform_id)).toBe(wave);
    expect(w.ended_at).toBeNull();
    expect(w.complainants).toBe(8);
    expect({ low: w.low_ratings, down: w.downgrades, inc: w.incidents }).toEqual({ low: 6, down: 1, inc: 1 });
    expect(w.review_ids.map(Number).sort((a, b) => a - b)).toEqual([...waveReviewIds].sort((a, b) => a - b));
    expect(w.follow_up_ids).toHaveLength(1);
    expect(w.incident_ids).toHaveLength(1);
    expect(w.tail_probability).toBeLessThan(0.001);
    expect(w.window_days).toBe(7);

    const view = await platformWarningView(t.db, wave);
    expect(view.open?.evidence.find((e) => e.source === 'incident')?.caseNo).toBe(waveCaseNo);
    expect(view.handles.size).toBe(8);
    expect((await platformWarningView(t.db, smeared)).open).toBeNull();
  });

  it('exposes the verdict input, the home list and the moderators’ queue', async () => {
    const v = await earlyWarningForVerdict(t.db, wave);
    expect(v).toEqual({ active: true, complaints: 8, windowDays: 7, sinceMs: nowMs });
    expect(Object.keys(v!).sort()).toEqual(['active', 'complaints', 'sinceMs', 'windowDays']);
    expect(await earlyWarningForVerdict(t.db, smeared)).toBeNull();
    expect([...(await earlyWarningsForVerdict(t.db)).keys()]).toEqual([wave]);
    expect((await homeWarnings(t.db)).map((h) => h.complainants)).toEqual([8]);
    expect(await countOpenWarnings(t.db)).toBe(1);
    expect((await openWarningsPage(t.db, 20, 0)).map((e) => e.platformId)).toEqual([wave]);
    const mod = await makeAccount(t.db, { role: 'moderator', nowMs });
    const q = await loadQueue(t.db, { queue: 'warnings', page: 1, nowMs, viewerId: mod.id });
    expect(q.counts.get('warnings')).toBe(1);
    expect(q.items.map((i) => i.kind)).toEqual(['early_warning']);
    expect(q.platforms.has(wave)).toBe(true);
    expect(q.accounts.size).toBe(8);
  });

  it('a second run an hour later keeps the same episode (no duplicate, no change reported)', async () => {
    const r = ran(await runRecompute(t.db, nowMs + hourMs));
    expect(r.changedPlatformIds).not.toContain(wave);
    expect(await t.db.selectFrom('early_warning').select('id').execute()).toHaveLength(1);
  });

  it('a moderator removing one of the wave’s reviews drops it from the evidence', async () => {
    await t.db.updateTable('review').set({ state: 'removed' }).where('id', '=', waveReviewIds[0]!).execute();
    const r = ran(await runRecompute(t.db, nowMs + 2 * hourMs));
    expect(r.changedPlatformIds).toContain(wave);
    const w = await t.db.selectFrom('early_warning').selectAll().executeTakeFirstOrThrow();
    expect(w.complainants).toBe(7);
    expect(w.peak_complainants).toBe(8);
    expect(w.review_ids.map(Number)).not.toContain(waveReviewIds[0]);
    // restored on appeal: counted again
    await t.db.updateTable('review').set({ state: 'published' }).where('id', '=', waveReviewIds[0]!).execute();
    ran(await runRecompute(t.db, nowMs + 2 * hourMs + 1000));
    expect((await t.db.selectFrom('early_warning').select('complainants').executeTakeFirstOrThrow()).complainants).toBe(8);
  });

  it('once the window has passed the recheck asks for a run, which lifts it; the episode stays in the history', async () => {
    await t.db.deleteFrom('rank_request').execute();
    expect(await requestRecomputeIfWarningsDue(t.db, nowMs + 3 * hourMs)).toBe(false);
    const later = nowMs + 8 * dayMs;
    expect(await requestRecomputeIfWarningsDue(t.db, later)).toBe(true);
    expect((await t.db.selectFrom('rank_request').select('reason').execute()).map((x) => x.reason)).toEqual(['early_warning:recheck']);
    const r = ran(await runRecompute(t.db, later));
    expect(r.changedPlatformIds).toContain(wave);
    const w = await t.db.selectFrom('early_warning').selectAll().executeTakeFirstOrThrow();
    expect(w.ended_at?.getTime()).toBe(later);
    expect(w.end_reason).toBe('subsided');
    expect(w.recheck_at).toBeNull();
    expect(w.review_ids).toHaveLength(6); // the evidence that left the window is kept
    const view = await platformWarningView(t.db, wave);
    expect(view.open).toBeNull();
    expect(view.past).toHaveLength(1);
    expect(await earlyWarningForVerdict(t.db, wave)).toBeNull();
    expect(await homeWarnings(t.db)).toEqual([]);
    expect(await countOpenWarnings(t.db)).toBe(0);
  });

  it('a confirmed 跑路 lifts an open warning with its own reason (the page shows 跑路 instead)', async () => {
    // a fresh wave on a third platform, then a moderator confirms 跑路
    const p = await makePlatform(t.db);
    const at = nowMs + 20 * dayMs;
    for (let i = 0; i < 6; i++) {
      const a = await makeAccount(t.db, { ageDays: 200, nowMs });
      await createReview(t.db, a.id, baseReview(p, { rating: 1, body: `第${i}位老客户：余额无法提现，客服失联。` }), at - (i + 1) * hourMs);
    }
    ran(await runRecompute(t.db, at));
    expect(await earlyWarningForVerdict(t.db, p)).toMatchObject({ active: true, complaints: 6 });
    await t.db.updateTable('platform').set({ status: 'exit_scam', status_changed_at: new Date(at) }).where('id', '=', p).execute();
    ran(await runRecompute(t.db, at + hourMs));
    const [w] = await t.db.selectFrom('early_warning').selectAll().where('platform_id', '=', p).execute();
    expect(w!.end_reason).toBe('exit_scam');
    expect(await homeWarnings(t.db)).toEqual([]);
  });

  it('the database refuses a second open episode for one platform and an end before the start', async () => {
    const base = {
      platform_id: smeared, window_days: 7, complainants: 5, peak_complainants: 5, expected: 0.1, tail_probability: 0.0001,
      baseline_complainants: 0, baseline_days: 10, window_start_at: new Date(nowMs), window_end_at: new Date(nowMs), evidence: '[]',
      recheck_at: null, updated_at: new Date(nowMs), end_reason: null, ended_at: null, started_at: new Date(nowMs),
    };
    await t.db.insertInto('early_warning').values(base).execute();
    await expect(t.db.insertInto('early_warning').values(base).execute()).rejects.toThrow();
    await expect(t.db.insertInto('early_warning').values({ ...base, ended_at: new Date(nowMs - dayMs), end_reason: 'subsided' }).execute()).rejects.toThrow();
    await expect(t.db.insertInto('early_warning').values({ ...base, ended_at: new Date(nowMs), end_reason: null }).execute()).rejects.toThrow();
    await expect(t.db.insertInto('early_warning').values({ ...base, ended_at: new Date(nowMs), end_reason: 'whatever' as never }).execute()).rejects.toThrow();
    await t.db.deleteFrom('early_warning').where('platform_id', '=', smeared).execute();
  });

  it('a malformed evidence item in a stored episode is left out; the page and the queue still read the episode', async () => {
    const author = await makeAccount(t.db, { ageDays: 400, nowMs });
    const good = { source: 'review', id: waveReviewIds[1], reviewId: waveReviewIds[1], caseNo: null, rating: 1, incidentKind: null, accountId: author.id, atMs: nowMs, establishedBy: 'age' };
    const malformed = [
      null,
      'review:1',
      { ...good, id: String(good.id) }, // an id as text
      { ...good, rating: undefined }, // a review without its rating
      { ...good, source: 'rumour' }, // a source that does not exist
      { ...good, source: 'incident', reviewId: null, caseNo: 'KP-1', rating: null, incidentKind: 'late' }, // an incident kind that does not exist
      { ...good, establishedBy: 'vibes' },
    ];
    await t.db.insertInto('early_warning').values({
      platform_id: smeared, window_days: 7, complainants: 5, peak_complainants: 5, expected: 0.1, tail_probability: 0.0001,
      baseline_complainants: 0, baseline_days: 10, window_start_at: new Date(nowMs), window_end_at: new Date(nowMs),
      evidence: JSON.stringify([malformed[0], good, ...malformed.slice(1)]),
      recheck_at: null, updated_at: new Date(nowMs), end_reason: null, ended_at: null, started_at: new Date(nowMs),
    }).execute();
    const view = await platformWarningView(t.db, smeared);
    expect(view.open?.evidence).toEqual([good]);
    expect([...view.handles.keys()]).toEqual([author.id]);
    // a stored list that is not a list reads as no evidence
    await t.db.updateTable('early_warning').set({ evidence: JSON.stringify({ items: [good] }) }).where('platform_id', '=', smeared).execute();
    expect((await platformWarningView(t.db, smeared)).open?.evidence).toEqual([]);
    const mod = await makeAccount(t.db, { role: 'moderator', nowMs });
    const q = await loadQueue(t.db, { queue: 'warnings', page: 1, nowMs, viewerId: mod.id });
    expect(q.items.map((i) => i.kind)).toContain('early_warning');
    await t.db.deleteFrom('early_warning').where('platform_id', '=', smeared).execute();
  });
});
