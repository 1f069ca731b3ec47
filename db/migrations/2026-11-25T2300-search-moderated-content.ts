// Moderation now refreshes the search index when it removes or restores a review or approves
// a platform submission. Queue what earlier moderation left stale: removed reviews (still
// indexed) and approved platforms (never indexed); the outbox drain after start rebuilds each
// document from its current state.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    INSERT INTO search_outbox (kind, ref_id, op)
    SELECT 'review', r.id, 'upsert' FROM review r WHERE r.state = 'removed' ORDER BY r.id`.execute(db);
  await sql`
    INSERT INTO search_outbox (kind, ref_id, op)
    SELECT 'platform', p.id, 'upsert' FROM platform p
    WHERE p.approval = 'approved' AND p.submitted_by IS NOT NULL ORDER BY p.id`.execute(db);
}

export async function down(_db: Kysely<any>): Promise<void> {
  // Nothing to undo: re-indexing is idempotent.
}
