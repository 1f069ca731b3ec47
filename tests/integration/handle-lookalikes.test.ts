// Issue 16, finding 4: look-alike staff handles were accepted — `аdmin` (Cyrillic а), `mod_lіn`
// (Cyrillic і), `ɑdmin` (Latin alpha), `admın` (dotless ı) and `admin` + U+3164 (stored as U+1160).
import { beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from '../helpers/db.ts';
import { useAccountTestEnv } from '../helpers/account-env.ts';
import * as accounts from '../../src/server/accounts/account.service.ts';
import { DomainError } from '../../src/server/errors.ts';

const env = useAccountTestEnv('http://127.0.0.1:4504');

const password = 'a long enough pass';
let n = 0;
async function signUp(handle: string): Promise<string> {
  n++;
  try {
    await accounts.signUp(env.db, { handle, email: `lookalike${n}@example.com`, password, fingerprint: 'fp' }, env.mailContext());
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError) return `${e.field}:${e.messageKey}`;
    throw e;
  }
}

describe(`look-alike handles on ${testDbKind}`, () => {
  beforeAll(async () => {
    // The staff of the finding: made by create-admin (staff may hold reserved names).
    await accounts.createAccountWithRole(env.db, { handle: 'admin', email: 'admin@example.com', password, fingerprint: 'cli', role: 'admin' });
    await accounts.createAccountWithRole(env.db, { handle: 'mod_lin', email: 'lin@example.com', password, fingerprint: 'cli', role: 'moderator' });
  });

  it.each([
    ['\u0430dmin', 'handle:auth.handle.mixedScripts'], // Cyrillic а
    ['mod_l\u0456n', 'handle:auth.handle.mixedScripts'], // Cyrillic і
    ['\u0251dmin', 'handle:auth.handle.reserved'], // Latin alpha ɑ: one script, same skeleton as admin
    ['adm\u0131n', 'handle:auth.handle.reserved'], // dotless ı
    ['admin\u3164', 'handle:auth.handle.invisible'], // Hangul filler (NFKC → U+1160)
    ['admin\u1160', 'handle:auth.handle.invisible'],
    ['\u115Fadmin', 'handle:auth.handle.invisible'],
    ['admin\uFFA0', 'handle:auth.handle.invisible'],
    ['ad\u200Bmin', 'handle:auth.handle.invisible'], // zero-width space
    ['ad\u200Dmin', 'handle:auth.handle.invisible'], // zero-width joiner
    ['rnod_lin', 'handle:auth.handle.lookalike'], // rn reads as m
    ['m0d_lin', 'handle:auth.handle.lookalike'], // 0 for o
    ['MOD_LIN', 'handle:auth.handleTaken'], // the same handle in capitals
    ['moderator', 'handle:auth.handle.reserved'],
    ['管理员', 'handle:auth.handle.reserved'],
    ['ｍｏｄ', 'handle:auth.handle.reserved'], // full-width, NFKC → mod
  ])('%j is refused (%s)', async (handle, expected) => {
    expect(await signUp(handle)).toBe(expected);
  });

  it.each(['老王买卡', '老王abc', '山田たろう', '김철수abc', 'Ελληνικά', 'mod_lin_fan', 'adminfan', 'paypal'])('%j is accepted', async (handle) => {
    expect(await signUp(handle)).toBe('ok');
  });

  it('fills the skeleton of accounts stored without one, then finds their look-alikes', async () => {
    await env.db.insertInto('account').values({
      handle: 'old_timer', handle_key: 'old_timer', email: 'old@example.com', email_key: 'old@example.com', password_hash: 'x',
      registration_fingerprint: 'fp', status_reason: null, totp_key_encrypted: null, totp_last_step: null, totp_enabled_at: null,
    }).execute();
    // Imported here so the cases above run (and fail) on code from before the fix as well.
    const { backfillHandleSkeletons } = await import('../../src/server/accounts/account.repository.ts');
    expect(await backfillHandleSkeletons(env.db)).toBeGreaterThanOrEqual(1);
    expect(await signUp('o1d_timer')).toBe('handle:auth.handle.lookalike');
  });
});
