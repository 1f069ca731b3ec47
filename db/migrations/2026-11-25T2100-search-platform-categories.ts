// Platform search documents now carry the words of their categories (话费充值, 游戏点卡 …):
// queue every approved platform for re-indexing; the outbox drain after start rebuilds them.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    INSERT INTO search_outbox (kind, ref_id, op)
    SELECT 'platform', id, 'upsert' FROM platform WHERE approval = 'approved' ORDER BY id`.execute(db);
}

export async function down(_db: Kysely<any>): Promise<void> {
  // Nothing to undo: re-indexing is idempotent.
}
