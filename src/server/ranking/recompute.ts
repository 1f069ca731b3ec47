// Stub created by the reviews engineer so write paths can request a recompute; the
// reputation engineer owns this file and extends it (debounce, advisory lock, job).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

export async function requestRecompute(db: Kysely<Database> | Transaction<Database>, reason: string): Promise<void> {
  await db.insertInto('rank_request').values({ reason }).execute();
}
