// Watchlists and notifications (issue 17 item 5): what a member follows, how they want to hear
// about it, the events worth telling, one inbox row per event × follower, and the job table the
// delivery worker drains (src/server/watch/watch.worker.ts).
// Frozen in time: Kysely<any>, never imports src/.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE watch (
      account_id bigint NOT NULL REFERENCES account (id) ON DELETE CASCADE,
      subject_kind text NOT NULL CHECK (subject_kind IN ('platform', 'incident')),
      subject_id bigint NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (account_id, subject_kind, subject_id)
    )`.execute(db);
  // serves: the fan-out of one event to the followers of its platform or case
  await sql`CREATE INDEX watch_subject_idx ON watch (subject_kind, subject_id)`.execute(db);

  await sql`
    CREATE TABLE notify_pref (
      account_id bigint PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
      email_mode text NOT NULL DEFAULT 'immediate' CHECK (email_mode IN ('immediate', 'daily', 'off')),
      -- the private feed's token is <feed_token_id>.<secret>; only SHA-256 of the secret is kept
      feed_token_id text UNIQUE,
      feed_secret_hash bytea,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((feed_token_id IS NULL) = (feed_secret_hash IS NULL))
    )`.execute(db);

  await sql`
    CREATE TABLE notify_event (
      id bigserial PRIMARY KEY,
      -- what makes an event the same event when its producer runs again (a retried ranking run)
      event_key text NOT NULL UNIQUE CHECK (char_length(event_key) BETWEEN 1 AND 200),
      kind text NOT NULL CHECK (kind IN ('band_changed', 'early_warning', 'status_changed', 'official_reply', 'case_status')),
      platform_id bigint NOT NULL REFERENCES platform (id) ON DELETE CASCADE,
      incident_id bigint REFERENCES incident (id) ON DELETE CASCADE,
      -- who caused it (a moderator, a representative): not told about their own act
      actor_id bigint REFERENCES account (id) ON DELETE SET NULL,
      data jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE notification (
      id bigserial PRIMARY KEY,
      account_id bigint NOT NULL REFERENCES account (id) ON DELETE CASCADE,
      event_id bigint NOT NULL REFERENCES notify_event (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz,
      mailed_at timestamptz,
      -- one entry per event × member: a re-run fan-out adds nothing
      UNIQUE (account_id, event_id)
    )`.execute(db);
  // serves: the inbox page (newest first) and the private feed
  await sql`CREATE INDEX notification_account_idx ON notification (account_id, id DESC)`.execute(db);
  // serves: the unread count in the header
  await sql`CREATE INDEX notification_unread_idx ON notification (account_id) WHERE read_at IS NULL`.execute(db);

  await sql`
    CREATE TABLE notify_job (
      id bigserial PRIMARY KEY,
      -- fanout:<event> | mail:<notification> | digest:<account>:<day>: a job is enqueued once
      job_key text NOT NULL UNIQUE CHECK (char_length(job_key) BETWEEN 1 AND 200),
      kind text NOT NULL CHECK (kind IN ('fanout', 'mail', 'digest')),
      event_id bigint REFERENCES notify_event (id) ON DELETE CASCADE,
      notification_id bigint REFERENCES notification (id) ON DELETE CASCADE,
      account_id bigint REFERENCES account (id) ON DELETE CASCADE,
      run_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0,
      -- a claimed job is leased, not held in an open transaction (PGlite has one connection)
      locked_until timestamptz,
      last_error text,
      done_at timestamptz,
      failed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // serves: the worker's claim (due jobs in order)
  await sql`CREATE INDEX notify_job_due_idx ON notify_job (run_at, id) WHERE done_at IS NULL AND failed_at IS NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE notify_job`.execute(db);
  await sql`DROP TABLE notification`.execute(db);
  await sql`DROP TABLE notify_event`.execute(db);
  await sql`DROP TABLE notify_pref`.execute(db);
  await sql`DROP TABLE watch`.execute(db);
}
