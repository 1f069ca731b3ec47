// Mail-backed account flows over real SMTP: the site's mailer (nodemailer) talks TCP to an
// smtp-server started here, and the tests read the received messages for their links.
import { describe, expect, it } from 'vitest';
import { testDbKind } from '../helpers/db.ts';
import { useAccountTestEnv } from '../helpers/account-env.ts';
import * as accounts from '../../src/server/accounts/account.service.ts';
import * as accountMail from '../../src/server/accounts/account-mail.service.ts';
import { DomainError } from '../../src/server/errors.ts';
import { cacheTags } from '../../src/server/http/cache-tags.ts';

const origin = 'https://kaopu.test';
const env = useAccountTestEnv(origin);

const fp = 'fp-mail';
const password = 'a long enough pass';
const ctx = env.mailContext;

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError) return e.field ? `${e.code}:${e.field}` : e.code;
    throw e;
  }
}

function verifiedAccount(handle: string): Promise<accounts.Account> {
  return env.signUpVerified({ handle, email: `${handle}@mail.test`, password, fingerprint: fp });
}

const count = async (table: 'account' | 'session', where?: { accountId: number }) => {
  let q = env.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (where) q = q.where(table === 'account' ? 'id' : 'account_id', '=', where.accountId);
  return Number((await q.executeTakeFirstOrThrow()).n);
};

describe(`account mail on ${testDbKind}`, () => {
  it('sign-up mails a confirmation link; until it is opened the account cannot log in', async () => {
    const acc = await accounts.signUp(env.db, { handle: 'mia', email: 'Mia@Mail.test', password, fingerprint: fp }, ctx());
    expect(acc?.emailVerified).toBe(false);
    expect(await codeOf(accounts.verifyCredentials(env.db, 'mia', password))).toBe('login_failed');
    const [message] = await env.mail.inbox('mia@mail.test');
    expect(message!.subject).toBe('确认你在靠谱的注册邮箱');
    expect(message!.from).toBe('no-reply@kaopu.test');
    expect(message!.text).toContain(`${origin}/verify-email?token=`);
    const token = await env.mail.lastToken('mia@mail.test', '/verify-email');
    // Only SHA-256 of the secret is stored: neither the token nor its secret is in the row.
    const row = await env.db.selectFrom('account_token').selectAll().where('account_id', '=', acc!.id).executeTakeFirstOrThrow();
    expect(row.id).toBe(token.split('.')[0]);
    expect(Buffer.from(row.secret_hash).toString('hex')).not.toContain(Buffer.from(token.split('.')[1]!).toString('hex'));
    expect(row.expires_at.getTime() - row.created_at.getTime()).toBe(30 * 60_000);
    await accountMail.verifyEmail(env.db, token, Date.now());
    expect((await accounts.verifyCredentials(env.db, 'mia', password)).account.id).toBe(acc!.id);
    // Single use: the same link again is refused.
    expect(await codeOf(accountMail.verifyEmail(env.db, token, Date.now()))).toBe('token_invalid');
  });

  it('sign-up with a registered address answers like a new one, creates nothing and mails the owner', async () => {
    const owner = await verifiedAccount('owner_olga');
    const before = await count('account');
    const result = await accounts.signUp(env.db, { handle: 'intruder', email: 'OWNER_OLGA@mail.test', password: 'another long pass', fingerprint: fp }, ctx());
    expect(result).toBeNull(); // the action turns both outcomes into the same { sent: true }
    expect(await count('account')).toBe(before);
    const mails = await env.mail.inbox('owner_olga@mail.test');
    const notice = mails.at(-1)!;
    expect(notice.subject).toBe('有人用你的邮箱注册靠谱');
    expect(notice.text).toContain('owner_olga');
    // The owner's password did not change and they can still log in.
    expect((await accounts.verifyCredentials(env.db, 'owner_olga', password)).account.id).toBe(owner.id);
  });

  it('resets a password: one answer for known and unknown addresses, sessions revoked, link single-use', async () => {
    const acc = await verifiedAccount('rita');
    const now = Date.now();
    const s1 = await accounts.createSession(env.db, acc.id, false, now);
    const s2 = await accounts.createSession(env.db, acc.id, false, now);
    const sentBefore = env.mail.received.length;
    // Unknown address: the same (empty) answer and no mail at all.
    expect(await accountMail.requestPasswordReset(env.db, ctx(), 'nobody-here@mail.test')).toBeUndefined();
    await env.mail.inbox('nobody-here@mail.test');
    expect(env.mail.received.length).toBe(sentBefore);
    expect(await accountMail.requestPasswordReset(env.db, ctx(), 'RITA@mail.test')).toBeUndefined();
    const token = await env.mail.lastToken('rita@mail.test', '/reset-password');
    expect(await accountMail.isTokenLive(env.db, token, ['reset_password'], Date.now())).toBe(true);

    // A too-short password is refused on its field and leaves the link usable.
    expect(await codeOf(accountMail.resetPassword(env.db, token, 'short', Date.now()))).toBe('invalid_input:newPassword');
    expect(await accountMail.isTokenLive(env.db, token, ['reset_password'], Date.now())).toBe(true);
    expect(await count('session', { accountId: acc.id })).toBe(2);

    await accountMail.resetPassword(env.db, token, 'a brand new password', Date.now());
    expect(await count('session', { accountId: acc.id })).toBe(0);
    expect(await accounts.validateSessionToken(env.db, s1.token, now)).toBeNull();
    expect(await accounts.validateSessionToken(env.db, s2.token, now)).toBeNull();
    expect(await codeOf(accounts.verifyCredentials(env.db, 'rita', password))).toBe('login_failed');
    expect((await accounts.verifyCredentials(env.db, 'rita', 'a brand new password')).account.id).toBe(acc.id);
    // Reused link.
    expect(await codeOf(accountMail.resetPassword(env.db, token, 'yet another password', Date.now()))).toBe('token_invalid');
  });

  it.each([
    ['expired (30 min + 1 s later)', async (token: string) => accountMail.resetPassword(env.db, token, 'a brand new password', Date.now() + 30 * 60_000 + 1000)],
    ['with a same-length wrong secret', async (token: string) => {
      const [id, secret] = token.split('.');
      return accountMail.resetPassword(env.db, `${id}.${secret!.slice(0, -1)}${secret!.endsWith('a') ? 'b' : 'a'}`, 'a brand new password', Date.now());
    }],
    ['garbage', async () => accountMail.resetPassword(env.db, 'not-a-token', 'a brand new password', Date.now())],
    ['for another purpose (a sign-up link)', async () => {
      await accounts.signUp(env.db, { handle: 'purpose_pat', email: 'purpose_pat@mail.test', password, fingerprint: fp }, ctx());
      return accountMail.resetPassword(env.db, await env.mail.lastToken('purpose_pat@mail.test', '/verify-email'), 'a brand new password', Date.now());
    }],
  ] as const)('refuses a reset link that is %s and changes nothing', async (_label, attempt) => {
    const handle = `reset_${env.mail.received.length}`;
    const acc = await verifiedAccount(handle);
    await accounts.createSession(env.db, acc.id, false, Date.now());
    await accountMail.requestPasswordReset(env.db, ctx(), `${handle}@mail.test`);
    const token = await env.mail.lastToken(`${handle}@mail.test`, '/reset-password');
    const hashBefore = (await env.db.selectFrom('account').select('password_hash').where('id', '=', acc.id).executeTakeFirstOrThrow()).password_hash;
    expect(await codeOf(attempt(token))).toBe('token_invalid');
    const hashAfter = (await env.db.selectFrom('account').select('password_hash').where('id', '=', acc.id).executeTakeFirstOrThrow()).password_hash;
    expect(hashAfter).toBe(hashBefore);
    expect(await count('session', { accountId: acc.id })).toBe(1);
  });

  it('a newer reset link voids the earlier one', async () => {
    await verifiedAccount('twice_tom');
    await accountMail.requestPasswordReset(env.db, ctx(), 'twice_tom@mail.test');
    const first = await env.mail.lastToken('twice_tom@mail.test', '/reset-password');
    await accountMail.requestPasswordReset(env.db, ctx(), 'twice_tom@mail.test');
    const second = await env.mail.lastToken('twice_tom@mail.test', '/reset-password');
    expect(second).not.toBe(first);
    expect(await codeOf(accountMail.resetPassword(env.db, first, 'a brand new password', Date.now()))).toBe('token_invalid');
    await accountMail.resetPassword(env.db, second, 'a brand new password', Date.now());
  });

  it('a reset confirms an address never confirmed (the link proved the mailbox)', async () => {
    await accounts.signUp(env.db, { handle: 'late_lu', email: 'late_lu@mail.test', password, fingerprint: fp }, ctx());
    await accountMail.requestPasswordReset(env.db, ctx(), 'late_lu@mail.test');
    await accountMail.resetPassword(env.db, await env.mail.lastToken('late_lu@mail.test', '/reset-password'), 'a brand new password', Date.now());
    expect((await accounts.verifyCredentials(env.db, 'late_lu', 'a brand new password')).account.emailVerified).toBe(true);
  });

  it('changes the address only once both the old and the new address confirmed', async () => {
    const acc = await verifiedAccount('mover_max');
    expect(await codeOf(accountMail.requestEmailChange(env.db, ctx(), acc, 'wrong password!!', 'max.new@mail.test'))).toBe('wrong_password:currentPassword');
    expect(await codeOf(accountMail.requestEmailChange(env.db, ctx(), acc, password, 'not-an-address'))).toBe('invalid_input:newEmail');
    expect(await codeOf(accountMail.requestEmailChange(env.db, ctx(), acc, password, 'MOVER_MAX@mail.test'))).toBe('invalid_input:newEmail');
    await accountMail.requestEmailChange(env.db, ctx(), acc, password, 'max.new@mail.test');
    const oldToken = await env.mail.lastToken('mover_max@mail.test', '/confirm-email');
    const newToken = await env.mail.lastToken('max.new@mail.test', '/confirm-email');
    expect(oldToken).not.toBe(newToken);
    expect((await accountMail.confirmEmailChange(env.db, newToken, Date.now())).progress).toBe('waiting_for_old');
    const mid = await env.db.selectFrom('account').select('email').where('id', '=', acc.id).executeTakeFirstOrThrow();
    expect(mid.email).toBe('mover_max@mail.test');
    expect(await codeOf(accountMail.confirmEmailChange(env.db, newToken, Date.now()))).toBe('token_invalid');
    expect(await accountMail.confirmEmailChange(env.db, oldToken, Date.now())).toEqual({ progress: 'applied', tags: [cacheTags.account(acc.id)] });
    const after = await env.db.selectFrom('account').select(['email', 'email_key']).where('id', '=', acc.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ email: 'max.new@mail.test', email_key: 'max.new@mail.test' });
    expect((await accounts.verifyCredentials(env.db, 'max.new@mail.test', password)).account.id).toBe(acc.id);
  });

  it('a change to an address that has an account never completes; that address is told, the requester sees the usual answer', async () => {
    const acc = await verifiedAccount('taker_tia');
    await verifiedAccount('holder_hal');
    expect(await accountMail.requestEmailChange(env.db, ctx(), acc, password, 'holder_hal@mail.test')).toBeUndefined();
    const toHolder = (await env.mail.inbox('holder_hal@mail.test')).at(-1)!;
    expect(toHolder.subject).toBe('有人想把靠谱账号的邮箱换成你的地址');
    expect(toHolder.text).not.toContain('/confirm-email');
    const oldToken = await env.mail.lastToken('taker_tia@mail.test', '/confirm-email');
    expect((await accountMail.confirmEmailChange(env.db, oldToken, Date.now())).progress).toBe('waiting_for_new');
    const row = await env.db.selectFrom('account').select('email').where('id', '=', acc.id).executeTakeFirstOrThrow();
    expect(row.email).toBe('taker_tia@mail.test');
  });

  it('links point at the configured origin, never at a Host header', () => {
    const url = new URL('http://evil.example/forgot-password');
    expect(accountMail.mailLinkOrigin('https://kaopu.example', url, 4321)).toBe('https://kaopu.example');
    expect(accountMail.mailLinkOrigin(null, url, 4321)).toBe('http://127.0.0.1:4321');
    expect(accountMail.mailLinkOrigin(null, new URL('http://localhost:4506/x'), 4321)).toBe('http://localhost:4506');
  });
});
