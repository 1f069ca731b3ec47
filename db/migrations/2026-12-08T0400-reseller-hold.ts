// "我是分销商" is a tick box anyone can set (issue 18, item 5): a case report (合作案例) by an account
// whose reseller standing no moderator has confirmed is held — not public — until a moderator verifies
// the purchase proof of one of its case reports (the existing proof queue). account.reseller_verified_at
// records that confirmation; case_report.state gains 'held'. Accounts with a case-report proof already
// verified are confirmed from that decision, so nothing public today disappears.
// Frozen in time: Kysely<any>, never imports src/.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE account ADD COLUMN reseller_verified_at timestamptz`.execute(db);
  await sql`ALTER TABLE case_report DROP CONSTRAINT case_report_state_check`.execute(db);
  await sql`ALTER TABLE case_report ADD CONSTRAINT case_report_state_check CHECK (state IN ('published', 'held', 'removed', 'deleted'))`.execute(db);
  await sql`
    UPDATE account a SET reseller_verified_at = v.at
    FROM (SELECT account_id, min(coalesce(reviewed_at, created_at)) AS at FROM purchase_proof
          WHERE case_report_id IS NOT NULL AND state = 'verified' GROUP BY account_id) v
    WHERE a.id = v.account_id`.execute(db);
  // serves: releasing an account's held case reports when its proof is verified
  await sql`CREATE INDEX case_report_held_idx ON case_report (account_id) WHERE state = 'held'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX case_report_held_idx`.execute(db);
  await sql`UPDATE case_report SET state = 'deleted' WHERE state = 'held'`.execute(db);
  await sql`ALTER TABLE case_report DROP CONSTRAINT case_report_state_check`.execute(db);
  await sql`ALTER TABLE case_report ADD CONSTRAINT case_report_state_check CHECK (state IN ('published', 'removed', 'deleted'))`.execute(db);
  await sql`ALTER TABLE account DROP COLUMN reseller_verified_at`.execute(db);
}
