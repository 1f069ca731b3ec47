// The incident queue also holds unresolved cases (15 days without an answer): a moderator
// may still confirm or reject them. Replaces the narrower partial index of 1300.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // serves: the pending-incidents queue (跑路 first, then oldest) and its count
  await sql`CREATE INDEX incident_queue_idx ON incident (created_at) WHERE status IN ('submitted', 'accepted', 'unresolved')`.execute(db);
  await sql`DROP INDEX IF EXISTS incident_open_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX incident_open_idx ON incident (created_at) WHERE status IN ('submitted', 'accepted')`.execute(db);
  await sql`DROP INDEX IF EXISTS incident_queue_idx`.execute(db);
}
