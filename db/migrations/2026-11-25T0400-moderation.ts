// Flags, the public append-only moderation log, queue claims and appeals.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE flag (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      reporter_id bigint NOT NULL REFERENCES account (id),
      target_kind text NOT NULL
        CHECK (target_kind IN ('review', 'follow_up', 'case_report', 'reply', 'evidence', 'account', 'incident')),
      target_id bigint NOT NULL,
      reason text NOT NULL
        CHECK (reason IN ('shill', 'brushing', 'spam', 'off_topic', 'personal_info', 'card_key_leak', 'harassment', 'false_incident', 'other')),
      note text NOT NULL DEFAULT '' CHECK (char_length(note) <= 500),
      -- the reporter's trust band when flagging: low-trust flags weigh less in queue order
      reporter_weight real NOT NULL DEFAULT 1 CHECK (reporter_weight BETWEEN 0 AND 1),
      state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'upheld', 'dismissed', 'abusive')),
      created_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz,
      resolved_by bigint REFERENCES account (id)
    )`.execute(db);
  // one open flag per member and item
  await sql`CREATE UNIQUE INDEX flag_one_open_idx ON flag (reporter_id, target_kind, target_id) WHERE state = 'open'`.execute(db);
  // serves: the flagged-items queue (grouped by target)
  await sql`CREATE INDEX flag_open_target_idx ON flag (target_kind, target_id) WHERE state = 'open'`.execute(db);

  // The public moderation log: append-only, enforced below by a trigger.
  await sql`
    CREATE TABLE moderation_event (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      moderator_id bigint REFERENCES account (id),    -- NULL = the system (e.g. 15-day timeout)
      action text NOT NULL,
      subject_kind text NOT NULL,
      subject_id bigint NOT NULL,
      platform_id bigint REFERENCES platform (id),
      reason text,
      note text NOT NULL DEFAULT '' CHECK (char_length(note) <= 2000),
      batch_id bigint,            -- groups the events of one ring removal
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // serves: /mod/log newest first, and its filters
  await sql`CREATE INDEX moderation_event_created_idx ON moderation_event (created_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX moderation_event_subject_idx ON moderation_event (subject_kind, subject_id)`.execute(db);
  await sql`CREATE INDEX moderation_event_platform_idx ON moderation_event (platform_id, created_at DESC)`.execute(db);
  await sql`
    CREATE FUNCTION moderation_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'moderation_event is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER moderation_event_no_update BEFORE UPDATE OR DELETE ON moderation_event
    FOR EACH ROW EXECUTE FUNCTION moderation_event_append_only()`.execute(db);
  await sql`
    CREATE TRIGGER moderation_event_no_truncate BEFORE TRUNCATE ON moderation_event
    FOR EACH STATEMENT EXECUTE FUNCTION moderation_event_append_only()`.execute(db);

  // One moderator works an item at a time.
  await sql`
    CREATE TABLE queue_claim (
      item_key text PRIMARY KEY,
      moderator_id bigint NOT NULL REFERENCES account (id),
      claimed_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )`.execute(db);

  await sql`
    CREATE TABLE appeal (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      subject_kind text NOT NULL,
      subject_id bigint NOT NULL,
      account_id bigint NOT NULL REFERENCES account (id),
      body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
      removed_by bigint REFERENCES account (id),  -- the deciding moderator must differ
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'upheld', 'overturned')),
      decided_by bigint REFERENCES account (id),
      decision_note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      decided_at timestamptz,
      UNIQUE (subject_kind, subject_id),
      CHECK (decided_by IS NULL OR removed_by IS NULL OR decided_by <> removed_by)
    )`.execute(db);

  // Public manipulation alerts on platform pages (lift 90 days after the last finding).
  await sql`
    CREATE TABLE platform_alert (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      platform_id bigint NOT NULL REFERENCES platform (id),
      kind text NOT NULL CHECK (kind IN ('ring_removed', 'brushing', 'flag_abuse', 'exit_scam')),
      summary text NOT NULL,
      event_id bigint REFERENCES moderation_event (id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX platform_alert_platform_idx ON platform_alert (platform_id, created_at DESC)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE platform_alert, appeal, queue_claim, moderation_event, flag`.execute(db);
  await sql`DROP FUNCTION moderation_event_append_only()`.execute(db);
}
