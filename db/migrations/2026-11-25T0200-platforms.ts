// Platforms (卡盟), their domains, status history, qualification evidence (资质) and
// service / risk-control facts (服务 风控) with provenance.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE platform (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      slug text NOT NULL UNIQUE
        CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) BETWEEN 2 AND 64),
      name_zh text NOT NULL CHECK (char_length(name_zh) BETWEEN 1 AND 60),
      name_en text NOT NULL CHECK (char_length(name_en) BETWEEN 1 AND 80),
      aliases text[] NOT NULL DEFAULT '{}',
      categories text[] NOT NULL DEFAULT '{}'
        CHECK (categories <@ ARRAY['game_cards', 'video_memberships', 'phone_topup', 'course_codes', 'other']::text[]),
      founded_on date,
      operator_type text NOT NULL DEFAULT 'unknown'
        CHECK (operator_type IN ('company', 'studio', 'franchise', 'unknown')),
      status text NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'suspended', 'exit_scam', 'closed')),
      status_changed_at timestamptz,
      status_evidence text,
      description_source text NOT NULL DEFAULT '',
      description_html text NOT NULL DEFAULT '',
      approval text NOT NULL DEFAULT 'pending' CHECK (approval IN ('pending', 'approved', 'rejected')),
      approval_reason text,
      submitted_by bigint REFERENCES account (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // serves: the directory (approved platforms filtered by status)
  await sql`CREATE INDEX platform_listing_idx ON platform (approval, status)`.execute(db);

  await sql`
    CREATE TABLE platform_domain (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      platform_id bigint NOT NULL REFERENCES platform (id) ON DELETE CASCADE,
      domain text NOT NULL UNIQUE,     -- normalised ASCII (punycode) form, no www.
      display text NOT NULL,           -- Unicode form for people
      is_primary boolean NOT NULL DEFAULT false
    )`.execute(db);
  await sql`CREATE INDEX platform_domain_platform_idx ON platform_domain (platform_id)`.execute(db);

  await sql`
    CREATE TABLE platform_status_change (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      platform_id bigint NOT NULL REFERENCES platform (id) ON DELETE CASCADE,
      from_status text NOT NULL,
      to_status text NOT NULL,
      evidence text NOT NULL,
      changed_by bigint REFERENCES account (id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE platform_qualification (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      platform_id bigint NOT NULL REFERENCES platform (id) ON DELETE CASCADE,
      kind text NOT NULL
        CHECK (kind IN ('business_licence', 'icp_filing', 'icp_licence', 'payment_partner')),
      number text NOT NULL DEFAULT '',
      holder_name text NOT NULL DEFAULT '',
      scope_text text NOT NULL DEFAULT '',
      upload_id bigint REFERENCES upload (id),
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'verified', 'rejected')),
      state_reason text,
      submitted_by bigint REFERENCES account (id),
      reviewed_by bigint REFERENCES account (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      reviewed_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX platform_qualification_platform_idx ON platform_qualification (platform_id)`.execute(db);
  // serves: the moderators' pending-evidence queue
  await sql`CREATE INDEX platform_qualification_pending_idx ON platform_qualification (created_at) WHERE state = 'pending'`.execute(db);

  await sql`
    CREATE TABLE platform_fact (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      platform_id bigint NOT NULL REFERENCES platform (id) ON DELETE CASCADE,
      fact_key text NOT NULL,
      value text NOT NULL,
      provenance text NOT NULL CHECK (provenance IN ('claimed', 'verified', 'contradicted')),
      source_kind text NOT NULL CHECK (source_kind IN ('platform', 'member', 'moderator', 'follow_up', 'incident')),
      note text NOT NULL DEFAULT '',
      asserted_by bigint REFERENCES account (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (platform_id, fact_key)
    )`.execute(db);

  // A platform's verified representative may post 官方回复 (moderator-checked claim).
  await sql`
    CREATE TABLE platform_representative (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      platform_id bigint NOT NULL REFERENCES platform (id) ON DELETE CASCADE,
      account_id bigint NOT NULL REFERENCES account (id) ON DELETE CASCADE,
      evidence text NOT NULL,
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'verified', 'rejected')),
      decided_by bigint REFERENCES account (id),
      decided_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (platform_id, account_id)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE platform_representative, platform_fact, platform_qualification,
    platform_status_change, platform_domain, platform`.execute(db);
}
