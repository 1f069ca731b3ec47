// The verdict (结论) of each platform: its current band and reasons (platform_verdict, one
// row per platform, rewritten by every ranking run), and the band on each score snapshot
// so the history can say when the band changed and why (the why is in snapshot.changes).
import { sql, type Kysely } from 'kysely';

const bands = sql.raw(`('reliable', 'fair', 'caution', 'high_risk', 'exit_scam', 'insufficient')`);

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE platform_verdict (
      platform_id bigint PRIMARY KEY REFERENCES platform (id) ON DELETE CASCADE,
      band text NOT NULL CHECK (band IN ${bands}),
      -- [{code, dimension, effect, cap?, strength, params?, evidence}], strongest first
      reasons jsonb NOT NULL DEFAULT '[]',
      -- the score's lower bound after the young-platform widening (the order inside a band)
      lower_bound real,
      rank integer CHECK (rank IS NULL OR rank >= 1),
      computed_at timestamptz NOT NULL
    )`.execute(db);
  // serves: ranked lists by band then lower bound (the ranking, the home top list)
  await sql`CREATE INDEX platform_verdict_rank_idx ON platform_verdict (rank) WHERE rank IS NOT NULL`.execute(db);
  await sql`ALTER TABLE score_snapshot ADD COLUMN band text CHECK (band IS NULL OR band IN ${bands})`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE score_snapshot DROP COLUMN band`.execute(db);
  await sql`DROP TABLE platform_verdict`.execute(db);
}
