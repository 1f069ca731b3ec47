// Account rules: sign-up, log-in (with TOTP), sessions, password change, TOTP enrolment.
// Returns domain types; throws DomainError with a closed code.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError, FieldErrors } from '../errors.ts';
import { cleanText, hasLoneSurrogate, isWellFormedInput, normaliseIdentifier } from '../content/text.ts';
import type { SecretBox } from '../security/secret-box.ts';
import { checkPasswordPolicy, passwordPolicyKeys, dummyVerify, hashPassword, verifyPassword } from './password.ts';
import {
  evaluateSession, generateSessionToken, hashSessionSecret, parseSessionToken, verifySessionSecret,
  sessionExpiresAtMs,
} from './session-token.ts';
import {
  generateRecoveryCodes, generateTotpKey, hashRecoveryCode, matchRecoveryCode, totpKeyUri, totpQrSvg, verifyTotp,
} from './totp.ts';
import * as repo from './account.repository.ts';
import { checkCurrentPassword } from './current-password.ts';
import { handleProblem, handleSkeleton, hasInvisibleCharacter } from './handle-safety.ts';
import type { AccountRow } from './account.table.ts';
import { issueVerification, mailExistingOwner, sendVerification, type MailContext } from './account-mail.service.ts';
import type { Account } from './account.repository.ts';
import { cacheTags, type WithTags } from '../http/cache-tags.ts';

export type { Account } from './account.repository.ts';

export const handleMaxLength = 32;
export const emailMaxLength = 254;
// Letters of any script (中文 included), digits, underscore, hyphen.
const handlePattern = /^[\p{L}\p{N}_-]{2,32}$/u;
// Deliberately loose: one @, a dot in the domain, no spaces. Real proof is out of scope.
const emailPattern = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

export interface SignUpInput {
  handle: string;
  email: string;
  password: string;
  fingerprint: string;
  locale?: 'zh-CN' | 'en';
}

/** Validate and normalise sign-up fields; field errors are thrown with the field name. */
const handleProblemKeys = {
  invisible: 'auth.handle.invisible',
  mixed_scripts: 'auth.handle.mixedScripts',
  reserved: 'auth.handle.reserved',
} as const;

export function validateSignUp(input: SignUpInput, opts: { staff?: boolean } = {}): { handle: string; handleKey: string; handleSkeleton: string; email: string; emailKey: string } {
  const errors = new FieldErrors();
  // Handle and e-mail get the one invalid-encoding check of all text (U+FFFD included); a password
  // is never shown, only refused when it is not Unicode at all.
  for (const [field, value] of Object.entries({ handle: input.handle, email: input.email })) {
    if (!isWellFormedInput(value)) errors.add(field, 'field.invalidUtf8');
  }
  if (hasLoneSurrogate(input.password)) errors.add('password', 'field.invalidUtf8');
  const handle = cleanText(input.handle, { singleLine: true }).normalize('NFKC');
  if (!handle) errors.add('handle', 'field.required');
  else if ([...handle].length > handleMaxLength) errors.add('handle', 'field.tooLong', { max: handleMaxLength });
  else if (hasInvisibleCharacter(input.handle)) errors.add('handle', handleProblemKeys.invisible);
  else if (!handlePattern.test(handle)) errors.add('handle', 'auth.handleInvalid');
  else {
    const problem = handleProblem(handle);
    // Reserved names are for staff accounts made by create-admin, never for sign-up.
    if (problem && !(problem === 'reserved' && opts.staff)) errors.add('handle', handleProblemKeys[problem]);
  }
  const email = cleanText(input.email, { singleLine: true }).normalize('NFKC');
  if (!email) errors.add('email', 'field.required');
  else if (email.length > emailMaxLength) errors.add('email', 'field.tooLong', { max: emailMaxLength });
  else if (!emailPattern.test(email)) errors.add('email', 'auth.emailInvalid');
  if (!input.password) errors.add('password', 'field.required');
  else {
    const policy = checkPasswordPolicy(input.password, { handle, email });
    if (policy !== 'ok') errors.add('password', passwordPolicyKeys[policy]);
  }
  errors.throwIfAny();
  return { handle, handleKey: normaliseIdentifier(handle), handleSkeleton: handleSkeleton(handle), email, emailKey: normaliseIdentifier(email) };
}

/**
 * Sign-up. The answer never says whether the address already has an account: a new address
 * gets an unconfirmed account and a link to confirm it; a registered address gets a mail to
 * its owner instead (account-mail.service.ts), and the caller shows the same "check your mail"
 * for both. Both paths hash the password, so they take the same time. Handles are public
 * (profiles show them), so a taken handle is said plainly.
 * Returns the new account, or null when the address belonged to someone.
 */
export async function signUp(db: Kysely<Database>, input: SignUpInput, mail: MailContext): Promise<Account | null> {
  const v = validateSignUp(input);
  const taken = await repo.handleOrEmailExists(db, v.handleKey, v.emailKey);
  if (taken.handle) throw new DomainError('handle_taken', { field: 'handle' });
  // A handle that looks like an existing one (UTS #39 skeleton): `аdmin` next to `admin`.
  if (await repo.handleSkeletonExists(db, v.handleSkeleton)) throw new DomainError('handle_taken', { field: 'handle', messageKey: 'auth.handle.lookalike' });
  const passwordHash = await hashPassword(input.password);
  if (taken.email) {
    await mailExistingOwner(db, mail, v.emailKey);
    return null;
  }
  let created: { row: AccountRow; token: string };
  try {
    created = await db.transaction().execute(async (trx) => {
      const row = await repo.insertAccount(trx, { ...v, passwordHash, fingerprint: input.fingerprint, locale: input.locale, emailVerified: false });
      return { row, token: await issueVerification(trx, row, mail.nowMs) };
    });
  } catch (e) {
    // Two sign-ups racing for one handle or address: the UNIQUE index decides.
    const msg = String((e as Error).message);
    if (msg.includes('handle_key')) throw new DomainError('handle_taken', { field: 'handle' });
    if (msg.includes('email_key')) {
      await mailExistingOwner(db, mail, v.emailKey);
      return null;
    }
    throw e;
  }
  sendVerification(mail, created.row.locale, created.row.email, created.row.handle, created.token);
  return repo.toAccount(created.row);
}

export interface LoginResult {
  account: Account;
  /** True when the account has TOTP on: the session starts unverified. */
  needsTotp: boolean;
}

/** Checks credentials. Failures never say which part was wrong (one code, one message). */
export async function verifyCredentials(db: Kysely<Database>, identifier: string, password: string): Promise<LoginResult> {
  if (hasLoneSurrogate(identifier) || hasLoneSurrogate(password) || password.length > 256 || identifier.length > 254) {
    await dummyVerify();
    throw new DomainError('login_failed');
  }
  const key = normaliseIdentifier(identifier);
  const row = key.includes('@') ? await repo.findAccountByKey(db, { emailKey: key }) : await repo.findAccountByKey(db, { handleKey: key });
  if (!row) {
    await dummyVerify(); // same work whether or not the account exists
    throw new DomainError('login_failed');
  }
  if (!(await verifyPassword(row.password_hash, password))) throw new DomainError('login_failed');
  if (row.status === 'banned') throw new DomainError('login_failed');
  // An address never confirmed may not be its owner's: the account waits for the link. The same
  // answer as a wrong password, or signing up with someone's address and then logging in with
  // the chosen password would tell whether the address was registered. (The log-in page says
  // where to get a new link: "forgot password" also confirms the address.)
  if (row.email_verified_at === null) throw new DomainError('login_failed');
  const account = repo.toAccount(row);
  return { account, needsTotp: account.totpEnabled };
}

/**
 * The account an identifier names, for log-in throttling before the password is checked
 * (login-throttle.ts); null for none. Tells the caller nothing it may show.
 */
export async function loginAccountId(db: Kysely<Database>, identifier: string): Promise<number | null> {
  if (hasLoneSurrogate(identifier) || identifier.length > 254) return null;
  const key = normaliseIdentifier(identifier);
  const row = key.includes('@') ? await repo.findAccountByKey(db, { emailKey: key }) : await repo.findAccountByKey(db, { handleKey: key });
  return row ? row.id : null;
}

// ── sessions ──
export interface SessionInfo {
  id: string;
  accountId: number;
  twoFactorVerified: boolean;
  expiresAtMs: number;
}

export async function createSession(db: Kysely<Database>, accountId: number, twoFactorVerified: boolean, nowMs: number) {
  const { id, secret, token } = generateSessionToken();
  await repo.insertSession(db, { id, secretHash: hashSessionSecret(secret), accountId, twoFactorVerified, nowMs });
  return { token, session: { id, accountId, twoFactorVerified, expiresAtMs: sessionExpiresAtMs({ createdAtMs: nowMs, lastVerifiedAtMs: nowMs }) } };
}

export interface ValidatedSession {
  session: SessionInfo;
  account: Account;
  /** The cookie should be re-sent with a fresh Max-Age (sliding expiry). */
  refreshed: boolean;
}

export async function validateSessionToken(db: Kysely<Database>, token: string, nowMs: number): Promise<ValidatedSession | null> {
  const parsed = parseSessionToken(token);
  if (!parsed) return null;
  const row = await repo.findSessionWithAccount(db, parsed.id);
  if (!row) return null;
  if (!verifySessionSecret(parsed.secret, new Uint8Array(row.secret_hash))) return null;
  const times = { createdAtMs: row.session_created_at.getTime(), lastVerifiedAtMs: row.last_verified_at.getTime() };
  const verdict = evaluateSession(times, nowMs);
  if (verdict === 'expired' || row.status === 'banned') {
    await repo.deleteSession(db, parsed.id);
    return null;
  }
  if (verdict === 'refresh') {
    await repo.touchSession(db, parsed.id, nowMs);
    times.lastVerifiedAtMs = nowMs;
  }
  const account = repo.toAccount(row);
  return {
    session: { id: row.session_id, accountId: account.id, twoFactorVerified: row.two_factor_verified, expiresAtMs: sessionExpiresAtMs(times) },
    account,
    refreshed: verdict === 'refresh',
  };
}

export async function logOut(db: Kysely<Database>, sessionId: string): Promise<WithTags> {
  await repo.deleteSession(db, sessionId);
  // Read-only session copies (session-peek.ts) drop it now rather than within seconds.
  return { tags: [cacheTags.session(sessionId)] };
}

/** Ends every session of the account; `ended` is how many there were. */
export async function logOutAll(db: Kysely<Database>, accountId: number): Promise<WithTags<{ ended: number }>> {
  const ended = await repo.deleteAccountSessions(db, accountId);
  return { ended, tags: [cacheTags.account(accountId)] };
}

// ── TOTP ──
/**
 * Second step of log-in: a TOTP code or a recovery code marks the session verified. Returns the
 * account's role, so the caller can send staff to their desk.
 */
export async function verifySecondFactor(db: Kysely<Database>, box: SecretBox, sessionId: string, accountId: number, code: string, nowMs: number): Promise<Account['role']> {
  return db.transaction().execute(async (trx) => {
    const row = await repo.lockAccount(trx, accountId);
    if (!row || !row.totp_key_encrypted) throw new DomainError('totp_invalid', { field: 'code' });
    const trimmed = code.normalize('NFKC').trim();
    if (/^\d{6}$/.test(trimmed)) {
      const key = box.open(row.totp_key_encrypted, String(accountId));
      const result = verifyTotp(key, trimmed, nowMs, row.totp_last_step);
      if (!result.ok) throw new DomainError('totp_invalid', { field: 'code' });
      await repo.setTotpLastStep(trx, accountId, result.step);
    } else {
      const hashes = await repo.unusedRecoveryCodeHashes(trx, accountId);
      const index = matchRecoveryCode(trimmed, hashes);
      if (index < 0 || !(await repo.useRecoveryCode(trx, accountId, hashes[index]!))) {
        throw new DomainError('totp_invalid', { field: 'code' });
      }
    }
    await repo.markSessionTwoFactorVerified(trx, sessionId);
    return row.role;
  });
}

export interface TotpEnrolment {
  /** The key sealed for the hidden form field (the server never trusts a client-chosen key unsealed). */
  sealedKey: string;
  keyBase32: string;
  uri: string;
  qrSvg: string;
}

export function beginTotpEnrolment(box: SecretBox, account: Account): TotpEnrolment {
  const key = generateTotpKey();
  const uri = totpKeyUri(account.handle, key);
  const keyBase32 = new URL(uri).searchParams.get('secret') ?? '';
  return { sealedKey: box.seal(key, `enrol:${account.id}`), keyBase32, uri, qrSvg: totpQrSvg(uri) };
}

/**
 * The same enrolment again after a mistyped code: the key the person already scanned,
 * from the sealed key their form sent back (bound to their account), or null if it does not open.
 * A fresh key here would silently invalidate what their authenticator app shows.
 */
export function resumeTotpEnrolment(box: SecretBox, account: Account, sealedKey: string): TotpEnrolment | null {
  let key: Uint8Array;
  try {
    key = box.open(sealedKey, `enrol:${account.id}`);
  } catch {
    return null;
  }
  const uri = totpKeyUri(account.handle, key);
  const keyBase32 = new URL(uri).searchParams.get('secret') ?? '';
  return { sealedKey, keyBase32, uri, qrSvg: totpQrSvg(uri) };
}

/** Confirms enrolment with a first code; returns the recovery codes (shown once). */
export async function confirmTotpEnrolment(db: Kysely<Database>, box: SecretBox, accountId: number, sealedKey: string, code: string, nowMs: number): Promise<string[]> {
  let key: Uint8Array;
  try {
    key = box.open(sealedKey, `enrol:${accountId}`);
  } catch {
    throw new DomainError('totp_invalid', { field: 'code' });
  }
  const result = verifyTotp(key, code, nowMs, null);
  if (!result.ok) throw new DomainError('totp_invalid', { field: 'code' });
  const codes = generateRecoveryCodes(10);
  await db.transaction().execute(async (trx) => {
    await repo.setTotp(trx, accountId, box.seal(key, String(accountId)), result.step);
    await repo.replaceRecoveryCodes(trx, accountId, codes.map(hashRecoveryCode));
  });
  return codes;
}

export async function disableTotp(db: Kysely<Database>, account: Account): Promise<void> {
  if (account.role !== 'member') throw new DomainError('totp_cannot_disable');
  await db.transaction().execute(async (trx) => {
    await repo.setTotp(trx, account.id, null, null);
    await repo.replaceRecoveryCodes(trx, account.id, []);
  });
}

/**
 * Both fields are checked before answering, so the form shows every error at once: the
 * current password is verified even when the new one is refused (the action rate-limits
 * these attempts per account, the same budget as log-in).
 */
export async function changePassword(db: Kysely<Database>, account: Account, currentPassword: string, newPassword: string, keepSessionId: string): Promise<WithTags> {
  const errors = new FieldErrors();
  const wrongPassword = await checkCurrentPassword(db, account.id, currentPassword, errors);
  if (!newPassword) errors.add('newPassword', 'field.required');
  else if (hasLoneSurrogate(newPassword)) errors.add('newPassword', 'field.invalidUtf8');
  else {
    const policy = checkPasswordPolicy(newPassword, { handle: account.handle, email: account.email });
    if (policy !== 'ok') errors.add('newPassword', passwordPolicyKeys[policy]);
  }
  errors.throwIfAny(wrongPassword ? 'wrong_password' : 'invalid_input');
  const hash = await hashPassword(newPassword);
  await db.transaction().execute(async (trx) => {
    await repo.updatePasswordHash(trx, account.id, hash);
    // Anyone who knew the old password loses their sessions; this one stays.
    await repo.deleteAccountSessions(trx, account.id, keepSessionId);
  });
  return { tags: [cacheTags.account(account.id)] };
}

export async function setResellerFlag(db: Kysely<Database>, accountId: number, isReseller: boolean): Promise<void> {
  await repo.setReseller(db, accountId, isReseller);
}

/** Whether an account ticked "我是分销商" and whether a moderator has confirmed it (reviews' case reports). */
export function resellerStanding(db: Kysely<Database>, accountId: number): Promise<{ isReseller: boolean; verified: boolean }> {
  return repo.resellerStanding(db, accountId);
}

/** An account's public profile header (handle, member since, reseller tick) by its handle; null when there is none. */
export async function findPublicAccount(db: Kysely<Database>, handle: string): Promise<{ id: number; handle: string; createdAt: Date; isReseller: boolean } | null> {
  return (await repo.findPublicAccount(db, handle)) ?? null;
}

/** An account's id, handle, role and standing, by the key of its handle (moderators name accounts by handle); null when there is none. */
export async function findAccountRef(db: Kysely<Database>, handleKey: string): Promise<{ id: number; handle: string; role: Account['role']; status: Account['status'] } | null> {
  return (await repo.findAccountRefByHandleKey(db, handleKey)) ?? null;
}

/** Handles of these accounts, by id (for evidence lists that name who complained). */
export function accountHandles(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, string>> {
  return repo.handlesByIds(db, ids);
}

/** A moderator verified one of the account's case-report proofs: a confirmed reseller from now on (the first date kept). */
export function markResellerVerified(trx: Transaction<Database>, accountId: number, nowMs: number): Promise<void> {
  return repo.markResellerVerified(trx, accountId, new Date(nowMs));
}

/** For create-admin and seeds: an account with a role, bypassing the rate limits. */
export async function createAccountWithRole(db: Kysely<Database>, input: SignUpInput & { role: 'member' | 'moderator' | 'admin'; createdAt?: Date }): Promise<Account> {
  const v = validateSignUp(input, { staff: input.role !== 'member' });
  const row = await repo.insertAccount(db, { ...v, passwordHash: await hashPassword(input.password), fingerprint: input.fingerprint, role: input.role, createdAt: input.createdAt });
  return repo.toAccount(row);
}

export async function findAccountByHandle(db: Kysely<Database>, handle: string): Promise<Account | null> {
  const row = await repo.findAccountByKey(db, { handleKey: normaliseIdentifier(handle) });
  return row ? repo.toAccount(row) : null;
}
