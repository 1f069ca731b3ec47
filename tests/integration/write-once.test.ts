// One-time form tokens: a replayed token creates one row and answers with the first result;
// a failed submit frees its token; a token is bound to one account and one action.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKind, type TestDb } from '../helpers/db.ts';
import { makeAccount } from '../helpers/accounts.ts';
import { makePlatform } from './review-helpers.ts';
import { fileIncident } from '../../src/server/incidents/incident.service.ts';
import { newFormToken, runOnce, staleClaimMs, isFormToken } from '../../src/server/writes/write-once.service.ts';
import { DomainError } from '../../src/server/errors.ts';

let t: TestDb;
const rt = { config: { uploadDir: '/nonexistent' } };
const nowMs = Date.parse('2026-11-25T04:00:00Z');
const body = '预存余额三千元无法提现，客服失联，网站已经打不开了。';

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.destroy();
});

const incidentsOf = async (reporterId: number) =>
  Number((await t.db.selectFrom('incident').select((eb) => eb.fn.countAll<number>().as('n')).where('reporter_id', '=', reporterId).executeTakeFirstOrThrow()).n);

describe(`one-time form tokens on ${testDbKind}`, () => {
  it('tokens are 128 random bits in base64url', () => {
    const a = newFormToken();
    expect(isFormToken(a)).toBe(true);
    expect(a).not.toBe(newFormToken());
    expect(isFormToken('x'.repeat(21))).toBe(false);
    expect(isFormToken(`${'x'.repeat(21)}=`)).toBe(false);
  });

  it('a replayed token creates one complaint case and returns the first case number, marked duplicate', async () => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const token = newFormToken();
    const file = () => fileIncident(t.db, rt, a.id, { platformId: p, kind: 'exit_scam', occurredOn: '2026-11-20', body }, nowMs);
    const first = await runOnce(t.db, a.id, 'reviews.incident', token, file);
    // back + resubmit, and a double click (two at once)
    const again = await runOnce(t.db, a.id, 'reviews.incident', token, file);
    const [x, y] = await Promise.all([runOnce(t.db, a.id, 'reviews.incident', token, file), runOnce(t.db, a.id, 'reviews.incident', token, file)]);
    expect(first.duplicate).toBeUndefined();
    for (const r of [again, x, y]) expect(r).toEqual({ ...first, duplicate: true });
    expect(await incidentsOf(a.id)).toBe(1);
    // Without the token (or with a fresh one) a second case is a second case.
    await runOnce(t.db, a.id, 'reviews.incident', newFormToken(), file);
    expect(await incidentsOf(a.id)).toBe(2);
  });

  it('two first submits at once: exactly one creates, the other waits and lands on its result', async () => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const token = newFormToken();
    const file = () => fileIncident(t.db, rt, a.id, { platformId: p, kind: 'exit_scam', occurredOn: '2026-11-20', body }, nowMs);
    const results = await Promise.all(Array.from({ length: 4 }, () => runOnce(t.db, a.id, 'reviews.incident', token, file)));
    expect(await incidentsOf(a.id)).toBe(1);
    expect(new Set(results.map((r) => r.caseNo)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
  });

  it('the database refuses a second claim of one token (the primary key backs it)', async () => {
    const a = await makeAccount(t.db);
    const token = newFormToken();
    await t.db.insertInto('write_once').values({ account_id: a.id, form_token: token, action: 'x', result: null }).execute();
    await expect(t.db.insertInto('write_once').values({ account_id: a.id, form_token: token, action: 'x', result: null }).execute()).rejects.toThrow();
    await expect(t.db.insertInto('write_once').values({ account_id: a.id, form_token: 'short', action: 'x', result: null }).execute()).rejects.toThrow();
  });

  it('a refused submit frees its token: the corrected form goes through with it', async () => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    const token = newFormToken();
    const bad = await runOnce(t.db, a.id, 'reviews.incident', token, () => fileIncident(t.db, rt, a.id, { platformId: p, kind: 'gossip', occurredOn: '2026-11-20', body }, nowMs)).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(DomainError);
    const good = await runOnce(t.db, a.id, 'reviews.incident', token, () => fileIncident(t.db, rt, a.id, { platformId: p, kind: 'exit_scam', occurredOn: '2026-11-20', body }, nowMs));
    expect(good.duplicate).toBeUndefined();
    expect(await incidentsOf(a.id)).toBe(1);
  });

  it('a token is bound to its account and its action; a malformed one is refused before anything runs', async () => {
    const a = await makeAccount(t.db);
    const b = await makeAccount(t.db);
    const token = newFormToken();
    let runs = 0;
    const create = async () => ({ n: ++runs });
    await runOnce(t.db, a.id, 'reviews.followUp', token, create);
    // Another account with the same token is a different form.
    expect((await runOnce(t.db, b.id, 'reviews.followUp', token, create)).duplicate).toBeUndefined();
    // The same account replaying it on another action is a tampered form.
    await expect(runOnce(t.db, a.id, 'reviews.create', token, create)).rejects.toBeInstanceOf(DomainError);
    await expect(runOnce(t.db, a.id, 'reviews.create', 'not a token', create)).rejects.toBeInstanceOf(DomainError);
    expect(runs).toBe(2);
  });

  it('a claim left without a result by a crashed submit is taken over after the stale time', async () => {
    const a = await makeAccount(t.db);
    const token = newFormToken();
    await t.db.insertInto('write_once').values({ account_id: a.id, form_token: token, action: 'reviews.create', result: null, created_at: new Date(nowMs) }).execute();
    let clock = nowMs + 1000;
    const sleeps: number[] = [];
    const opts = { now: () => clock, sleep: async (ms: number) => { sleeps.push(ms); clock += ms; } };
    // Still fresh: waits, then says it is in progress (the wait is bounded).
    const early = await runOnce(t.db, a.id, 'reviews.create', token, async () => ({ id: 1 }), opts).catch((e: unknown) => e);
    expect((early as DomainError).messageKey).toBe('once.inProgress');
    expect(sleeps.length).toBeGreaterThan(0);
    clock = nowMs + staleClaimMs + 1;
    expect(await runOnce(t.db, a.id, 'reviews.create', token, async () => ({ id: 2 }), opts)).toEqual({ id: 2 });
  });
});
