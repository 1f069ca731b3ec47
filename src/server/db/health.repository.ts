// The health check's one query (pages/healthz.ts): a round trip that touches no table.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Resolves when the database answers; throws when it cannot be reached. */
export async function pingDatabase(db: Kysely<Database>): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
