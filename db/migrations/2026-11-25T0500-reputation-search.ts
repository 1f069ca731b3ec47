// Reputation snapshots and weights (written by the recompute job), model findings for
// moderators, and the search documents with their outbox.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE score_snapshot (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      platform_id bigint NOT NULL REFERENCES platform (id),
      computed_at timestamptz NOT NULL,
      score real NOT NULL,
      lower_bound real NOT NULL,
      rank integer,
      review_count integer NOT NULL,
      effective_reviews real NOT NULL,
      dimensions jsonb NOT NULL DEFAULT '{}',
      changes jsonb NOT NULL DEFAULT '[]'   -- what moved the score most since the previous snapshot
    )`.execute(db);
  // serves: a platform's history chart and its latest score
  await sql`CREATE INDEX score_snapshot_platform_idx ON score_snapshot (platform_id, computed_at DESC)`.execute(db);

  await sql`
    CREATE TABLE review_weight (
      review_id bigint PRIMARY KEY REFERENCES review (id),
      weight real NOT NULL CHECK (weight BETWEEN 0 AND 1),
      reasons jsonb NOT NULL DEFAULT '[]',
      computed_at timestamptz NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE account_trust (
      account_id bigint PRIMARY KEY REFERENCES account (id),
      trust real NOT NULL CHECK (trust BETWEEN 0 AND 1),
      band text NOT NULL CHECK (band IN ('low', 'medium', 'high')),
      computed_at timestamptz NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE model_finding (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('ring', 'burst')),
      dedupe_key text NOT NULL UNIQUE,
      platform_ids bigint[] NOT NULL DEFAULT '{}',
      account_ids bigint[] NOT NULL DEFAULT '{}',
      review_ids bigint[] NOT NULL DEFAULT '{}',
      evidence jsonb NOT NULL DEFAULT '{}',
      score real NOT NULL DEFAULT 0,
      state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'actioned', 'dismissed')),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  // A request to recompute scores; the job drains all pending rows at once (debounce).
  await sql`
    CREATE TABLE rank_request (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      reason text NOT NULL,
      requested_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE search_document (
      kind text NOT NULL CHECK (kind IN ('platform', 'review')),
      ref_id bigint NOT NULL,
      platform_id bigint NOT NULL REFERENCES platform (id),
      title text NOT NULL DEFAULT '',
      body text NOT NULL DEFAULT '',
      names text NOT NULL DEFAULT '',      -- names, aliases, domains: trigram matching (typos)
      tokens tsvector NOT NULL,            -- pre-segmented Chinese words ('simple' config)
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (kind, ref_id)
    )`.execute(db);
  await sql`CREATE INDEX search_document_tokens_idx ON search_document USING gin (tokens)`.execute(db);
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  await sql`CREATE INDEX search_document_names_trgm_idx ON search_document USING gin (names gin_trgm_ops)`.execute(db);

  // Written in the same transaction as the change; drained after commit to the engine.
  await sql`
    CREATE TABLE search_outbox (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      kind text NOT NULL,
      ref_id bigint NOT NULL,
      op text NOT NULL CHECK (op IN ('upsert', 'delete')),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      processed_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX search_outbox_pending_idx ON search_outbox (id) WHERE processed_at IS NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE search_outbox, search_document, rank_request, model_finding, account_trust,
    review_weight, score_snapshot`.execute(db);
}
