// The only Kysely code for one-time form tokens.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Claims (account, token) for an action; false when it was already claimed. */
export async function claim(db: Kysely<Database>, accountId: number, formToken: string, action: string, nowMs: number): Promise<boolean> {
  const r = await db
    .insertInto('write_once')
    .values({ account_id: accountId, form_token: formToken, action, result: null, created_at: new Date(nowMs) })
    .onConflict((oc) => oc.columns(['account_id', 'form_token']).doNothing())
    .returning('form_token')
    .executeTakeFirst();
  return r !== undefined;
}

export async function find(db: Kysely<Database>, accountId: number, formToken: string) {
  const row = await db
    .selectFrom('write_once')
    .select(['action', 'result', 'created_at'])
    .where('account_id', '=', accountId)
    .where('form_token', '=', formToken)
    .executeTakeFirst();
  if (!row) return undefined;
  // pg returns jsonb parsed; be strict about the shape anyway.
  const result = typeof row.result === 'string' ? (JSON.parse(row.result) as Record<string, unknown>) : (row.result as Record<string, unknown> | null);
  return { action: row.action, result, createdAt: row.created_at };
}

export async function recordResult(db: Kysely<Database>, accountId: number, formToken: string, result: object): Promise<void> {
  await db
    .updateTable('write_once')
    .set({ result: JSON.stringify(result) })
    .where('account_id', '=', accountId)
    .where('form_token', '=', formToken)
    .execute();
}

/** Frees a claim whose submit failed (bad input): the corrected form may use the token again. */
export async function release(db: Kysely<Database>, accountId: number, formToken: string): Promise<void> {
  await db.deleteFrom('write_once').where('account_id', '=', accountId).where('form_token', '=', formToken).where('result', 'is', null).execute();
}

/** Forgets claims older than `olderThanMs` (a form is not resubmitted days later). */
export async function sweep(db: Kysely<Database>, olderThanMs: number, nowMs: number): Promise<number> {
  const r = await db.deleteFrom('write_once').where('created_at', '<', sql<Date>`${new Date(nowMs - olderThanMs)}`).executeTakeFirst();
  return Number(r.numDeletedRows);
}
