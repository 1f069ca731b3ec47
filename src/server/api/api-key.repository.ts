// SQL for API keys. Callers pass hashes, never keys.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database>;

export interface ApiKeyRow { id: number; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null }

export async function countLiveKeys(db: Db, accountId: number): Promise<number> {
  const r = await db.selectFrom('api_key').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function insertKey(db: Db, v: { accountId: number; name: string; prefix: string; keyHash: string; at: Date }): Promise<number> {
  const r = await db.insertInto('api_key')
    .values({ account_id: v.accountId, name: v.name, prefix: v.prefix, key_hash: v.keyHash, created_at: v.at })
    .returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function listKeys(db: Db, accountId: number): Promise<ApiKeyRow[]> {
  const rows = await db.selectFrom('api_key').select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .where('account_id', '=', accountId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => ({ id: Number(r.id), name: r.name, prefix: r.prefix, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}

/** Revokes one of the account's own live keys; false when there is none by that id. */
export async function revokeKey(db: Db, accountId: number, id: number, at: Date): Promise<boolean> {
  const r = await db.updateTable('api_key').set({ revoked_at: at })
    .where('id', '=', id).where('account_id', '=', accountId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The live key with this hash, with its owner's status (a suspended member's key stops working). */
export async function findLiveKeyByHash(db: Db, keyHash: string): Promise<{ id: number; accountId: number; lastUsedAt: Date | null } | null> {
  const r = await db.selectFrom('api_key as k').innerJoin('account as a', 'a.id', 'k.account_id')
    .select(['k.id', 'k.account_id', 'k.last_used_at'])
    .where('k.key_hash', '=', keyHash).where('k.revoked_at', 'is', null).where('a.status', '=', 'active')
    .executeTakeFirst();
  return r ? { id: Number(r.id), accountId: Number(r.account_id), lastUsedAt: r.last_used_at } : null;
}

export async function touchKey(db: Db, id: number, at: Date): Promise<void> {
  await db.updateTable('api_key').set({ last_used_at: at }).where('id', '=', id).execute();
}
