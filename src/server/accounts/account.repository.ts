// The only Kysely code for accounts, sessions and recovery codes.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AccountRow, AccountTokenPurpose, Role, AccountStatus } from './account.table.ts';
import { handleSkeleton } from './handle-safety.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface Account {
  id: number;
  handle: string;
  email: string;
  role: Role;
  status: AccountStatus;
  statusReason: string | null;
  isReseller: boolean;
  locale: 'zh-CN' | 'en';
  totpEnabled: boolean;
  totpEnabledAt: Date | null;
  /** False until a link mailed at sign-up was opened; such an account cannot log in. */
  emailVerified: boolean;
  createdAt: Date;
}

export function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    handle: row.handle,
    email: row.email,
    role: row.role,
    status: row.status,
    statusReason: row.status_reason,
    isReseller: row.is_reseller,
    locale: row.locale,
    totpEnabled: row.totp_key_encrypted !== null && row.totp_enabled_at !== null,
    totpEnabledAt: row.totp_enabled_at,
    emailVerified: row.email_verified_at !== null,
    createdAt: row.created_at,
  };
}

export async function insertAccount(
  db: Db,
  values: {
    handle: string; handleKey: string; handleSkeleton?: string; email: string; emailKey: string; passwordHash: string;
    fingerprint: string; role?: Role; locale?: 'zh-CN' | 'en'; createdAt?: Date;
    /** Sign-up passes false (a link must be opened first); seeds and create-admin leave it verified. */
    emailVerified?: boolean;
  },
): Promise<AccountRow> {
  return db
    .insertInto('account')
    .values({
      handle: values.handle,
      handle_key: values.handleKey,
      handle_skeleton: values.handleSkeleton ?? handleSkeleton(values.handle),
      email: values.email,
      email_key: values.emailKey,
      password_hash: values.passwordHash,
      registration_fingerprint: values.fingerprint,
      role: values.role ?? 'member',
      locale: values.locale ?? 'zh-CN',
      status_reason: null,
      totp_key_encrypted: null,
      totp_last_step: null,
      totp_enabled_at: null,
      email_verified_at: values.emailVerified === false ? null : (values.createdAt ?? new Date()),
      ...(values.createdAt ? { created_at: values.createdAt } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findAccountByKey(db: Db, key: { handleKey?: string; emailKey?: string }): Promise<AccountRow | undefined> {
  let q = db.selectFrom('account').selectAll();
  if (key.handleKey !== undefined) q = q.where('handle_key', '=', key.handleKey);
  else if (key.emailKey !== undefined) q = q.where('email_key', '=', key.emailKey);
  else return undefined;
  return q.executeTakeFirst();
}

export async function findAccountById(db: Db, id: number): Promise<AccountRow | undefined> {
  return db.selectFrom('account').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks the account row for the rest of the transaction (TOTP step, password change). */
export async function lockAccount(trx: Transaction<Database>, id: number): Promise<AccountRow | undefined> {
  return trx.selectFrom('account').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function handleOrEmailExists(db: Db, handleKey: string, emailKey: string): Promise<{ handle: boolean; email: boolean }> {
  const rows = await db
    .selectFrom('account')
    .select(['handle_key', 'email_key'])
    .where((eb) => eb.or([eb('handle_key', '=', handleKey), eb('email_key', '=', emailKey)]))
    .execute();
  return { handle: rows.some((r) => r.handle_key === handleKey), email: rows.some((r) => r.email_key === emailKey) };
}

/** True when some account's handle has this confusable skeleton (a look-alike). */
export async function handleSkeletonExists(db: Db, skeleton: string): Promise<boolean> {
  const row = await db.selectFrom('account').select('id').where('handle_skeleton', '=', skeleton).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Fill the skeleton of accounts stored without one (rows from before the column, direct inserts). */
export async function backfillHandleSkeletons(db: Db): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows = await db.selectFrom('account').select(['id', 'handle']).where('handle_skeleton', 'is', null).orderBy('id').limit(500).execute();
    if (rows.length === 0) return filled;
    for (const r of rows) {
      await db.updateTable('account').set({ handle_skeleton: handleSkeleton(r.handle) }).where('id', '=', r.id).execute();
    }
    filled += rows.length;
  }
}

export async function updatePasswordHash(db: Db, id: number, hash: string): Promise<void> {
  await db.updateTable('account').set({ password_hash: hash, password_changed_at: sql`now()` }).where('id', '=', id).execute();
}

/** Whether any account exists (the demo seed runs only on an empty database). */
export async function anyAccountExists(db: Db): Promise<boolean> {
  return (await db.selectFrom('account').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** A demo persona's account, as the seed writes it (email not marked verified, reseller flag set). */
export async function insertSeedAccount(
  db: Db,
  v: { handle: string; handleKey: string; handleSkeleton: string | null; email: string; emailKey: string; passwordHash: string; role: Role; fingerprint: string; isReseller: boolean; resellerVerifiedAt?: Date | null; createdAt: Date },
): Promise<number> {
  const row = await db
    .insertInto('account')
    .values({
      handle: v.handle, handle_key: v.handleKey, handle_skeleton: v.handleSkeleton, email: v.email, email_key: v.emailKey,
      password_hash: v.passwordHash, role: v.role, registration_fingerprint: v.fingerprint, is_reseller: v.isReseller,
      reseller_verified_at: v.resellerVerifiedAt ?? null,
      status_reason: null, totp_key_encrypted: null, totp_last_step: null, totp_enabled_at: null,
      created_at: v.createdAt, password_changed_at: v.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A demo staff account's TOTP, enabled since the account was made. */
export async function setSeedTotp(db: Db, id: number, encryptedKey: string, enabledAt: Date, lastStep: number): Promise<void> {
  await db.updateTable('account').set({ totp_key_encrypted: encryptedKey, totp_enabled_at: enabledAt, totp_last_step: lastStep }).where('id', '=', id).execute();
}

export async function setTotp(db: Db, id: number, encryptedKey: string | null, lastStep: number | null): Promise<void> {
  await db
    .updateTable('account')
    .set({
      totp_key_encrypted: encryptedKey,
      totp_last_step: lastStep,
      totp_enabled_at: encryptedKey ? sql`now()` : null,
    })
    .where('id', '=', id)
    .execute();
}

export async function setTotpLastStep(db: Db, id: number, step: number): Promise<void> {
  await db.updateTable('account').set({ totp_last_step: step }).where('id', '=', id).execute();
}

export async function setRole(db: Db, id: number, role: Role): Promise<void> {
  await db.updateTable('account').set({ role }).where('id', '=', id).execute();
}

export async function setReseller(db: Db, id: number, isReseller: boolean): Promise<void> {
  await db.updateTable('account').set({ is_reseller: isReseller }).where('id', '=', id).execute();
}

/** The tick box ("我是分销商") and whether a moderator has confirmed it by verifying a case-report proof. */
export async function resellerStanding(db: Db, id: number): Promise<{ isReseller: boolean; verified: boolean }> {
  const r = await db.selectFrom('account').select(['is_reseller', 'reseller_verified_at']).where('id', '=', id).executeTakeFirst();
  return { isReseller: r?.is_reseller ?? false, verified: !!r?.reseller_verified_at };
}

/** What anyone may see of an account (the profile page), found by its handle as written. */
export async function findPublicAccount(db: Db, handle: string): Promise<{ id: number; handle: string; createdAt: Date; isReseller: boolean } | undefined> {
  const r = await db.selectFrom('account').select(['id', 'handle', 'created_at', 'is_reseller']).where('handle', '=', handle).executeTakeFirst();
  return r && { id: r.id, handle: r.handle, createdAt: r.created_at, isReseller: r.is_reseller };
}

/** An account's id, handle, role and standing by its handle key (normaliseIdentifier of the handle). */
export async function findAccountRefByHandleKey(db: Db, handleKey: string): Promise<{ id: number; handle: string; role: Role; status: AccountStatus } | undefined> {
  return db.selectFrom('account').select(['id', 'handle', 'role', 'status']).where('handle_key', '=', handleKey).executeTakeFirst();
}

/** Handles of these accounts, by id (accounts that do not exist are absent). */
export async function handlesByIds(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('account').select(['id', 'handle']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [Number(r.id), r.handle]));
}

/** The first confirmation is kept. */
export async function markResellerVerified(trx: Transaction<Database>, id: number, at: Date): Promise<void> {
  await trx.updateTable('account').set({ reseller_verified_at: at }).where('id', '=', id).where('reseller_verified_at', 'is', null).execute();
}

// ── recovery codes ──
export async function replaceRecoveryCodes(db: Db, accountId: number, hashes: string[]): Promise<void> {
  await db.deleteFrom('recovery_code').where('account_id', '=', accountId).execute();
  if (hashes.length) {
    await db.insertInto('recovery_code').values(hashes.map((h) => ({ account_id: accountId, code_hash: h, used_at: null }))).execute();
  }
}

export async function unusedRecoveryCodeHashes(db: Db, accountId: number): Promise<string[]> {
  const rows = await db.selectFrom('recovery_code').select('code_hash').where('account_id', '=', accountId).where('used_at', 'is', null).execute();
  return rows.map((r) => r.code_hash);
}

/** Marks a code used; false when it was already used (a concurrent log-in won). */
export async function useRecoveryCode(db: Db, accountId: number, hash: string): Promise<boolean> {
  const r = await db
    .updateTable('recovery_code')
    .set({ used_at: sql`now()` })
    .where('account_id', '=', accountId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ── sessions ──
export async function insertSession(
  db: Db,
  s: { id: string; secretHash: Uint8Array; accountId: number; twoFactorVerified: boolean; nowMs: number },
): Promise<void> {
  const now = new Date(s.nowMs);
  await db
    .insertInto('session')
    .values({
      id: s.id,
      secret_hash: Buffer.from(s.secretHash),
      account_id: s.accountId,
      two_factor_verified: s.twoFactorVerified,
      created_at: now,
      last_verified_at: now,
    })
    .execute();
}

export async function findSessionWithAccount(db: Db, id: string) {
  return db
    .selectFrom('session')
    .innerJoin('account', 'account.id', 'session.account_id')
    .select([
      'session.id as session_id', 'session.secret_hash', 'session.two_factor_verified',
      'session.created_at as session_created_at', 'session.last_verified_at',
    ])
    .selectAll('account')
    .where('session.id', '=', id)
    .executeTakeFirst();
}

export async function touchSession(db: Db, id: string, nowMs: number): Promise<void> {
  await db.updateTable('session').set({ last_verified_at: new Date(nowMs) }).where('id', '=', id).execute();
}

export async function markSessionTwoFactorVerified(db: Db, id: string): Promise<void> {
  await db.updateTable('session').set({ two_factor_verified: true }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', id).execute();
}

export async function deleteAccountSessions(db: Db, accountId: number, exceptSessionId?: string): Promise<number> {
  let q = db.deleteFrom('session').where('account_id', '=', accountId);
  if (exceptSessionId) q = q.where('id', '<>', exceptSessionId);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function setEmailVerified(db: Db, id: number, at: Date): Promise<void> {
  await db.updateTable('account').set({ email_verified_at: at }).where('id', '=', id).where('email_verified_at', 'is', null).execute();
}

/** Moves the account to a new address (already confirmed on both ends). */
export async function updateEmail(db: Db, id: number, email: string, emailKey: string, at: Date): Promise<void> {
  await db.updateTable('account').set({ email, email_key: emailKey, email_verified_at: at }).where('id', '=', id).execute();
}

// ── single-use mail tokens ──
export async function insertAccountToken(
  db: Db,
  t: { id: string; secretHash: Uint8Array; accountId: number; purpose: AccountTokenPurpose; emailChangeId: number | null; expiresAt: Date; createdAt: Date },
): Promise<void> {
  await db
    .insertInto('account_token')
    .values({
      id: t.id, secret_hash: Buffer.from(t.secretHash), account_id: t.accountId, purpose: t.purpose,
      email_change_id: t.emailChangeId, expires_at: t.expiresAt, used_at: null, created_at: t.createdAt,
    })
    .execute();
}

export async function findAccountToken(db: Db, id: string) {
  return db.selectFrom('account_token').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks a token row for the rest of the transaction, so two uses of one link cannot both pass. */
export async function lockAccountToken(trx: Transaction<Database>, id: string) {
  return trx.selectFrom('account_token').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function markAccountTokenUsed(db: Db, id: string, at: Date): Promise<boolean> {
  const r = await db.updateTable('account_token').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Voids an account's unused tokens of some purposes (a new reset link voids the earlier ones). */
export async function deleteUnusedAccountTokens(db: Db, accountId: number, purposes: AccountTokenPurpose[]): Promise<void> {
  await db.deleteFrom('account_token').where('account_id', '=', accountId).where('purpose', 'in', purposes).where('used_at', 'is', null).execute();
}

// ── change of address ──
export async function deletePendingEmailChanges(db: Db, accountId: number): Promise<void> {
  await db.deleteFrom('email_change').where('account_id', '=', accountId).where('applied_at', 'is', null).execute();
}

export async function insertEmailChange(db: Db, c: { accountId: number; newEmail: string; newEmailKey: string; createdAt: Date }): Promise<number> {
  const row = await db
    .insertInto('email_change')
    .values({ account_id: c.accountId, new_email: c.newEmail, new_email_key: c.newEmailKey, old_confirmed_at: null, new_confirmed_at: null, applied_at: null, created_at: c.createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function lockEmailChange(trx: Transaction<Database>, id: number) {
  return trx.selectFrom('email_change').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function confirmEmailChangeSide(db: Db, id: number, side: 'old' | 'new', at: Date): Promise<void> {
  await db.updateTable('email_change').set(side === 'old' ? { old_confirmed_at: at } : { new_confirmed_at: at }).where('id', '=', id).execute();
}

export async function markEmailChangeApplied(db: Db, id: number, at: Date): Promise<void> {
  await db.updateTable('email_change').set({ applied_at: at }).where('id', '=', id).execute();
}
