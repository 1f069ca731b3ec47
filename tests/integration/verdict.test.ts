// The verdict in the ranking job, on PGlite and on PostgreSQL: the recompute writes each
// platform's band and reasons, the ranking orders by band before score, and a moderator
// verifying a licence requests a recompute whose snapshot says the band changed and why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { createTestDb, testDbKind, type TestDb } from '../helpers/db.ts';
import { makeAccount } from '../helpers/accounts.ts';
import type { Database } from '../../src/server/db/schema.ts';
import { runRecompute, type RecomputeSummary } from '../../src/server/ranking/recompute.ts';
import * as rankingRepo from '../../src/server/ranking/ranking.repository.ts';
import * as verdictRepo from '../../src/server/verdict/verdict.repository.ts';
import { insertQualification } from '../../src/server/platforms/platform.repository.ts';
import { decideEvidence, decideFact, decideIncident } from '../../src/server/moderation/moderation.service.ts';
import { claimFact, loadPlatformPages } from '../../src/server/platforms/platform.service.ts';
import { findPlatformById } from '../../src/server/platforms/platform.repository.ts';
import type { ScoreChange } from '../../src/server/ranking/ranking.compute.ts';

const dayMs = 86_400_000;
const nowMs = Date.UTC(2026, 11, 1, 12, 0, 0);
const scope = '网络技术服务；信息技术咨询服务；第二类增值电信业务。';
let t: TestDb;
let modActor: { id: number; handle: string; role: 'moderator'; status: 'active'; totpVerified: boolean };

async function addPlatform(db: Kysely<Database>, slug: string, operator: 'company' | 'studio' | 'unknown', foundedYearsAgo: number | null): Promise<number> {
  const r = await db.insertInto('platform').values({
    slug, name_zh: `平台${slug}`, name_en: `Platform ${slug}`, approval: 'approved', operator_type: operator,
    created_at: new Date(nowMs - 900 * dayMs), status_changed_at: null, status_evidence: null, approval_reason: null,
    founded_on: foundedYearsAgo === null ? null : new Date(nowMs - foundedYearsAgo * 365 * dayMs), submitted_by: null,
  }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

async function licence(db: Kysely<Database>, platformId: number, kind: 'business_licence' | 'icp_licence', state: 'verified' | 'pending'): Promise<number> {
  return insertQualification(db, {
    platformId, kind, number: kind === 'business_licence' ? '91440305CR7L2FWAPX' : '粤B2-20180123', holderName: '测试公司（虚构）',
    scopeText: kind === 'business_licence' ? scope : '', uploadId: null, submittedBy: null, state, createdAt: new Date(nowMs - 300 * dayMs),
  });
}

async function addReviews(db: Kysely<Database>, platformId: number, accounts: number[], ratings: number[]): Promise<void> {
  for (const [i, rating] of ratings.entries()) {
    const text = `第${i}位买家：在这家买了很久，到账和售后情况都写在这里（${platformId}）。`;
    await db.insertInto('review').values({
      platform_id: platformId, account_id: accounts[i]!, rating, current_rating: rating, rating_service: rating, rating_risk: null,
      rating_value: null, rating_after_sales: null, product_category: 'game_cards', purchased_on: null, body_source: text,
      body_html: `<p>${text}</p>`, proof_state: 'verified', state: 'published', state_reason: null, last_follow_up_at: null,
      edited_at: null, created_at: new Date(nowMs - (30 + i * 20) * dayMs),
    }).execute();
  }
}

const ran = (r: Awaited<ReturnType<typeof runRecompute>>): RecomputeSummary => {
  expect(r.status).toBe('ran');
  return r as RecomputeSummary;
};

let licensed: number, studio: number, pendingIcp: number, bare: number, pendingIcpLicenceId: number;

beforeAll(async () => {
  t = await createTestDb();
  const buyers: number[] = [];
  for (let i = 0; i < 12; i++) buyers.push((await makeAccount(t.db, { ageDays: 500 + i * 20, nowMs })).id);
  const mod = await makeAccount(t.db, { role: 'moderator', ageDays: 800, nowMs });
  modActor = { id: mod.id, handle: mod.handle, role: 'moderator', status: 'active', totpVerified: true };

  licensed = await addPlatform(t.db, 'licensed-co', 'company', 8);
  studio = await addPlatform(t.db, 'glowing-studio', 'studio', 8);
  pendingIcp = await addPlatform(t.db, 'pending-icp', 'company', 8);
  bare = await addPlatform(t.db, 'nothing-known', 'unknown', null);
  for (const p of [licensed, studio, pendingIcp]) await licence(t.db, p, 'business_licence', 'verified');
  await licence(t.db, licensed, 'icp_licence', 'verified');
  await licence(t.db, studio, 'icp_licence', 'verified');
  pendingIcpLicenceId = await licence(t.db, pendingIcp, 'icp_licence', 'pending');

  const good = [5, 4, 5, 5, 4, 5, 5, 4, 5, 5];
  await addReviews(t.db, licensed, buyers, good);
  await addReviews(t.db, pendingIcp, buyers, good);
  // The studio's reviews are even better: the verdict must still rank it below the licensed company.
  await addReviews(t.db, studio, buyers, good.map(() => 5));
});
afterAll(async () => {
  await t.destroy();
});

describe(`verdict in the ranking job on ${testDbKind}`, () => {
  it('writes every platform\'s band and reasons and orders the ranking by band first', async () => {
    const r = ran(await runRecompute(t.db, nowMs));
    expect(r.verdictChangedIds).toEqual([licensed, studio, pendingIcp, bare].sort((a, b) => a - b));
    const v = await verdictRepo.verdictsOf(t.db, [licensed, studio, pendingIcp, bare]);
    expect(v.get(licensed)!.band).toBe('reliable');
    expect(v.get(studio)!.band).toBe('caution');
    expect(v.get(studio)!.reasons[0]!.code).toBe('STUDIO');
    expect(v.get(pendingIcp)!.band).toBe('caution');
    expect(v.get(pendingIcp)!.reasons[0]).toMatchObject({ code: 'ICP_LICENCE_PENDING', evidence: { kind: 'qualification', id: pendingIcpLicenceId } });
    expect(v.get(bare)!.band).toBe('insufficient');
    expect(v.get(bare)!.rank).toBeNull();

    // The studio's score is higher, its rank is not.
    const snaps = await rankingRepo.latestSnapshots(t.db);
    expect(snaps.get(studio)!.score).toBeGreaterThan(snaps.get(licensed)!.score);
    expect(v.get(licensed)!.rank).toBe(1);
    expect(v.get(studio)!.rank).toBeGreaterThan(1);
    for (const id of [licensed, studio, pendingIcp, bare]) {
      expect(snaps.get(id)!.band).toBe(v.get(id)!.band);
      expect(snaps.get(id)!.rank).toBe(v.get(id)!.rank);
    }
    const rows = await rankingRepo.rankingRows(t.db);
    expect(rows.map((x) => x.platformId).slice(0, 3)).toEqual([licensed, studio, pendingIcp].sort((a, b) => v.get(a)!.rank! - v.get(b)!.rank!));
    expect(rows[0]!.band).toBe('reliable');
    expect(rows.find((x) => x.platformId === bare)!.rank).toBeNull();

    // Nothing changed: a second run writes no snapshot and changes no verdict.
    const again = ran(await runRecompute(t.db, nowMs + 60_000));
    expect(again.snapshotsWritten).toBe(0);
    expect(again.verdictChangedIds).toEqual([]);
  });

  it('a moderator verifying the ICP licence requests a recompute; the history says the band changed and why', async () => {
    const before = (await rankingRepo.latestSnapshots(t.db)).get(pendingIcp)!;
    await decideEvidence(t.db, modActor, { id: pendingIcpLicenceId, decision: 'approve' }, nowMs + 120_000);
    expect((await t.db.selectFrom('rank_request').select('reason').execute()).map((x) => x.reason)).toContain(`moderation:evidence:${pendingIcpLicenceId}`);

    const r = ran(await runRecompute(t.db, nowMs + 180_000));
    expect(r.requestsDrained).toBeGreaterThan(0);
    expect(r.verdictChangedIds).toContain(pendingIcp);
    expect(r.bandsChanged).toBe(true);
    const after = (await rankingRepo.latestSnapshots(t.db)).get(pendingIcp)!;
    expect(after.computedAt.getTime()).toBeGreaterThan(before.computedAt.getTime());
    expect(after.band).toBe('reliable');
    const change = (after.changes as ScoreChange[])[0]!;
    expect(change).toMatchObject({ code: 'BAND_CHANGED', fromBand: 'caution', toBand: 'reliable' });
    expect(change.verdictReasons!.map((x) => x.code)).toContain('REVIEWS_STRONG');
    const v = (await verdictRepo.verdictsOf(t.db, [pendingIcp])).get(pendingIcp)!;
    expect(v.band).toBe('reliable');
    expect(v.rank).toBeLessThanOrEqual(2);
  });

  it('an accepted black-key complaint caps the platform at 高风险 and names the case', async () => {
    const buyer = await makeAccount(t.db, { ageDays: 400, nowMs });
    const row = await t.db.insertInto('incident').values({
      case_no: 'KP-VERDICT-1', platform_id: licensed, reporter_id: buyer.id, kind: 'black_keys', occurred_on: new Date(nowMs - 3 * dayMs),
      body_source: '买到的点卡提示已冻结，疑似盗刷卡。', body_html: '<p>买到的点卡提示已冻结，疑似盗刷卡。</p>', status: 'submitted',
      created_at: new Date(nowMs - 2 * dayMs), updated_at: new Date(nowMs - 2 * dayMs),
    } as never).returning('id').executeTakeFirstOrThrow();
    // Submitted only: not evidence yet.
    ran(await runRecompute(t.db, nowMs + 240_000));
    expect((await verdictRepo.verdictsOf(t.db, [licensed])).get(licensed)!.band).toBe('reliable');
    // A bad decision is refused and changes nothing.
    await expect(decideIncident(t.db, modActor, { id: Number(row.id), decision: 'maybe' }, nowMs + 250_000)).rejects.toMatchObject({ code: 'invalid_input' });
    await decideIncident(t.db, modActor, { id: Number(row.id), decision: 'accept' }, nowMs + 260_000);
    ran(await runRecompute(t.db, nowMs + 300_000));
    const v = (await verdictRepo.verdictsOf(t.db, [licensed])).get(licensed)!;
    expect(v.band).toBe('high_risk');
    expect(v.reasons[0]).toMatchObject({ code: 'BLACK_KEYS', evidence: { kind: 'incident', caseNo: 'KP-VERDICT-1' } });
  });

  it('a claim requests a recompute and shows its own neutral mark; a bad claim writes nothing; verifying it turns the mark green', async () => {
    const member = await makeAccount(t.db, { ageDays: 300, nowMs });
    const requests = async () => (await t.db.selectFrom('rank_request').select('reason').execute()).map((x) => x.reason);
    await t.db.deleteFrom('rank_request').execute();
    await expect(claimFact(t.db, member, studio, { key: 'escrow', value: 'perhaps', note: '' }, nowMs)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(claimFact(t.db, member, studio, { key: 'no_such_fact', value: 'yes', note: '' }, nowMs)).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await requests()).toEqual([]);

    await claimFact(t.db, member, studio, { key: 'escrow', value: 'yes', note: '页面写了担保交易' }, nowMs);
    expect(await requests()).toEqual([`fact_claim:${studio}:escrow`]);
    const page = async () => (await loadPlatformPages(t.db, [(await findPlatformById(t.db, studio))!], nowMs))[0]!;
    const claimed = (await page()).checklist.risk.find((c) => c.key === 'escrow')!;
    expect(claimed.state).toBe('claimed');

    // A claim in the platform's favour changes nothing in the verdict; verified, it is a reason for.
    ran(await runRecompute(t.db, nowMs + 400_000));
    const before = (await verdictRepo.verdictsOf(t.db, [studio])).get(studio)!;
    expect(before.reasons.map((r) => r.code)).not.toContain('ESCROW_VERIFIED');
    await decideFact(t.db, modActor, { platform: 'glowing-studio', factKey: 'escrow', provenance: 'verified', note: '核对了支付页面' }, nowMs + 410_000);
    expect((await page()).checklist.risk.find((c) => c.key === 'escrow')!.state).toBe('known');
    ran(await runRecompute(t.db, nowMs + 420_000));
    const after = (await verdictRepo.verdictsOf(t.db, [studio])).get(studio)!;
    expect(after.band).toBe(before.band);
    expect(after.reasons.map((r) => r.code)).toContain('ESCROW_VERIFIED');
  });
});
