// Per-review influence on its platform's score at the last recompute, so the next
// snapshot's changelog can say which reviews moved the score (delta of influences).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE review_weight
      ADD COLUMN platform_id bigint REFERENCES platform (id),
      ADD COLUMN effective_rating real,
      ADD COLUMN recency real,
      -- score points this review adds to its platform's score (leave-one-out difference)
      ADD COLUMN influence real NOT NULL DEFAULT 0`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE review_weight DROP COLUMN influence, DROP COLUMN recency, DROP COLUMN effective_rating, DROP COLUMN platform_id`.execute(db);
}
