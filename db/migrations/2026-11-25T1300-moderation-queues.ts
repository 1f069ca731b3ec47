// Indexes for the moderator queues and the log filters, so /mod stays fast with 10 000
// open items (each queue reads one page through a partial index on its pending state).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // serves: the flagged-items queue, grouped by target and summed weight (index-only scan)
  await sql`CREATE INDEX flag_open_group_idx ON flag (target_kind, target_id) INCLUDE (reporter_weight, created_at, reason) WHERE state = 'open'`.execute(db);
  // serves: the pending-incidents queue (跑路 first, then oldest)
  await sql`CREATE INDEX incident_open_idx ON incident (created_at) WHERE status IN ('submitted', 'accepted')`.execute(db);
  // serves: the pending platform-submissions queue
  await sql`CREATE INDEX platform_pending_idx ON platform (created_at) WHERE approval = 'pending'`.execute(db);
  // serves: the pending representative-claims queue
  await sql`CREATE INDEX platform_representative_pending_idx ON platform_representative (created_at) WHERE state = 'pending'`.execute(db);
  // serves: the open-appeals queue
  await sql`CREATE INDEX appeal_pending_idx ON appeal (created_at) WHERE state = 'pending'`.execute(db);
  // serves: the model-findings queue, strongest first
  await sql`CREATE INDEX model_finding_open_idx ON model_finding (score DESC, id) WHERE state = 'open'`.execute(db);
  // serves: /mod/log filtered by moderator or action, newest first; a ring's events by batch
  await sql`CREATE INDEX moderation_event_moderator_idx ON moderation_event (moderator_id, created_at DESC)`.execute(db);
  await sql`CREATE INDEX moderation_event_action_idx ON moderation_event (action, created_at DESC)`.execute(db);
  await sql`CREATE INDEX moderation_event_batch_idx ON moderation_event (batch_id) WHERE batch_id IS NOT NULL`.execute(db);
  // serves: ring removal (all posts of a set of accounts) for follow-ups and replies
  await sql`CREATE INDEX review_follow_up_account_idx ON review_follow_up (account_id)`.execute(db);
  await sql`CREATE INDEX official_reply_account_idx ON official_reply (account_id)`.execute(db);
  // serves: the claims shown next to queue items
  await sql`CREATE INDEX queue_claim_moderator_idx ON queue_claim (moderator_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['flag_open_group_idx', 'incident_open_idx', 'platform_pending_idx', 'platform_representative_pending_idx', 'appeal_pending_idx',
    'model_finding_open_idx', 'moderation_event_moderator_idx', 'moderation_event_action_idx', 'moderation_event_batch_idx',
    'review_follow_up_account_idx', 'official_reply_account_idx', 'queue_claim_moderator_idx']) {
    await sql`DROP INDEX IF EXISTS ${sql.id(name)}`.execute(db);
  }
}
