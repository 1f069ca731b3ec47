// Case reports (合作案例): resellers only, one per platform, same proof flow as reviews.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKind, type TestDb } from '../helpers/db.ts';
import { makeAccount } from '../helpers/accounts.ts';
import { fileCaseReport } from '../../src/server/reviews/review.service.ts';
import { loadCaseReports, loadProfile } from '../../src/server/reviews/review.read.ts';
import { expectFieldMessage, failure, makePlatform } from './review-helpers.ts';

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

async function reseller() {
  const a = await makeAccount(t.db);
  await t.db.updateTable('account').set({ is_reseller: true }).where('id', '=', a.id).execute();
  return a;
}

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
});
