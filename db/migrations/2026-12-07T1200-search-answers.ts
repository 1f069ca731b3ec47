// Search answers questions (issue 15): complaint cases (incident) become search documents;
// every document carries structured tags (a follow-up's refund outcome, a case's kind) that
// intents match besides words, and the date of its content (newest first for 跑路); readers'
// queries that found nothing are counted (no personal data: the query text with long digit
// runs and e-mail addresses masked, a count and two days — no account, no IP, no time of day)
// so the dictionary can grow. Every document is queued again to gain its tags and date.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE search_document DROP CONSTRAINT IF EXISTS search_document_kind_check`.execute(db);
  await sql`ALTER TABLE search_document ADD CONSTRAINT search_document_kind_check CHECK (kind IN ('platform', 'review', 'incident'))`.execute(db);
  await sql`ALTER TABLE search_document ADD COLUMN tags text[] NOT NULL DEFAULT '{}'`.execute(db);
  await sql`ALTER TABLE search_document ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()`.execute(db);
  // serves: intent matches on structured evidence (tags && ARRAY['outcome:refund_refused', …])
  await sql`CREATE INDEX search_document_tags_idx ON search_document USING gin (tags)`.execute(db);
  // serves: the newest matching reviews and cases first (the rank cap), and one platform's documents
  await sql`CREATE INDEX search_document_items_created_idx ON search_document (created_at DESC) WHERE kind <> 'platform'`.execute(db);
  await sql`CREATE INDEX search_document_platform_idx ON search_document (platform_id, created_at DESC) WHERE kind <> 'platform'`.execute(db);
  // serves: platforms by words (话费 → the phone top-up platforms) without reading the GIN entries of a million reviews
  await sql`CREATE INDEX search_document_platform_tokens_idx ON search_document USING gin (tokens) WHERE kind = 'platform'`.execute(db);

  await sql`
    CREATE TABLE search_miss (
      query text PRIMARY KEY CHECK (char_length(query) BETWEEN 1 AND 100),
      hits integer NOT NULL DEFAULT 1 CHECK (hits > 0),
      first_seen_on date NOT NULL,
      last_seen_on date NOT NULL
    )`.execute(db);
  // serves: the moderators' "top zero-result queries" list
  await sql`CREATE INDEX search_miss_hits_idx ON search_miss (hits DESC, last_seen_on DESC)`.execute(db);

  await sql`
    INSERT INTO search_outbox (kind, ref_id, op)
    SELECT 'platform', id, 'upsert' FROM platform WHERE approval = 'approved' ORDER BY id`.execute(db);
  await sql`
    INSERT INTO search_outbox (kind, ref_id, op)
    SELECT 'review', id, 'upsert' FROM review WHERE state = 'published' ORDER BY id`.execute(db);
  await sql`
    INSERT INTO search_outbox (kind, ref_id, op)
    SELECT 'incident', id, 'upsert' FROM incident ORDER BY id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE search_miss`.execute(db);
  await sql`DELETE FROM search_document WHERE kind = 'incident'`.execute(db);
  await sql`DROP INDEX search_document_platform_tokens_idx, search_document_platform_idx, search_document_items_created_idx, search_document_tags_idx`.execute(db);
  await sql`ALTER TABLE search_document DROP COLUMN created_at, DROP COLUMN tags`.execute(db);
  await sql`ALTER TABLE search_document DROP CONSTRAINT search_document_kind_check`.execute(db);
  await sql`ALTER TABLE search_document ADD CONSTRAINT search_document_kind_check CHECK (kind IN ('platform', 'review'))`.execute(db);
}
