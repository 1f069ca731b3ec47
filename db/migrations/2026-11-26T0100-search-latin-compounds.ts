// Search documents now also carry the joined form of neighbouring Latin words (top-up → topup,
// segment.ts "Latin compounds"): the stored tsvectors (and Meilisearch's copies) are cut at
// index time, so documents indexed before do not have it. Queue every approved platform (its
// English name is Latin) and every published review whose text or published follow-ups
// (追评, part of its document) has a Latin letter, ASCII or full-width; the outbox drain after
// start rebuilds them (`npm run reindex` does it all at once).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    INSERT INTO search_outbox (kind, ref_id, op)
    SELECT 'platform', id, 'upsert' FROM platform WHERE approval = 'approved' ORDER BY id`.execute(db);
  await sql`
    INSERT INTO search_outbox (kind, ref_id, op)
    SELECT 'review', r.id, 'upsert' FROM review r
    WHERE r.state = 'published' AND (
      r.body_source ~ '[A-Za-zＡ-Ｚａ-ｚ]'
      OR EXISTS (SELECT 1 FROM review_follow_up f WHERE f.review_id = r.id AND f.state = 'published' AND f.body_source ~ '[A-Za-zＡ-Ｚａ-ｚ]')
    ) ORDER BY r.id`.execute(db);
}

export async function down(_db: Kysely<any>): Promise<void> {
  // Nothing to undo: re-indexing is idempotent.
}
