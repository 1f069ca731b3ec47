// The account flows that go through the mailbox: confirming the address at sign-up,
// resetting a forgotten password, and moving to a new address (confirmed on both ends).
//
// Links carry a single-use token `<id>.<secret>` made like a session token (120-bit
// secret, only SHA-256 of it stored; session-token.ts) and live 30 minutes. No answer
// says whether an address has an account: the caller shows one message for both cases,
// and mail goes out after the answer (mailer.ts), so timing does not tell either.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError, FieldErrors } from '../errors.ts';
import { t, localePath, type KeySuffix, type Locale } from '../../i18n/index.ts';
import { cleanText, hasLoneSurrogate, isWellFormedInput, normaliseIdentifier } from '../content/text.ts';
import type { Mailer } from '../mail/mailer.ts';
import { checkPasswordPolicy, passwordPolicyKeys, hashPassword } from './password.ts';
import { generateSessionToken, hashSessionSecret, parseSessionToken, verifySessionSecret } from './session-token.ts';
import type { AccountRow, AccountTokenPurpose } from './account.table.ts';
import * as repo from './account.repository.ts';
import { checkCurrentPassword } from './current-password.ts';
import type { Account } from './account.repository.ts';
import { cacheTags, type WithTags } from '../http/cache-tags.ts';
import { minuteMs } from '../time.ts';

/**
 * Lifetime of a mailed link (ms): 30 minutes. OWASP's Forgot Password Cheat Sheet asks for
 * short-lived, single-use reset tokens; 30 min covers a slow mail delivery and a coffee.
 */
export const accountTokenLifetimeMs = 30 * minuteMs;
export const accountTokenLifetimeMinutes = accountTokenLifetimeMs / minuteMs;

/** What a flow needs to send mail: the mailer, the site's origin for links, and the time. */
export interface MailContext {
  mailer: Mailer;
  /** e.g. https://kaopu.example — from config, never from the request's Host header (mailLinkOrigin). */
  origin: string;
  nowMs: number;
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The origin written into mailed links. A Host header chosen by an attacker must never pick it
 * (a reset link pointing at their site would hand them the token), so: PUBLIC_ORIGIN when set;
 * else the request's own origin only when it is a loopback address (local use and tests);
 * else loopback on the configured port.
 */
export function mailLinkOrigin(publicOrigin: string | null, requestUrl: URL, port: number): string {
  if (publicOrigin) return publicOrigin;
  if (loopbackHosts.has(requestUrl.hostname)) return requestUrl.origin;
  return `http://127.0.0.1:${port}`;
}

type Trx = Transaction<Database>;

function link(ctx: MailContext, locale: Locale, path: string, token: string): string {
  return `${ctx.origin}${localePath(locale, path)}?token=${encodeURIComponent(token)}`;
}

/** A mail with a subject and a body key (mail.verify.subject / mail.verify.body). */
type MailKey = KeySuffix<'mail'> extends infer K ? (K extends `${infer B}.subject` ? `mail.${B}` : never) : never;

function mailText(locale: Locale, key: MailKey, params: Record<string, string | number>): { subject: string; text: string } {
  return { subject: t(locale, `${key}.subject`, params), text: t(locale, `${key}.body`, { ...params, minutes: accountTokenLifetimeMinutes }) };
}

async function issueToken(trx: Trx | Kysely<Database>, accountId: number, purpose: AccountTokenPurpose, nowMs: number, emailChangeId: number | null = null): Promise<string> {
  const { id, secret, token } = generateSessionToken();
  await repo.insertAccountToken(trx, {
    id, secretHash: hashSessionSecret(secret), accountId, purpose, emailChangeId,
    expiresAt: new Date(nowMs + accountTokenLifetimeMs), createdAt: new Date(nowMs),
  });
  return token;
}

/**
 * Takes a token for one of `purposes`, or throws `token_invalid`: unknown, wrong secret,
 * expired, already used and wrong purpose all give the same answer. The row stays locked
 * until the transaction ends, so a link opened twice at once is used once.
 */
async function useToken(trx: Trx, token: string, purposes: AccountTokenPurpose[], nowMs: number) {
  const parsed = parseSessionToken(token.trim());
  if (!parsed) throw new DomainError('token_invalid');
  const row = await repo.lockAccountToken(trx, parsed.id);
  if (!row || !verifySessionSecret(parsed.secret, new Uint8Array(row.secret_hash))) throw new DomainError('token_invalid');
  if (!purposes.includes(row.purpose) || row.used_at !== null || row.expires_at.getTime() <= nowMs) throw new DomainError('token_invalid');
  if (!(await repo.markAccountTokenUsed(trx, row.id, new Date(nowMs)))) throw new DomainError('token_invalid');
  return row;
}

/** Checks a token without using it (the reset form is shown only for a live link). */
export async function isTokenLive(db: Kysely<Database>, token: string, purposes: AccountTokenPurpose[], nowMs: number): Promise<boolean> {
  const parsed = parseSessionToken(token.trim());
  if (!parsed) return false;
  const row = await repo.findAccountToken(db, parsed.id);
  return !!row && verifySessionSecret(parsed.secret, new Uint8Array(row.secret_hash)) && purposes.includes(row.purpose) && row.used_at === null && row.expires_at.getTime() > nowMs;
}

// ── sign-up ──
/** After a new account row: a link to confirm the address (sent by the caller after commit). */
export async function issueVerification(trx: Trx, account: AccountRow, nowMs: number): Promise<string> {
  return issueToken(trx, account.id, 'verify_email', nowMs);
}

export function sendVerification(ctx: MailContext, locale: Locale, to: string, handle: string, token: string): void {
  ctx.mailer.send({ to, ...mailText(locale, 'mail.verify', { handle, link: link(ctx, locale, '/verify-email', token) }) });
}

/**
 * Someone signed up with an address that already has an account: its owner is told, and
 * given a reset link in case it was them and they forgot the password. The person signing
 * up sees exactly what a new sign-up sees.
 */
export async function mailExistingOwner(db: Kysely<Database>, ctx: MailContext, emailKey: string): Promise<void> {
  const row = await repo.findAccountByKey(db, { emailKey });
  if (!row || row.status === 'banned') return;
  const token = await db.transaction().execute(async (trx) => {
    await repo.deleteUnusedAccountTokens(trx, row.id, ['reset_password']);
    return issueToken(trx, row.id, 'reset_password', ctx.nowMs);
  });
  ctx.mailer.send({
    to: row.email,
    ...mailText(row.locale, 'mail.signupExisting', {
      handle: row.handle, loginLink: `${ctx.origin}${localePath(row.locale, '/login')}`, link: link(ctx, row.locale, '/reset-password', token),
    }),
  });
}

/** Opens the sign-up link: the address is confirmed and the account may log in. */
export async function verifyEmail(db: Kysely<Database>, token: string, nowMs: number): Promise<WithTags> {
  const accountId = await db.transaction().execute(async (trx) => {
    const row = await useToken(trx, token, ['verify_email'], nowMs);
    await repo.setEmailVerified(trx, row.account_id, new Date(nowMs));
    return row.account_id;
  });
  return { tags: [cacheTags.account(accountId)] };
}

// ── password reset ──
const emailPattern = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

function cleanEmail(raw: string, field: string): { email: string; emailKey: string } {
  const errors = new FieldErrors();
  const wellFormed = isWellFormedInput(raw);
  const email = wellFormed ? cleanText(raw, { singleLine: true }).normalize('NFKC') : '';
  if (!wellFormed) errors.add(field, 'field.invalidUtf8');
  else if (!email) errors.add(field, 'field.required');
  else if (email.length > 254 || !emailPattern.test(email)) errors.add(field, 'auth.emailInvalid');
  errors.throwIfAny();
  return { email, emailKey: normaliseIdentifier(email) };
}

/**
 * "Forgot password": mails a reset link when the address has an account (not banned) and
 * does nothing otherwise; the caller answers the same either way. A new link voids the
 * earlier unused ones, so only the latest mail works.
 */
export async function requestPasswordReset(db: Kysely<Database>, ctx: MailContext, rawEmail: string): Promise<void> {
  const { emailKey } = cleanEmail(rawEmail, 'email');
  const row = await repo.findAccountByKey(db, { emailKey });
  if (!row || row.status === 'banned') return;
  const token = await db.transaction().execute(async (trx) => {
    await repo.deleteUnusedAccountTokens(trx, row.id, ['reset_password']);
    return issueToken(trx, row.id, 'reset_password', ctx.nowMs);
  });
  ctx.mailer.send({ to: row.email, ...mailText(row.locale, 'mail.reset', { handle: row.handle, link: link(ctx, row.locale, '/reset-password', token) }) });
}

/**
 * Sets a new password from a reset link. A refused password leaves the link unused (the
 * transaction rolls back), so the person can try another. On success every session of the
 * account ends (whoever knew the old password is out) and the address counts as confirmed
 * (the link proved the mailbox).
 */
export async function resetPassword(db: Kysely<Database>, token: string, newPassword: string, nowMs: number): Promise<WithTags> {
  const accountId = await db.transaction().execute(async (trx) => {
    const tokenRow = await useToken(trx, token, ['reset_password'], nowMs);
    const account = await repo.lockAccount(trx, tokenRow.account_id);
    if (!account || account.status === 'banned') throw new DomainError('token_invalid');
    const errors = new FieldErrors();
    if (!newPassword) errors.add('newPassword', 'field.required');
    else if (hasLoneSurrogate(newPassword)) errors.add('newPassword', 'field.invalidUtf8');
    else {
      const policy = checkPasswordPolicy(newPassword, { handle: account.handle, email: account.email });
      if (policy !== 'ok') errors.add('newPassword', passwordPolicyKeys[policy]);
    }
    errors.throwIfAny();
    await repo.updatePasswordHash(trx, account.id, await hashPassword(newPassword));
    await repo.setEmailVerified(trx, account.id, new Date(nowMs));
    await repo.deleteAccountSessions(trx, account.id);
    await repo.deleteUnusedAccountTokens(trx, account.id, ['reset_password']);
    return account.id;
  });
  return { tags: [cacheTags.account(accountId)] };
}

// ── change of address ──
/**
 * Asks to move the account to `newEmail`: needs the current password; mails a link to the
 * current address and one to the new address; the change happens when both are opened.
 * If the new address already belongs to another account, that address is told so instead of
 * getting a link (the change can then never complete) — and the requester sees the usual answer.
 */
export async function requestEmailChange(db: Kysely<Database>, ctx: MailContext, account: Account, currentPassword: string, rawNewEmail: string): Promise<void> {
  const errors = new FieldErrors();
  const wrongPassword = await checkCurrentPassword(db, account.id, currentPassword, errors);
  let cleaned: { email: string; emailKey: string } | null = null;
  try {
    cleaned = cleanEmail(rawNewEmail, 'newEmail');
    if (cleaned.emailKey === normaliseIdentifier(account.email)) errors.add('newEmail', 'account.emailChange.same');
  } catch (e) {
    if (!(e instanceof DomainError) || !e.fields) throw e;
    for (const [f, k] of Object.entries(e.fields)) errors.add(f, k, e.fieldParams?.[f]);
  }
  errors.throwIfAny(wrongPassword ? 'wrong_password' : 'invalid_input');
  const { email, emailKey } = cleaned!;
  const owner = await repo.findAccountByKey(db, { emailKey });
  const tokens = await db.transaction().execute(async (trx) => {
    await repo.deletePendingEmailChanges(trx, account.id);
    const changeId = await repo.insertEmailChange(trx, { accountId: account.id, newEmail: email, newEmailKey: emailKey, createdAt: new Date(ctx.nowMs) });
    const oldToken = await issueToken(trx, account.id, 'change_email_old', ctx.nowMs, changeId);
    const newToken = owner ? null : await issueToken(trx, account.id, 'change_email_new', ctx.nowMs, changeId);
    return { oldToken, newToken };
  });
  const locale = account.locale;
  ctx.mailer.send({ to: account.email, ...mailText(locale, 'mail.changeOld', { handle: account.handle, newEmail: email, link: link(ctx, locale, '/confirm-email', tokens.oldToken) }) });
  if (tokens.newToken) {
    ctx.mailer.send({ to: email, ...mailText(locale, 'mail.changeNew', { handle: account.handle, link: link(ctx, locale, '/confirm-email', tokens.newToken) }) });
  } else {
    ctx.mailer.send({ to: email, ...mailText(owner!.locale, 'mail.changeTaken', {}) });
  }
}

export type EmailChangeProgress = 'waiting_for_new' | 'waiting_for_old' | 'applied';

/** Opens one of the two change links; the second one moves the account to the new address. */
export async function confirmEmailChange(db: Kysely<Database>, token: string, nowMs: number): Promise<WithTags<{ progress: EmailChangeProgress }>> {
  const result = await db.transaction().execute(async (trx) => {
    const tokenRow = await useToken(trx, token, ['change_email_old', 'change_email_new'], nowMs);
    const change = await repo.lockEmailChange(trx, tokenRow.email_change_id!);
    if (!change || change.applied_at) throw new DomainError('token_invalid');
    const at = new Date(nowMs);
    const side = tokenRow.purpose === 'change_email_old' ? 'old' : 'new';
    await repo.confirmEmailChangeSide(trx, change.id, side, at);
    const oldDone = side === 'old' || change.old_confirmed_at !== null;
    const newDone = side === 'new' || change.new_confirmed_at !== null;
    if (!oldDone) return { progress: 'waiting_for_old' as const, accountId: change.account_id };
    if (!newDone) return { progress: 'waiting_for_new' as const, accountId: change.account_id };
    // The UNIQUE index on email_key decides a race with a sign-up for the same address.
    const taken = await repo.findAccountByKey(trx, { emailKey: change.new_email_key });
    if (taken) throw new DomainError('token_invalid');
    await repo.updateEmail(trx, change.account_id, change.new_email, change.new_email_key, at);
    await repo.markEmailChangeApplied(trx, change.id, at);
    return { progress: 'applied' as const, accountId: change.account_id };
  });
  return { progress: result.progress, tags: result.progress === 'applied' ? [cacheTags.account(result.accountId)] : [] };
}
