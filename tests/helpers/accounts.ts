// Test helpers: make accounts directly through the service (fast: one shared password hash).
import type { Kysely } from 'kysely';
import type { Database } from '../../src/server/db/schema.ts';
import { insertAccount, toAccount, type Account } from '../../src/server/accounts/account.repository.ts';
import { hashPassword } from '../../src/server/accounts/password.ts';
import { normaliseIdentifier } from '../../src/server/content/text.ts';
import type { Viewer } from '../../src/server/accounts/staff.ts';

export const testPassword = 'correct horse battery staple';
let sharedHash: Promise<string> | null = null;

let counter = 0;
export async function makeAccount(
  db: Kysely<Database>,
  opts: { handle?: string; role?: 'member' | 'moderator' | 'admin'; ageDays?: number; fingerprint?: string; nowMs?: number } = {},
): Promise<Account> {
  sharedHash ??= hashPassword(testPassword);
  counter++;
  const handle = opts.handle ?? `user_${process.pid}_${counter}`;
  const row = await insertAccount(db, {
    handle, handleKey: normaliseIdentifier(handle), email: `${handle}@test.example`, emailKey: normaliseIdentifier(`${handle}@test.example`),
    passwordHash: await sharedHash, fingerprint: opts.fingerprint ?? `fp-${handle}`, role: opts.role ?? 'member',
    createdAt: new Date((opts.nowMs ?? Date.now()) - (opts.ageDays ?? 365) * 86_400_000),
  });
  return toAccount(row);
}

/**
 * The reader a page builds from this account (accounts/staff.ts viewerOf), as after a login:
 * `totp` stands for TOTP turned on and this session's TOTP step passed, which staff need.
 */
export function viewerFor(a: Account, totp = a.role !== 'member'): Viewer {
  return { id: a.id, role: a.role, status: a.status, totpEnabled: totp, sessionTwoFactorVerified: totp };
}

/** The account with its standing set in the database (as a sanction leaves it), read back. */
export async function withStatus(db: Kysely<Database>, a: Account, status: Account['status']): Promise<Account> {
  await db.updateTable('account').set({ status }).where('id', '=', a.id).execute();
  return toAccount(await db.selectFrom('account').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow());
}
