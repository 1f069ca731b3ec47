// Accounts, sessions (Lucia's session guide: only a hash of the secret is stored),
// TOTP recovery codes. Frozen in time: Kysely<any>, never imports src/.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE account (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      handle text NOT NULL CHECK (char_length(handle) BETWEEN 2 AND 32),
      handle_key text NOT NULL UNIQUE,
      email text NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
      email_key text NOT NULL UNIQUE,
      password_hash text NOT NULL,
      role text NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'moderator', 'admin')),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'banned')),
      status_reason text,
      is_reseller boolean NOT NULL DEFAULT false,
      locale text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en')),
      -- salted hash of coarse signals (IP /24, UA family, language); never the raw IP
      registration_fingerprint text NOT NULL,
      totp_key_encrypted text,
      totp_last_step bigint,
      totp_enabled_at timestamptz,
      password_changed_at timestamptz NOT NULL DEFAULT now(),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // serves: the reputation model's shared-fingerprint signal
  await sql`CREATE INDEX account_fingerprint_idx ON account (registration_fingerprint)`.execute(db);

  await sql`
    CREATE TABLE session (
      id text PRIMARY KEY,
      secret_hash bytea NOT NULL,
      account_id bigint NOT NULL REFERENCES account (id) ON DELETE CASCADE,
      two_factor_verified boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_verified_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // serves: "log out all sessions" and deleting an account's sessions on password change
  await sql`CREATE INDEX session_account_idx ON session (account_id)`.execute(db);

  await sql`
    CREATE TABLE recovery_code (
      account_id bigint NOT NULL REFERENCES account (id) ON DELETE CASCADE,
      code_hash text NOT NULL,
      used_at timestamptz,
      PRIMARY KEY (account_id, code_hash)
    )`.execute(db);

  // Private uploads (proofs, evidence); bytes live behind the storage interface.
  await sql`
    CREATE TABLE upload (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      owner_id bigint NOT NULL REFERENCES account (id),
      storage_key text NOT NULL UNIQUE,
      mime text NOT NULL CHECK (mime IN ('image/png', 'image/jpeg', 'application/pdf')),
      byte_size integer NOT NULL CHECK (byte_size > 0),
      sha256 text NOT NULL,
      purpose text NOT NULL CHECK (purpose IN ('proof', 'qualification', 'incident')),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE upload, recovery_code, session, account`.execute(db);
}
