// Review search documents now include their published follow-ups (追评): queue every
// review that has one for re-indexing; the outbox drain after start rebuilds them.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    INSERT INTO search_outbox (kind, ref_id, op)
    SELECT 'review', r.id, 'upsert' FROM review r
    WHERE EXISTS (SELECT 1 FROM review_follow_up f WHERE f.review_id = r.id) ORDER BY r.id`.execute(db);
}

export async function down(_db: Kysely<any>): Promise<void> {
  // Nothing to undo: re-indexing is idempotent.
}
