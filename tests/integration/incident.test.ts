// Incidents (complaint cases): filing with case numbers, reporter updates, the platform's
// reply, the reporter's resolution, the 15-day unresolved rule, and the summary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createTestDb, testDbKind, type TestDb } from '../helpers/db.ts';
import { makeAccount } from '../helpers/accounts.ts';
import {
  addPlatformReply, addReporterUpdate, attachEvidence, caseNoPrefix, closeStaleIncidents, effectiveStatus, fileIncident, loadIncident,
  loadIncidentSummary, medianDays, resolveIncident, unresolvedAfterMs, unresolvedAtMs,
} from '../../src/server/incidents/incident.service.ts';
import { expectFieldMessage, failure, makePlatform, makeRepresentative } from './review-helpers.ts';

let t: TestDb;
let dir: string;
let rt: { config: { uploadDir: string } };
const nowMs = Date.parse('2026-11-25T04:00:00Z');
const dayMs = 86_400_000;
const body = '预存余额三千元无法提现，客服失联，网站已经打不开了。';
const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } }).png().toBuffer();

beforeAll(async () => {
  t = await createTestDb();
  dir = mkdtempSync(path.join(tmpdir(), 'kaopu-incidents-'));
  rt = { config: { uploadDir: dir } };
});
afterAll(async () => {
  await t.destroy();
  rmSync(dir, { recursive: true, force: true });
});

async function accept(caseNo: string, atMs: number): Promise<void> {
  await t.db.updateTable('incident').set({ status: 'accepted', accepted_at: new Date(atMs) }).where('case_no', '=', caseNo).execute();
}

describe(`incidents on ${testDbKind}`, () => {
  it('files a case with a unique KP-YYYYMMDD-NNNN number, private order number and evidence', async () => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const r1 = await fileIncident(t.db, rt, a.id, { platformId: p, kind: 'exit_scam', occurredOn: '2026-11-20', orderNumber: 'ORD-778899', amountYuan: '3000.50', body, file: new File([png], 'e.png') }, nowMs);
    const r2 = await fileIncident(t.db, rt, a.id, { platformId: p, kind: 'withdrawal_blocked', occurredOn: '2026-11-21', body }, nowMs);
    expect(r1.caseNo).toMatch(/^KP-20261125-\d{4}$/);
    expect(r1.caseNo.startsWith(caseNoPrefix(nowMs))).toBe(true);
    expect(Number(r2.caseNo.slice(-4))).toBe(Number(r1.caseNo.slice(-4)) + 1);
    expect(r1.evidenceError).toBeNull();
    const row = await t.db.selectFrom('incident').selectAll().where('id', '=', r1.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'submitted', order_number: 'ORD-778899', amount_cents: 300050, kind: 'exit_scam', reporter_id: a.id });
    expect(row.upload_id).not.toBeNull();
    const updates = await t.db.selectFrom('incident_update').selectAll().where('incident_id', '=', r1.id).execute();
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ author_role: 'reporter', status_to: 'submitted' });
    const view = await loadIncident(t.db, r1.caseNo, nowMs);
    expect(JSON.stringify(view)).not.toContain('ORD-778899');
  });

  it.each([
    ['unknown kind', { kind: 'gossip' }, 'kind', 'field.choice'],
    ['no date', { occurredOn: null }, 'occurredOn', 'field.required'],
    ['future date', { occurredOn: '2027-01-01' }, 'occurredOn', 'reviews.error.futureDate'],
    ['negative amount', { amountYuan: '-5' }, 'amountYuan', 'reviews.error.amount'],
    ['amount abc', { amountYuan: 'abc' }, 'amountYuan', 'reviews.error.amount'],
    ['short body', { body: '跑路了' }, 'body', { key: 'field.tooShort', params: { min: 20 } }],
    ['5 MB body', { body: 'x'.repeat(5 * 1024 * 1024) }, 'body', { key: 'field.tooLong', params: { max: 10000 } }],
    ['order number 65', { orderNumber: '9'.repeat(65) }, 'orderNumber', { key: 'field.tooLong', params: { max: 64 } }],
  ])('refuses %s and writes nothing', async (_n, extra, field, key) => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const f = await failure(fileIncident(t.db, rt, a.id, { platformId: p, kind: 'exit_scam', occurredOn: '2026-11-20', body, ...extra }, nowMs));
    expectFieldMessage(f, field, key);
    expect(await t.db.selectFrom('incident').select('id').where('platform_id', '=', p).execute()).toHaveLength(0);
  });

  it('keeps the case when the evidence file is an executable, and says why', async () => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 1)]);
    const r = await fileIncident(t.db, rt, a.id, { platformId: p, kind: 'invalid_keys', occurredOn: '2026-11-20', body, file: new File([exe], 'proof.png') }, nowMs);
    expect(r.evidenceError?.messageKey).toBe('upload.type');
    const row = await t.db.selectFrom('incident').select(['upload_id', 'status']).where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ upload_id: null, status: 'submitted' });
  });

  it('after a refused file the reporter adds the evidence later, once; nobody else can', async () => {
    const a = await makeAccount(t.db);
    const other = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 1)]);
    const r = await fileIncident(t.db, rt, a.id, { platformId: p, kind: 'invalid_keys', occurredOn: '2026-11-20', body, file: new File([exe], 'proof.png') }, nowMs);
    expect(r.evidenceError?.messageKey).toBe('upload.type');

    expect(await failure(attachEvidence(t.db, rt, a.id, r.caseNo, null, nowMs))).toMatchObject({ key: 'reviews.incident.evidence.empty', field: 'file' });
    expect(await failure(attachEvidence(t.db, rt, a.id, r.caseNo, new File([exe], 'again.png'), nowMs))).toMatchObject({ key: 'upload.type', field: 'file' });
    expect(await failure(attachEvidence(t.db, rt, other.id, r.caseNo, new File([png], 'x.png'), nowMs))).toMatchObject({ key: 'reviews.error.notReporter', status: 'FORBIDDEN' });
    const none = await t.db.selectFrom('incident').select('upload_id').where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(none.upload_id).toBeNull();

    await attachEvidence(t.db, rt, a.id, r.caseNo, new File([png], 'receipt.png'), nowMs + 60_000);
    const row = await t.db.selectFrom('incident').innerJoin('upload', 'upload.id', 'incident.upload_id').select(['upload.owner_id', 'upload.purpose', 'upload.mime']).where('incident.id', '=', r.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ owner_id: a.id, purpose: 'incident', mime: 'image/png' });
    expect(await failure(attachEvidence(t.db, rt, a.id, r.caseNo, new File([png], 'y.png'), nowMs))).toMatchObject({ key: 'reviews.incident.evidence.exists', status: 'CONFLICT' });
  });

  it('reporter updates and resolves; others cannot; the platform representative replies', async () => {
    const a = await makeAccount(t.db);
    const other = await makeAccount(t.db);
    const rep = await makeAccount(t.db);
    const pendingRep = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    await makeRepresentative(t.db, rep.id, p);
    await makeRepresentative(t.db, pendingRep.id, p, 'pending');
    const { caseNo, id } = await fileIncident(t.db, rt, a.id, { platformId: p, kind: 'refund_refused', occurredOn: '2026-11-20', body }, nowMs);
    expect((await failure(addReporterUpdate(t.db, other.id, { caseNo, body: '我也想补充一句。' }, nowMs))).status).toBe('FORBIDDEN');
    expect((await failure(addPlatformReply(t.db, pendingRep.id, { caseNo, body: '我们会处理。' }, nowMs))).key).toBe('reviews.error.notRepresentative');
    expect((await failure(resolveIncident(t.db, other.id, { caseNo }, nowMs))).status).toBe('FORBIDDEN');
    expect((await failure(addReporterUpdate(t.db, a.id, { caseNo, body: '' }, nowMs))).fields?.body).toBe('field.required');
    await addReporterUpdate(t.db, a.id, { caseNo, body: '补充：客服让我等七个工作日。' }, nowMs + 1000);
    await accept(caseNo, nowMs + 2000);
    const replied = await addPlatformReply(t.db, rep.id, { caseNo, body: '已核实，今天内原路退款。' }, nowMs + 3000);
    expect(replied.status).toBe('platform_replied');
    await resolveIncident(t.db, a.id, { caseNo, note: '收到退款了。' }, nowMs + 2 * dayMs);
    const row = await t.db.selectFrom('incident').select(['status', 'closed_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('resolved');
    expect(row.closed_at?.getTime()).toBe(nowMs + 2 * dayMs);
    const view = await loadIncident(t.db, caseNo, nowMs + 3 * dayMs);
    expect(view?.updates.map((u) => [u.role, u.statusTo])).toEqual([
      ['reporter', 'submitted'], ['reporter', null], ['platform', 'platform_replied'], ['reporter', 'resolved'],
    ]);
    expect((await failure(resolveIncident(t.db, a.id, { caseNo }, nowMs + 3 * dayMs))).key).toBe('reviews.error.incidentClosed');
  });

  it('accepted cases with no resolution after 15 days read as unresolved and closeStaleIncidents persists it', async () => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const old = await fileIncident(t.db, rt, a.id, { platformId: p, kind: 'exit_scam', occurredOn: '2026-10-01', body }, nowMs - 20 * dayMs);
    const recent = await fileIncident(t.db, rt, a.id, { platformId: p, kind: 'exit_scam', occurredOn: '2026-11-20', body }, nowMs - 3 * dayMs);
    const submittedOnly = await fileIncident(t.db, rt, a.id, { platformId: p, kind: 'exit_scam', occurredOn: '2026-10-01', body }, nowMs - 30 * dayMs);
    await accept(old.caseNo, nowMs - 19 * dayMs);
    await accept(recent.caseNo, nowMs - 2 * dayMs);
    expect((await loadIncident(t.db, old.caseNo, nowMs))?.status).toBe('unresolved');
    expect((await loadIncident(t.db, recent.caseNo, nowMs))?.status).toBe('accepted');
    expect((await loadIncident(t.db, submittedOnly.caseNo, nowMs))?.status).toBe('submitted');
    expect(effectiveStatus({ status: 'accepted', acceptedAt: new Date(nowMs - unresolvedAfterMs + 1000), createdAt: new Date(0) }, nowMs)).toBe('accepted');
    const { moved, tags } = await closeStaleIncidents(t.db, nowMs);
    expect(moved).toBeGreaterThanOrEqual(1);
    expect(tags).toContain(`platform:${p}`);
    const row = await t.db.selectFrom('incident').select('status').where('id', '=', old.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('unresolved');
    const sys = await t.db.selectFrom('incident_update').selectAll().where('incident_id', '=', old.id).where('author_role', '=', 'system').execute();
    expect(sys).toHaveLength(1);
    expect(await closeStaleIncidents(t.db, nowMs)).toEqual({ moved: 0, tags: [] }); // idempotent
    // The reporter can still resolve an unresolved case.
    await resolveIncident(t.db, a.id, { caseNo: old.caseNo }, nowMs + dayMs);
    const s = await loadIncidentSummary(t.db, p, nowMs + dayMs);
    expect(s).toMatchObject({ open: 2, resolved: 1, unresolved: 0 });
    expect(s.medianDaysToResolution).toBe(21);
  });

  it('the unresolved event is dated day 15 (accepted + 15 days), not when the job ran, before and after it persists', async () => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const late = await fileIncident(t.db, rt, a.id, { platformId: p, kind: 'refund_refused', occurredOn: '2026-10-01', body }, nowMs - 30 * dayMs);
    const quiet = await fileIncident(t.db, rt, a.id, { platformId: p, kind: 'refund_refused', occurredOn: '2026-10-02', body }, nowMs - 30 * dayMs);
    const acceptedMs = nowMs - 20 * dayMs;
    const day15 = acceptedMs + unresolvedAfterMs;
    await accept(late.caseNo, acceptedMs);
    await accept(quiet.caseNo, acceptedMs + 1000);
    expect(unresolvedAtMs({ acceptedAt: new Date(acceptedMs), createdAt: new Date(0) })).toBe(day15);
    // The reporter writes after day 15, before the job gets to it (a server down for days).
    await addReporterUpdate(t.db, a.id, { caseNo: late.caseNo, body: '还是没有退款，客服不再回复。' }, nowMs - 3 * dayMs);
    const timeline = (v: Awaited<ReturnType<typeof loadIncident>>) => v!.updates.map((u) => [u.role, u.statusTo, u.createdAt.getTime()]);
    const expected = [['reporter', 'submitted', nowMs - 30 * dayMs], ['system', 'unresolved', day15], ['reporter', null, nowMs - 3 * dayMs]];
    // Shown before the job persists it, in its place.
    expect(timeline(await loadIncident(t.db, late.caseNo, nowMs))).toEqual(expected);

    // The job's clock (nowMs) only decides what is due.
    expect((await closeStaleIncidents(t.db, nowMs)).moved).toBe(2);
    const events = await t.db.selectFrom('incident_update').select(['incident_id', 'created_at']).where('author_role', '=', 'system')
      .where('incident_id', 'in', [late.id, quiet.id]).orderBy('incident_id').execute();
    expect(events.map((e) => [e.incident_id, e.created_at.getTime()])).toEqual([[late.id, day15], [quiet.id, day15 + 1000]]);
    const rows = await t.db.selectFrom('incident').select(['id', 'status', 'updated_at']).where('id', 'in', [late.id, quiet.id]).orderBy('id').execute();
    expect(rows.map((r) => [r.status, r.updated_at.getTime()])).toEqual([
      ['unresolved', nowMs - 3 * dayMs], // a later update keeps its time
      ['unresolved', day15 + 1000],
    ]);
    const after = await loadIncident(t.db, late.caseNo, nowMs + dayMs);
    expect(timeline(after)).toEqual(expected);
    expect(after!.updates.every((u) => u.id > 0)).toBe(true);
    expect((await closeStaleIncidents(t.db, nowMs + 7 * dayMs)).moved).toBe(0);
  });

  it('median of resolution times', () => {
    expect(medianDays([])).toBeNull();
    expect(medianDays([dayMs])).toBe(1);
    expect(medianDays([dayMs, 3 * dayMs])).toBe(2);
    expect(medianDays([5 * dayMs, dayMs, 2 * dayMs])).toBe(2);
  });
});
