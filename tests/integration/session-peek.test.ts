// The read-only session check behind shared member renders: the same answers as the full
// check for plain members, null for everyone the full pipeline must handle, never a write, and
// a copy that logging out, password changes and moderation drop at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, testDbKind, type TestDb } from '../helpers/db.ts';
import { makeAccount } from '../helpers/accounts.ts';
import * as accounts from '../../src/server/accounts/account.service.ts';
import { createSessionPeek, peekTtlMs } from '../../src/server/accounts/session-peek.ts';
import { activityCheckIntervalMs } from '../../src/server/accounts/session-token.ts';
import { invalidatePages } from '../../src/server/http/invalidation.ts';

let t: TestDb;
let peek: ReturnType<typeof createSessionPeek>;
beforeAll(async () => {
  t = await createTestDb();
  peek = createSessionPeek(t.db);
});
afterAll(async () => {
  peek.stop();
  await t.destroy();
});

const now = Date.now();
const lastVerified = async (token: string) =>
  (await t.db.selectFrom('session').select('last_verified_at').where('id', '=', token.split('.')[0]!).executeTakeFirstOrThrow()).last_verified_at.getTime();

describe(`session peek on ${testDbKind}`, () => {
  it('names an active plain member, and only with the right secret', async () => {
    const a = await makeAccount(t.db);
    const { token } = await accounts.createSession(t.db, a.id, false, now);
    expect(await peek.peek(token, now + 1000)).toEqual({ id: a.id, handle: a.handle });
    expect(await peek.peek(`${token.split('.')[0]}.${'a'.repeat(24)}`, now + 1000)).toBeNull();
    for (const junk of ['', 'x', `${token}x`, token.toUpperCase(), "'; DROP TABLE session; --"]) expect(await peek.peek(junk, now)).toBeNull();
  });

  it('leaves staff, suspended accounts and sessions due for a refresh to the full pipeline, writing nothing', async () => {
    const mod = await makeAccount(t.db, { role: 'moderator' });
    const staff = await accounts.createSession(t.db, mod.id, true, now);
    expect(await peek.peek(staff.token, now + 1000)).toBeNull();
    const m = await makeAccount(t.db);
    const s = await accounts.createSession(t.db, m.id, false, now);
    const before = await lastVerified(s.token);
    expect(await peek.peek(s.token, now + activityCheckIntervalMs + 1)).toBeNull(); // due for its sliding refresh
    expect(await lastVerified(s.token)).toBe(before);
    await t.db.updateTable('account').set({ status: 'suspended' }).where('id', '=', m.id).execute();
    invalidatePages([`user:${m.id}`]);
    expect(await peek.peek(s.token, now + 1000)).toBeNull();
  });

  it('drops its copy on log-out, log-out everywhere and password change, not after the TTL', async () => {
    const a = await makeAccount(t.db);
    const one = await accounts.createSession(t.db, a.id, false, now);
    const two = await accounts.createSession(t.db, a.id, false, now);
    const at = now + 1000;
    expect(await peek.peek(one.token, at)).not.toBeNull();
    expect(await peek.peek(two.token, at)).not.toBeNull();
    // The test is the controller here: the service names the tags, the caller invalidates after it.
    invalidatePages((await accounts.logOut(t.db, one.session.id)).tags);
    expect(await peek.peek(one.token, at + 1)).toBeNull();
    expect(await peek.peek(two.token, at + 1)).not.toBeNull();
    invalidatePages((await accounts.logOutAll(t.db, a.id)).tags);
    expect(await peek.peek(two.token, at + 2)).toBeNull();
    // Without an invalidation a deleted session is still believed for at most the TTL.
    const three = await accounts.createSession(t.db, a.id, false, now);
    expect(await peek.peek(three.token, at)).not.toBeNull();
    await t.db.deleteFrom('session').where('id', '=', three.session.id).execute();
    expect(await peek.peek(three.token, at + peekTtlMs - 1)).not.toBeNull();
    expect(await peek.peek(three.token, at + peekTtlMs)).toBeNull();
  });
});
