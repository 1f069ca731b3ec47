// Look-alike handles (issue 16, finding 4): each account's confusable skeleton (UTS #39), so a new
// handle that looks like an existing one is found by an index lookup. Filled by the application
// (src/server/accounts/handle-safety.ts computes it; rows from before are filled at start-up by
// backfillHandleSkeletons). Not UNIQUE: handles that already collide must not stop the migration;
// sign-up refuses new collisions. Frozen in time: Kysely<any>, never imports src/.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE account ADD COLUMN handle_skeleton text`.execute(db);
  await sql`CREATE INDEX account_handle_skeleton_idx ON account (handle_skeleton)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX account_handle_skeleton_idx`.execute(db);
  await sql`ALTER TABLE account DROP COLUMN handle_skeleton`.execute(db);
}
