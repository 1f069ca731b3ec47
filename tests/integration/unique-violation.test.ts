// isUniqueViolation recognises a race by SQLSTATE 23505 and the constraint's name: the names
// the services pass must be the ones the migrations create, on PGlite and on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKind, type TestDb } from '../helpers/db.ts';
import { makeAccount } from '../helpers/accounts.ts';
import { makePlatform } from './review-helpers.ts';
import { isUniqueViolation } from '../../src/server/db/unique-violation.ts';
import { insertClaim } from '../../src/server/reviews/review.repository.ts';
import { insertFlag } from '../../src/server/moderation/moderation.repository.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.destroy();
});

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the insert to fail');
}

describe(`unique violations on ${testDbKind}`, () => {
  it('names the representative claim constraint the claim service checks', async () => {
    const a = await makeAccount(t.db);
    const p = await makePlatform(t.db);
    await insertClaim(t.db, { platformId: p, accountId: a.id, evidence: '营业执照法定代表人本人' });
    const e = await caught(insertClaim(t.db, { platformId: p, accountId: a.id, evidence: '营业执照法定代表人本人' }));
    expect(isUniqueViolation(e, 'platform_representative_platform_id_account_id_key')).toBe(true);
    expect(isUniqueViolation(e, 'flag_one_open_idx')).toBe(false);
  });

  it('names the one-open-flag index the flag service checks', async () => {
    const a = await makeAccount(t.db);
    const target = await makeAccount(t.db);
    const flag = { reporterId: a.id, targetKind: 'account' as const, targetId: target.id, reason: 'shill', note: '', weight: 1, createdAt: new Date() };
    await insertFlag(t.db, flag);
    const e = await caught(insertFlag(t.db, flag));
    expect(isUniqueViolation(e, 'flag_one_open_idx')).toBe(true);
    expect(isUniqueViolation(new Error('duplicate key value violates unique constraint "flag_one_open_idx"'), 'flag_one_open_idx')).toBe(false);
  });
});
