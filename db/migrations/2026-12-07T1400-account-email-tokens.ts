// E-mail verification, password reset and e-mail change: single-use tokens sent by mail.
// Like sessions, the link carries `<id>.<secret>` and only SHA-256(secret) is stored.
// Frozen in time: Kysely<any>, never imports src/.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // null = the owner has not yet opened a link sent to this address. Only sign-up writes null
  // (explicitly); accounts made by seeds, create-admin and those made before this migration
  // count as confirmed (the default), so they keep logging in.
  await sql`ALTER TABLE account ADD COLUMN email_verified_at timestamptz DEFAULT now()`.execute(db);
  await sql`UPDATE account SET email_verified_at = created_at`.execute(db);

  // A requested change of address: applied once a link sent to the old address and one
  // sent to the new address have both been opened.
  await sql`
    CREATE TABLE email_change (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      account_id bigint NOT NULL REFERENCES account (id) ON DELETE CASCADE,
      new_email text NOT NULL CHECK (char_length(new_email) BETWEEN 3 AND 254),
      new_email_key text NOT NULL,
      old_confirmed_at timestamptz,
      new_confirmed_at timestamptz,
      applied_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // serves: dropping an account's pending changes when a new one is requested
  await sql`CREATE INDEX email_change_account_idx ON email_change (account_id)`.execute(db);

  await sql`
    CREATE TABLE account_token (
      id text PRIMARY KEY,
      secret_hash bytea NOT NULL CHECK (octet_length(secret_hash) = 32),
      account_id bigint NOT NULL REFERENCES account (id) ON DELETE CASCADE,
      purpose text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'change_email_old', 'change_email_new')),
      email_change_id bigint REFERENCES email_change (id) ON DELETE CASCADE,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      -- a change-of-address token always belongs to one change; the others never do
      CHECK ((purpose IN ('change_email_old', 'change_email_new')) = (email_change_id IS NOT NULL))
    )`.execute(db);
  // serves: "a new reset link voids the earlier ones" (delete by account and purpose)
  await sql`CREATE INDEX account_token_account_idx ON account_token (account_id, purpose)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE account_token, email_change`.execute(db);
  await sql`ALTER TABLE account DROP COLUMN email_verified_at`.execute(db);
}
