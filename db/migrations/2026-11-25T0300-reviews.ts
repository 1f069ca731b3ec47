// Reviews, follow-ups (追评), purchase proofs (购买凭证), case reports (合作案例),
// incidents (complaint cases), helpful votes and official replies (官方回复).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE review (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      platform_id bigint NOT NULL REFERENCES platform (id),
      account_id bigint NOT NULL REFERENCES account (id),
      rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
      rating_service smallint CHECK (rating_service BETWEEN 1 AND 5),
      rating_risk smallint CHECK (rating_risk BETWEEN 1 AND 5),
      rating_value smallint CHECK (rating_value BETWEEN 1 AND 5),
      rating_after_sales smallint CHECK (rating_after_sales BETWEEN 1 AND 5),
      -- the latest follow-up's rating, or rating: what the score and "lowest first" use
      current_rating smallint NOT NULL CHECK (current_rating BETWEEN 1 AND 5),
      product_category text NOT NULL
        CHECK (product_category IN ('game_cards', 'video_memberships', 'phone_topup', 'course_codes', 'other')),
      product_name text NOT NULL DEFAULT '' CHECK (char_length(product_name) <= 80),
      amount_band text NOT NULL DEFAULT 'unknown'
        CHECK (amount_band IN ('unknown', 'lt50', '50_200', '200_1000', '1000_5000', 'gt5000')),
      purchased_on date,
      body_source text NOT NULL CHECK (char_length(body_source) <= 10000),
      body_html text NOT NULL,
      proof_state text NOT NULL DEFAULT 'none' CHECK (proof_state IN ('none', 'pending', 'verified', 'rejected')),
      state text NOT NULL DEFAULT 'published' CHECK (state IN ('published', 'removed', 'deleted')),
      state_reason text,
      helpful_count integer NOT NULL DEFAULT 0,
      unhelpful_count integer NOT NULL DEFAULT 0,
      follow_up_count integer NOT NULL DEFAULT 0,
      last_follow_up_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      edited_at timestamptz
    )`.execute(db);
  // one live review per account and platform; later experience goes into follow-ups
  await sql`CREATE UNIQUE INDEX review_one_per_account_idx ON review (account_id, platform_id) WHERE state <> 'deleted'`.execute(db);
  // serves: a platform page's review list (newest first, published only)
  await sql`CREATE INDEX review_platform_idx ON review (platform_id, state, created_at DESC)`.execute(db);
  // serves: /u/<handle>
  await sql`CREATE INDEX review_account_idx ON review (account_id, created_at DESC)`.execute(db);

  await sql`
    CREATE TABLE review_revision (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      review_id bigint NOT NULL REFERENCES review (id) ON DELETE CASCADE,
      rating smallint NOT NULL,
      body_source text NOT NULL,
      edited_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX review_revision_review_idx ON review_revision (review_id)`.execute(db);

  await sql`
    CREATE TABLE review_follow_up (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      review_id bigint NOT NULL REFERENCES review (id),
      account_id bigint NOT NULL REFERENCES account (id),
      rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
      outcome text CHECK (outcome IN ('refund_granted', 'refund_refused', 'refund_no_answer', 'key_replaced', 'key_not_replaced')),
      body_source text NOT NULL CHECK (char_length(body_source) <= 10000),
      body_html text NOT NULL,
      state text NOT NULL DEFAULT 'published' CHECK (state IN ('published', 'removed', 'deleted')),
      state_reason text,
      helpful_count integer NOT NULL DEFAULT 0,
      unhelpful_count integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX review_follow_up_review_idx ON review_follow_up (review_id, created_at)`.execute(db);
  // serves: the home page's recent follow-ups
  await sql`CREATE INDEX review_follow_up_recent_idx ON review_follow_up (created_at DESC) WHERE state = 'published'`.execute(db);

  await sql`
    CREATE TABLE case_report (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      platform_id bigint NOT NULL REFERENCES platform (id),
      account_id bigint NOT NULL REFERENCES account (id),
      since_on date NOT NULL,
      monthly_volume_band text NOT NULL
        CHECK (monthly_volume_band IN ('lt1k', '1k_10k', '10k_50k', '50k_200k', 'gt200k')),
      products text NOT NULL CHECK (char_length(products) <= 200),
      uses_api boolean NOT NULL,
      would_continue boolean NOT NULL,
      body_source text NOT NULL CHECK (char_length(body_source) <= 10000),
      body_html text NOT NULL,
      proof_state text NOT NULL DEFAULT 'none' CHECK (proof_state IN ('none', 'pending', 'verified', 'rejected')),
      state text NOT NULL DEFAULT 'published' CHECK (state IN ('published', 'removed', 'deleted')),
      state_reason text,
      helpful_count integer NOT NULL DEFAULT 0,
      unhelpful_count integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX case_report_one_per_account_idx ON case_report (account_id, platform_id) WHERE state <> 'deleted'`.execute(db);
  await sql`CREATE INDEX case_report_platform_idx ON case_report (platform_id, state, created_at DESC)`.execute(db);

  await sql`
    CREATE TABLE purchase_proof (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      review_id bigint REFERENCES review (id),
      case_report_id bigint REFERENCES case_report (id),
      account_id bigint NOT NULL REFERENCES account (id),
      order_number text NOT NULL DEFAULT '' CHECK (char_length(order_number) <= 64), -- private
      upload_id bigint REFERENCES upload (id),
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'verified', 'rejected')),
      state_reason text,
      reviewed_by bigint REFERENCES account (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      reviewed_at timestamptz,
      CHECK ((review_id IS NULL) <> (case_report_id IS NULL))
    )`.execute(db);
  // serves: the moderators' pending-proof queue
  await sql`CREATE INDEX purchase_proof_pending_idx ON purchase_proof (created_at) WHERE state = 'pending'`.execute(db);
  await sql`CREATE INDEX purchase_proof_review_idx ON purchase_proof (review_id)`.execute(db);

  await sql`
    CREATE TABLE incident (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      case_no text NOT NULL UNIQUE,
      platform_id bigint NOT NULL REFERENCES platform (id),
      reporter_id bigint NOT NULL REFERENCES account (id),
      kind text NOT NULL CHECK (kind IN ('exit_scam', 'invalid_keys', 'refund_refused', 'withdrawal_blocked', 'data_leak', 'black_keys')),
      occurred_on date NOT NULL,
      order_number text NOT NULL DEFAULT '' CHECK (char_length(order_number) <= 64), -- private
      amount_cents bigint CHECK (amount_cents >= 0),
      body_source text NOT NULL CHECK (char_length(body_source) <= 10000),
      body_html text NOT NULL,
      upload_id bigint REFERENCES upload (id),
      status text NOT NULL DEFAULT 'submitted'
        CHECK (status IN ('submitted', 'accepted', 'platform_replied', 'resolved', 'unresolved', 'rejected')),
      status_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      accepted_at timestamptz,
      closed_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX incident_platform_idx ON incident (platform_id, created_at DESC)`.execute(db);

  await sql`
    CREATE TABLE incident_update (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      incident_id bigint NOT NULL REFERENCES incident (id),
      author_id bigint REFERENCES account (id),
      author_role text NOT NULL CHECK (author_role IN ('reporter', 'platform', 'moderator', 'system')),
      body_source text NOT NULL DEFAULT '',
      body_html text NOT NULL DEFAULT '',
      status_to text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX incident_update_incident_idx ON incident_update (incident_id, created_at)`.execute(db);

  await sql`
    CREATE TABLE helpful_vote (
      account_id bigint NOT NULL REFERENCES account (id),
      target_kind text NOT NULL CHECK (target_kind IN ('review', 'follow_up', 'case_report')),
      target_id bigint NOT NULL,
      value smallint NOT NULL CHECK (value IN (-1, 1)),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (account_id, target_kind, target_id)
    )`.execute(db);

  await sql`
    CREATE TABLE official_reply (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      target_kind text NOT NULL CHECK (target_kind IN ('review', 'follow_up')),
      target_id bigint NOT NULL,
      platform_id bigint NOT NULL REFERENCES platform (id),
      account_id bigint NOT NULL REFERENCES account (id),
      body_source text NOT NULL CHECK (char_length(body_source) <= 5000),
      body_html text NOT NULL,
      state text NOT NULL DEFAULT 'published' CHECK (state IN ('published', 'removed')),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (target_kind, target_id)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE official_reply, helpful_vote, incident_update, incident, purchase_proof,
    case_report, review_follow_up, review_revision, review`.execute(db);
}
