// 跑路 early warnings (预警): one row per episode — raised by the ranking job when established
// customers' complaints rise far above a platform's own baseline, lifted by the same job when
// the wave passes. Rows are never deleted: the history of episodes is public.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE early_warning (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      platform_id bigint NOT NULL REFERENCES platform (id),
      started_at timestamptz NOT NULL,
      ended_at timestamptz,
      -- subsided: the wave passed; exit_scam: a moderator confirmed 跑路 (the page shows that instead);
      -- closed: the platform closed
      end_reason text CHECK (end_reason IN ('subsided', 'exit_scam', 'closed')),
      window_days smallint NOT NULL CHECK (window_days > 0),
      -- the latest evaluation while open, the last one before lifting once ended
      complainants integer NOT NULL CHECK (complainants >= 0),
      peak_complainants integer NOT NULL CHECK (peak_complainants >= complainants),
      expected real NOT NULL CHECK (expected >= 0),
      tail_probability double precision NOT NULL CHECK (tail_probability BETWEEN 0 AND 1),
      baseline_complainants integer NOT NULL CHECK (baseline_complainants >= 0),
      baseline_days real NOT NULL CHECK (baseline_days >= 0),
      window_start_at timestamptz NOT NULL,
      window_end_at timestamptz NOT NULL,
      low_ratings integer NOT NULL DEFAULT 0,
      downgrades integer NOT NULL DEFAULT 0,
      incidents integer NOT NULL DEFAULT 0,
      verified integer NOT NULL DEFAULT 0,
      uncounted integer NOT NULL DEFAULT 0,
      -- every complaint counted during the episode (union over its evaluations), oldest first:
      -- [{source, id, reviewId, caseNo, rating, incidentKind, accountId, atMs, establishedBy}]
      evidence jsonb NOT NULL DEFAULT '[]',
      account_ids bigint[] NOT NULL DEFAULT '{}',
      review_ids bigint[] NOT NULL DEFAULT '{}',
      follow_up_ids bigint[] NOT NULL DEFAULT '{}',
      incident_ids bigint[] NOT NULL DEFAULT '{}',
      -- when the oldest counted complaint leaves the window (the maintenance tick asks for a run then)
      recheck_at timestamptz,
      updated_at timestamptz NOT NULL,
      CHECK ((ended_at IS NULL) = (end_reason IS NULL)),
      CHECK (ended_at IS NULL OR ended_at >= started_at)
    )`.execute(db);
  // at most one open episode per platform; serves: the open warning of a platform, the home list
  await sql`CREATE UNIQUE INDEX early_warning_open_idx ON early_warning (platform_id) WHERE ended_at IS NULL`.execute(db);
  // serves: a platform's episode history (newest first)
  await sql`CREATE INDEX early_warning_platform_idx ON early_warning (platform_id, started_at DESC)`.execute(db);
  // serves: the job's scan of the recent window for 1–2★ reviews (a small slice of all reviews)
  await sql`CREATE INDEX review_complaint_recent_idx ON review (created_at) WHERE state = 'published' AND rating <= 2`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX IF EXISTS review_complaint_recent_idx`.execute(db);
  await sql`DROP TABLE early_warning`.execute(db);
}
