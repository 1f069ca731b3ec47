// Review tags (issue 17, item 6): what a review is about (到账, 退款, 客服, 卡密失效 …), chosen by
// its author, at most three. The closed list mirrors src/server/reviews/review-tags.ts at the
// time of writing; adding a tag there needs a migration that widens this CHECK (the database
// refuses what the form would never send). Frozen in time: Kysely<any>, never imports src/.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE review ADD COLUMN tags text[] NOT NULL DEFAULT '{}'
      CONSTRAINT review_tags_check CHECK (
        cardinality(tags) <= 3
        AND tags <@ ARRAY['arrival', 'refund', 'support', 'invalid_key', 'after_sales', 'price', 'withdrawal']::text[]
      )`.execute(db);
  // Serves the platform page's ?tag= filter: WHERE platform_id = $1 AND tags @> ARRAY[$2]
  // (the platform narrows first through review_platform_idx; this GIN index serves the tag
  // when one platform has many reviews).
  await sql`CREATE INDEX review_tags_idx ON review USING gin (tags)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX review_tags_idx`.execute(db);
  await sql`ALTER TABLE review DROP COLUMN tags`.execute(db);
}
