// Case reports (合作案例): resellers only, one per platform, same proof flow as reviews.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKind, type TestDb } from '../helpers/db.ts';
import { makeAccount } from '../helpers/accounts.ts';
import { attachProof, fileCaseReport, postReview } from '../../src/server/reviews/review.service.ts';
import { loadCaseReports, loadProfile, myCaseReport } from '../../src/server/reviews/review.read.ts';
import { decideProof } from '../../src/server/moderation/moderation.service.ts';
import type { Actor } from '../../src/server/moderation/guards.ts';
import type { Account } from '../../src/server/accounts/account.repository.ts';
import { baseReview, expectFieldMessage, failure, makePlatform } from './review-helpers.ts';

let t: TestDb;
const nowMs = Date.parse('2026-11-25T04:00:00Z');
const rt = { config: { uploadDir: '/nonexistent' } };
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.destroy();
});

const input = (platformId: number, extra: Record<string, unknown> = {}) => ({
  platformId, sinceOn: '2024-06-01', volume: '10k_50k', products: '游戏点卡、视频会员', usesApi: true, wouldContinue: true,
  body: '从这里拿货一年半，API 稳定，售后有专人对接，失效卡密当天补发。', ...extra,
});

/** A reseller a moderator has already confirmed (a case-report proof verified earlier). */
async function reseller() {
  const a = await makeAccount(t.db);
  await t.db.updateTable('account').set({ is_reseller: true, reseller_verified_at: new Date(nowMs - 86_400_000) }).where('id', '=', a.id).execute();
  return a;
}
/** Ticked "我是分销商" in settings, nothing confirmed yet. */
async function selfDeclaredReseller() {
  const a = await makeAccount(t.db);
  await t.db.updateTable('account').set({ is_reseller: true }).where('id', '=', a.id).execute();
  return a;
}
const actor = (a: Account): Actor => ({ id: a.id, handle: a.handle, role: a.role, status: a.status, totpVerified: true });
const caseState = async (id: number) => (await t.db.selectFrom('case_report').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state;
const proofOf = async (id: number) => (await t.db.selectFrom('purchase_proof').select('id').where('case_report_id', '=', id).orderBy('id', 'desc').executeTakeFirstOrThrow()).id;

describe(`case reports on ${testDbKind}`, () => {
  it('a reseller files one, with an order-number proof (pending)', async () => {
    const a = await reseller();
    const p = await makePlatform(t.db);
    const r = await fileCaseReport(t.db, rt, a.id, { ...input(p), orderNumber: 'B2B-0042' }, nowMs);
    expect(r.proofError).toBeNull();
    const row = await t.db.selectFrom('case_report').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ monthly_volume_band: '10k_50k', uses_api: true, would_continue: true, proof_state: 'pending', state: 'published' });
    const proof = await t.db.selectFrom('purchase_proof').selectAll().where('case_report_id', '=', r.id).executeTakeFirstOrThrow();
    expect(proof).toMatchObject({ order_number: 'B2B-0042', review_id: null, state: 'pending' });
    expect((await loadCaseReports(t.db, p)).map((c) => c.id)).toEqual([r.id]);
    expect((await loadProfile(t.db, a.handle, null))?.caseReports).toHaveLength(1);
    expect((await failure(fileCaseReport(t.db, rt, a.id, input(p), nowMs))).key).toBe('reviews.error.caseReportExists');
  });

  it('a non-reseller gets a clear 403 and nothing is written', async () => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    expect(await failure(fileCaseReport(t.db, rt, a.id, input(p), nowMs))).toMatchObject({ status: 'FORBIDDEN', key: 'reviews.error.notReseller' });
    expect(await t.db.selectFrom('case_report').select('id').where('platform_id', '=', p).execute()).toHaveLength(0);
  });

  it.each([
    ['no since date', { sinceOn: null }, 'sinceOn', 'field.required'],
    ['future since date', { sinceOn: '2030-01-01' }, 'sinceOn', 'reviews.error.futureDate'],
    ['unknown volume', { volume: 'lots' }, 'volume', 'field.choice'],
    ['no products', { products: '  ' }, 'products', 'field.required'],
    ['homoglyph products', { products: 'Steаm cards' }, 'products', 'reviews.error.homoglyph'],
    ['5 MB body', { body: 'x'.repeat(5 * 1024 * 1024) }, 'body', { key: 'field.tooLong', params: { max: 10000 } }],
  ])('refuses %s', async (_n, extra, field, key) => {
    const a = await reseller();
    const p = await makePlatform(t.db);
    expectFieldMessage(await failure(fileCaseReport(t.db, rt, a.id, input(p, extra), nowMs)), field, key);
    expect(await t.db.selectFrom('case_report').select('id').where('platform_id', '=', p).execute()).toHaveLength(0);
  });

  it('saves the case report when the proof file is an ELF binary, and reports it', async () => {
    const a = await reseller();
    const p = await makePlatform(t.db);
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(400)]);
    const r = await fileCaseReport(t.db, { config: { uploadDir: '/tmp' } }, a.id, { ...input(p), file: new File([elf], 'receipt.png') }, nowMs);
    expect(r.proofError?.messageKey).toBe('upload.type');
    const row = await t.db.selectFrom('case_report').select('proof_state').where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row.proof_state).toBe('none');
  });

  describe('"我是分销商" not yet confirmed: the case report waits for a moderator (issue 18, item 5)', () => {
    it('is held — not on the platform page nor the profile, shown to its author — until a moderator verifies its proof', async () => {
      const a = await selfDeclaredReseller();
      const p = await makePlatform(t.db);
      const r = await fileCaseReport(t.db, rt, a.id, { ...input(p), orderNumber: 'B2B-7788' }, nowMs);
      expect(r.held).toBe(true);
      expect(await caseState(r.id)).toBe('held');
      expect(await loadCaseReports(t.db, p)).toEqual([]);
      expect((await loadProfile(t.db, a.handle, null))?.caseReports).toEqual([]);
      expect(await myCaseReport(t.db, a.id, p)).toMatchObject({ id: r.id, held: true, proof: { state: 'pending' } });

      const mod = await makeAccount(t.db, { role: 'moderator' });
      await decideProof(t.db, actor(mod), { id: await proofOf(r.id), decision: 'approve' }, nowMs + 1000);
      expect(await caseState(r.id)).toBe('published');
      expect((await loadCaseReports(t.db, p)).map((c) => c.id)).toEqual([r.id]);
      expect((await loadProfile(t.db, a.handle, null))?.caseReports.map((c) => c.id)).toEqual([r.id]);
      expect(await myCaseReport(t.db, a.id, p)).toMatchObject({ held: false, proof: { state: 'verified' } });

      // Confirmed once: the next case report is public at once.
      const p2 = await makePlatform(t.db);
      const r2 = await fileCaseReport(t.db, rt, a.id, input(p2), nowMs + 2000);
      expect(r2.held).toBe(false);
      expect((await loadCaseReports(t.db, p2)).map((c) => c.id)).toEqual([r2.id]);
    });

    it('a member cannot release it (role checked on the server); a rejected proof keeps it held; proof added later releases it', async () => {
      const a = await selfDeclaredReseller();
      const p = await makePlatform(t.db);
      const r = await fileCaseReport(t.db, rt, a.id, input(p), nowMs);
      expect(r.held).toBe(true);
      // No proof yet: the author adds it to the held report.
      await attachProof(t.db, rt, a.id, { caseReportId: r.id }, { orderNumber: 'B2B-1' }, nowMs + 1);
      const proofId = await proofOf(r.id);

      const member = await makeAccount(t.db);
      await expect(decideProof(t.db, actor(member), { id: proofId, decision: 'approve' }, nowMs + 2)).rejects.toMatchObject({ code: 'forbidden' });
      await expect(decideProof(t.db, actor(a), { id: proofId, decision: 'approve' }, nowMs + 2)).rejects.toMatchObject({ code: 'forbidden' });
      const modNoTotp = await makeAccount(t.db, { role: 'moderator' });
      await expect(decideProof(t.db, { ...actor(modNoTotp), totpVerified: false }, { id: proofId, decision: 'approve' }, nowMs + 2)).rejects.toMatchObject({ code: 'totp_required' });
      expect(await caseState(r.id)).toBe('held');
      expect(await loadCaseReports(t.db, p)).toEqual([]);

      const mod = await makeAccount(t.db, { role: 'moderator' });
      await decideProof(t.db, actor(mod), { id: proofId, decision: 'reject', note: '订单号查不到' }, nowMs + 3);
      expect(await caseState(r.id)).toBe('held');
      const acc = await t.db.selectFrom('account').select('reseller_verified_at').where('id', '=', a.id).executeTakeFirstOrThrow();
      expect(acc.reseller_verified_at).toBeNull();

      await attachProof(t.db, rt, a.id, { caseReportId: r.id }, { orderNumber: 'B2B-2' }, nowMs + 4);
      await decideProof(t.db, actor(mod), { id: await proofOf(r.id), decision: 'approve' }, nowMs + 5);
      expect(await caseState(r.id)).toBe('published');
    });

    it('a verified review proof does not confirm a reseller (only a case report\'s proof does)', async () => {
      const a = await selfDeclaredReseller();
      const p = await makePlatform(t.db);
      const r = await fileCaseReport(t.db, rt, a.id, input(p), nowMs);
      const p2 = await makePlatform(t.db);
      const review = await postReview(t.db, rt, a.id, { ...baseReview(p2), orderNumber: 'R-1' }, nowMs);
      const pid = (await t.db.selectFrom('purchase_proof').select('id').where('review_id', '=', review.id).executeTakeFirstOrThrow()).id;
      const mod = await makeAccount(t.db, { role: 'moderator' });
      await decideProof(t.db, actor(mod), { id: pid, decision: 'approve' }, nowMs + 1);
      expect((await t.db.selectFrom('review').select('proof_state').where('id', '=', review.id).executeTakeFirstOrThrow()).proof_state).toBe('verified');
      expect(await caseState(r.id)).toBe('held');
    });
  });
});
