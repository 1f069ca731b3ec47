import { describe, expect, it } from 'vitest';
import { testDbKind } from '../helpers/db.ts';
import { useAccountTestEnv } from '../helpers/account-env.ts';
import * as accounts from '../../src/server/accounts/account.service.ts';
import { DomainError } from '../../src/server/errors.ts';
import { formErrors } from '../../src/server/http/form-errors.ts';
import { createSecretBox } from '../../src/server/security/secret-box.ts';
import { totpCodeAtStep, totpStep } from '../../src/server/accounts/totp.ts';
import { inactivityTimeoutMs, sessionAbsoluteLifetimeMs } from '../../src/server/accounts/session-token.ts';

const env = useAccountTestEnv('http://127.0.0.1:4506');

const mailCtx = () => env.mailContext();
const signUpVerified = env.signUpVerified;

const fp = 'fp-test';
const box = createSecretBox('x'.repeat(40), 'totp-key');

async function codeOf(e: Promise<unknown>): Promise<string> {
  try {
    await e;
    return 'ok';
  } catch (err) {
    if (err instanceof DomainError) return `${err.code}:${err.field ?? ''}`;
    throw err;
  }
}

describe(`accounts on ${testDbKind}`, () => {
  it('signs up, logs in, validates and ends a session', async () => {
    const acc = await signUpVerified({ handle: '测试Alice', email: 'Alice@Example.com', password: 'a long enough pass', fingerprint: fp });
    expect(acc.role).toBe('member');
    const row = await env.db.selectFrom('account').selectAll().where('id', '=', acc.id).executeTakeFirstOrThrow();
    expect(row.handle_key).toBe('测试alice');
    expect(row.email_key).toBe('alice@example.com');
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.registration_fingerprint).toBe(fp);

    const login = await accounts.verifyCredentials(env.db, 'ALICE@example.com', 'a long enough pass');
    expect(login.account.id).toBe(acc.id);
    const now = Date.now();
    const { token, session } = await accounts.createSession(env.db, acc.id, false, now);
    const stored = await env.db.selectFrom('session').selectAll().where('id', '=', session.id).executeTakeFirstOrThrow();
    // Only a hash of the secret is stored: the token's secret never appears.
    expect(Buffer.from(stored.secret_hash).toString('utf8')).not.toContain(token.split('.')[1]);
    const v = await accounts.validateSessionToken(env.db, token, now + 1000);
    expect(v?.account.id).toBe(acc.id);
    // A same-length wrong secret fails.
    const [id, secret] = token.split('.');
    const wrong = `${id}.${secret!.slice(0, -1)}${secret!.endsWith('a') ? 'b' : 'a'}`;
    expect(await accounts.validateSessionToken(env.db, wrong, now)).toBeNull();
    await accounts.logOut(env.db, session.id);
    expect(await accounts.validateSessionToken(env.db, token, now)).toBeNull();
  });

  it('refuses duplicates case-insensitively and after NFKC', async () => {
    await signUpVerified({ handle: 'Bob', email: 'bob@example.com', password: 'a long enough pass', fingerprint: fp });
    expect(await codeOf(accounts.signUp(env.db, { handle: 'ＢＯＢ', email: 'other@example.com', password: 'a long enough pass', fingerprint: fp }, mailCtx()))).toBe('handle_taken:handle');
    // A registered address: no error (that would tell whether it is registered), no account.
    expect(await accounts.signUp(env.db, { handle: 'bob2', email: 'BOB@EXAMPLE.COM', password: 'a long enough pass', fingerprint: fp }, mailCtx())).toBeNull();
    const count = await env.db.selectFrom('account').select((eb) => eb.fn.countAll<number>().as('n')).where('email_key', '=', 'bob@example.com').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it.each([
    [{ handle: '', email: 'a@b.co', password: 'a long enough pass' }, 'handle'],
    [{ handle: 'x', email: 'a@b.co', password: 'a long enough pass' }, 'handle'],
    [{ handle: 'ok_name', email: 'not-an-email', password: 'a long enough pass' }, 'email'],
    [{ handle: 'ok_name', email: 'a@b.co', password: 'short' }, 'password'],
    [{ handle: 'ok_name', email: 'a@b.co', password: 'password123' }, 'password'],
    [{ handle: 'ok\uD800name', email: 'a@b.co', password: 'a long enough pass' }, 'handle'],
    [{ handle: 'a'.repeat(33), email: 'a@b.co', password: 'a long enough pass' }, 'handle'],
  ])('rejects bad sign-up input %j on field %s and writes nothing', async (input, field) => {
    const before = await env.db.selectFrom('account').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(await codeOf(accounts.signUp(env.db, { ...input, fingerprint: fp }, mailCtx()))).toBe(`invalid_input:${field}`);
    const after = await env.db.selectFrom('account').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('gives handle and e-mail the one invalid-encoding check (a replaced byte, U+FFFD, as well as a lone surrogate)', () => {
    const fieldsOf = (input: { handle: string; email: string; password: string }) => {
      try {
        accounts.validateSignUp({ ...input, fingerprint: fp });
        return null;
      } catch (e) {
        return (e as { fields?: Record<string, string> }).fields ?? null;
      }
    };
    expect(fieldsOf({ handle: 'ok\uFFFDname', email: 'a@b.co', password: 'a long enough pass' })).toMatchObject({ handle: 'field.invalidUtf8' });
    expect(fieldsOf({ handle: 'ok_name', email: 'a\uFFFD@b.co', password: 'a long enough pass' })).toMatchObject({ email: 'field.invalidUtf8' });
    expect(fieldsOf({ handle: 'ok_name', email: 'a@b.co', password: 'a long \uD800 pass' })).toMatchObject({ password: 'field.invalidUtf8' });
  });

  it('log-in failures never say which part was wrong', async () => {
    await signUpVerified({ handle: 'carol', email: 'carol@example.com', password: 'a long enough pass', fingerprint: fp });
    const wrongPw = await codeOf(accounts.verifyCredentials(env.db, 'carol', 'wrong password here'));
    const noUser = await codeOf(accounts.verifyCredentials(env.db, 'nobody_here', 'a long enough pass'));
    expect(wrongPw).toBe('login_failed:');
    expect(noUser).toBe(wrongPw);
  });

  it('expires sessions by inactivity and absolute lifetime', async () => {
    const acc = await signUpVerified({ handle: 'dave', email: 'dave@example.com', password: 'a long enough pass', fingerprint: fp });
    const now = Date.now();
    const a = await accounts.createSession(env.db, acc.id, false, now);
    expect(await accounts.validateSessionToken(env.db, a.token, now + inactivityTimeoutMs + 1)).toBeNull();
    expect(await env.db.selectFrom('session').select('id').where('id', '=', a.session.id).executeTakeFirst()).toBeUndefined();
    const b = await accounts.createSession(env.db, acc.id, false, now);
    expect(await accounts.validateSessionToken(env.db, b.token, now + sessionAbsoluteLifetimeMs + 1)).toBeNull();
  });

  it('changes the password and ends the other sessions; log out everywhere', async () => {
    const acc = await signUpVerified({ handle: 'erin', email: 'erin@example.com', password: 'a long enough pass', fingerprint: fp });
    const now = Date.now();
    const keep = await accounts.createSession(env.db, acc.id, false, now);
    const other = await accounts.createSession(env.db, acc.id, false, now);
    expect(await codeOf(accounts.changePassword(env.db, acc, 'not the password', 'new long password!', keep.session.id))).toBe('wrong_password:currentPassword');
    await accounts.changePassword(env.db, acc, 'a long enough pass', 'new long password!', keep.session.id);
    expect(await accounts.validateSessionToken(env.db, other.token, now)).toBeNull();
    expect(await accounts.validateSessionToken(env.db, keep.token, now)).not.toBeNull();
    await accounts.verifyCredentials(env.db, 'erin', 'new long password!');
    expect((await accounts.logOutAll(env.db, acc.id)).ended).toBe(1);
  });

  let passwordCases = 0;
  it.each([
    ['a wrong current password and a too-short new one', 'not the password', 'short', 'wrong_password', { currentPassword: 'settings.wrongPassword', newPassword: 'auth.password.too_short' }],
    ['both fields empty', '', '', 'invalid_input', { currentPassword: 'field.required', newPassword: 'field.required' }],
    ['no current password and a common new one', '', 'password123', 'invalid_input', { currentPassword: 'field.required', newPassword: 'auth.password.common' }],
    ['a wrong current password and a lone surrogate', 'not the password', 'new long \uD800password', 'wrong_password', { currentPassword: 'settings.wrongPassword', newPassword: 'field.invalidUtf8' }],
    ['a wrong current password and no new one', 'not the password', '', 'wrong_password', { currentPassword: 'settings.wrongPassword', newPassword: 'field.required' }],
    ['the right current password and a too-short new one', 'a long enough pass', 'short', 'invalid_input', { newPassword: 'auth.password.too_short' }],
    ['the right current password and the handle as new one', 'a long enough pass', '<handle>', 'invalid_input', { newPassword: 'auth.password.same_as_identity' }],
  ] as Array<[label: string, current: string, next: string, code: string, fields: Record<string, string>]>)('refuses a password change with %s: every field\'s error at once, nothing written', async (_label, current, next, code, fields) => {
    const handle = `pw_change_${++passwordCases}`;
    const acc = await signUpVerified({ handle, email: `${handle}@example.com`, password: 'a long enough pass', fingerprint: fp });
    const now = Date.now();
    const keep = await accounts.createSession(env.db, acc.id, false, now);
    const other = await accounts.createSession(env.db, acc.id, false, now);
    const before = await env.db.selectFrom('account').select('password_hash').where('id', '=', acc.id).executeTakeFirstOrThrow();
    const newPassword = next === '<handle>' ? handle : next;
    const err = await accounts.changePassword(env.db, acc, current, newPassword, keep.session.id).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    const e = err as DomainError;
    expect(e.code).toBe(code);
    expect(e.fields).toEqual(fields);
    // The page's view of it, encoded as run() in actions/_shared.ts does (that module needs astro:actions).
    const shown = formErrors('zh-CN', { message: JSON.stringify({ k: e.messageKey, f: e.field ?? null, p: e.params ?? null, fs: e.fields ?? null }) });
    expect(Object.keys(shown.fields).sort()).toEqual(Object.keys(fields).sort());
    if (fields.currentPassword === 'settings.wrongPassword') expect(shown.fields.currentPassword).toBe('当前密码不正确。');
    if (fields.newPassword === 'auth.password.too_short') expect(shown.fields.newPassword).toBe('密码至少 10 个字符。');
    const after = await env.db.selectFrom('account').select('password_hash').where('id', '=', acc.id).executeTakeFirstOrThrow();
    expect(after.password_hash).toBe(before.password_hash);
    expect(await accounts.validateSessionToken(env.db, other.token, now)).not.toBeNull();
  });

  it('enrols TOTP, then requires it, refuses a replayed or wrong code, accepts a recovery code once', async () => {
    const acc = await signUpVerified({ handle: 'frank', email: 'frank@example.com', password: 'a long enough pass', fingerprint: fp });
    const enrol = accounts.beginTotpEnrolment(box, acc);
    const key = box.open(enrol.sealedKey, `enrol:${acc.id}`);
    const now = Date.now();
    expect(await codeOf(accounts.confirmTotpEnrolment(env.db, box, acc.id, enrol.sealedKey, '000000', now))).toBe('totp_invalid:code');
    // after the wrong code the form shows the same key again (the one already scanned), never another account's
    const resumed = accounts.resumeTotpEnrolment(box, acc, enrol.sealedKey);
    expect(resumed?.keyBase32).toBe(enrol.keyBase32);
    expect(resumed?.qrSvg).toBe(enrol.qrSvg);
    expect(accounts.resumeTotpEnrolment(box, { ...acc, id: acc.id + 1 }, enrol.sealedKey)).toBeNull();
    expect(accounts.resumeTotpEnrolment(box, acc, 'forged')).toBeNull();
    const codes = await accounts.confirmTotpEnrolment(env.db, box, acc.id, enrol.sealedKey, totpCodeAtStep(key, totpStep(now)), now);
    expect(codes).toHaveLength(10);
    const login = await accounts.verifyCredentials(env.db, 'frank', 'a long enough pass');
    expect(login.needsTotp).toBe(true);
    const s = await accounts.createSession(env.db, acc.id, false, now);
    // The enrolment code's step was recorded: the same code cannot be replayed.
    expect(await codeOf(accounts.verifySecondFactor(env.db, box, s.session.id, acc.id, totpCodeAtStep(key, totpStep(now)), now))).toBe('totp_invalid:code');
    const later = now + 30_000;
    const good = totpCodeAtStep(key, totpStep(later));
    const wrong = good.slice(0, 5) + String((Number(good[5]) + 1) % 10);
    expect(await codeOf(accounts.verifySecondFactor(env.db, box, s.session.id, acc.id, wrong, later))).toBe('totp_invalid:code');
    await accounts.verifySecondFactor(env.db, box, s.session.id, acc.id, good, later);
    const v = await accounts.validateSessionToken(env.db, s.token, later);
    expect(v?.session.twoFactorVerified).toBe(true);
    const s2 = await accounts.createSession(env.db, acc.id, false, now);
    await accounts.verifySecondFactor(env.db, box, s2.session.id, acc.id, codes[0]!, later);
    const s3 = await accounts.createSession(env.db, acc.id, false, now);
    expect(await codeOf(accounts.verifySecondFactor(env.db, box, s3.session.id, acc.id, codes[0]!, later))).toBe('totp_invalid:code');
  });
});
