// API keys for the read-only JSON API (issue 17, item 1): a member creates one in settings for a
// higher rate limit. Only the SHA-256 of the key is stored (a leaked table does not hand out
// working keys); `prefix` is the key's first characters, shown in settings to tell keys apart.
// Frozen in time: Kysely<any>, never imports src/.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE api_key (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      account_id bigint NOT NULL REFERENCES account (id) ON DELETE CASCADE,
      name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 60),
      prefix text NOT NULL CHECK (char_length(prefix) BETWEEN 4 AND 16),
      -- SHA-256 of the whole key, lower-case hex
      key_hash text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
  // serves: the settings list of one member's keys
  await sql`CREATE INDEX api_key_account_idx ON api_key (account_id, created_at DESC)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE api_key`.execute(db);
}
