// Asking for a ranking run: its own module so that what the job itself calls (the 预警 service)
// can ask for a run without importing the job (no import cycle).
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import * as repo from './ranking.repository.ts';

/** Ask for a recompute after a write that changes scores; call it inside the write's transaction. */
export async function requestRecompute(db: Kysely<Database> | Transaction<Database>, reason: string): Promise<void> {
  await repo.insertRankRequest(db, reason);
}
