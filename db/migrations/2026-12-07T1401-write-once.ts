// One-time form tokens: each form that creates something carries a random token; the first
// submit claims (account, token) here and records its result, a second submit with the same
// token finds the claim and lands on that result instead of creating again. The primary key
// is the constraint that makes a double click, back + resubmit or a retry count once.
// Frozen in time: Kysely<any>, never imports src/.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE write_once (
      account_id bigint NOT NULL REFERENCES account (id) ON DELETE CASCADE,
      -- 128 random bits, base64url (22 characters)
      form_token text NOT NULL CHECK (form_token ~ '^[A-Za-z0-9_-]{22}$'),
      -- the action that claimed it, e.g. 'reviews.create'
      action text NOT NULL CHECK (char_length(action) BETWEEN 1 AND 64),
      -- what the first submit returned (ids, case numbers); null while it is still running
      result jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (account_id, form_token)
    )`.execute(db);
  // serves: the maintenance sweep that forgets claims older than a few days
  await sql`CREATE INDEX write_once_created_idx ON write_once (created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE write_once`.execute(db);
}
