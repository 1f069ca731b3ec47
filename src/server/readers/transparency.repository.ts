// SQL of the transparency page (/about/transparency, issue 17 item 6): monthly counts from the
// append-only moderation log (moderation_event) and the decision times of the items moderators
// decide (flags, purchase proofs, appeals). Months are Beijing-time calendar months, as the
// site's dates are (src/i18n formatDate). Plain objects out.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The actions counted on the page; every other logged action is left out of these queries. */
export const countedActions = ['remove', 'ring_remove', 'uphold', 'overturn', 'approve', 'reject'] as const;

export interface EventCountRow {
  /** 'YYYY-MM' in Beijing time */
  month: string;
  action: string;
  subjectKind: string;
  reason: string | null;
  count: number;
}

/** Logged decisions since `since`, counted per month, action, subject kind and reason (one grouped scan). */
export async function eventCounts(db: Db, since: Date): Promise<EventCountRow[]> {
  const rows = await sql<{ month: string; action: string; subject_kind: string; reason: string | null; n: string | number }>`
    SELECT to_char(m, 'YYYY-MM') AS month, action, subject_kind, reason, n FROM (
      -- group on the truncated timestamp, format the few groups (to_char on every row costs)
      SELECT date_trunc('month', created_at AT TIME ZONE 'Asia/Shanghai') AS m, action, subject_kind, reason, count(*) AS n
      FROM moderation_event
      WHERE created_at >= ${since} AND action IN (${sql.join([...countedActions])})
      GROUP BY 1, 2, 3, 4
    ) AS g`.execute(db);
  return rows.rows.map((r) => ({ month: r.month, action: r.action, subjectKind: r.subject_kind, reason: r.reason, count: Number(r.n) }));
}

export interface DecisionTimeRow {
  month: string;
  /** median seconds from filing to decision */
  medianSeconds: number;
  decided: number;
}

/**
 * Median time from filing to decision, per month of the decision, over every flag resolved,
 * purchase proof reviewed and appeal decided in it (percentile_cont(0.5): the median of an
 * even count is the mean of the two middle values).
 */
export async function decisionTimes(db: Db, since: Date): Promise<DecisionTimeRow[]> {
  const rows = await sql<{ month: string; median: string | number; n: string | number }>`
    SELECT to_char(date_trunc('month', decided_at AT TIME ZONE 'Asia/Shanghai'), 'YYYY-MM') AS month,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median, count(*) AS n
    FROM (
      SELECT resolved_at AS decided_at, extract(epoch FROM resolved_at - created_at) AS seconds FROM flag WHERE resolved_at >= ${since}
      UNION ALL
      SELECT reviewed_at, extract(epoch FROM reviewed_at - created_at) FROM purchase_proof WHERE reviewed_at >= ${since}
      UNION ALL
      SELECT decided_at, extract(epoch FROM decided_at - created_at) FROM appeal WHERE decided_at >= ${since}
    ) AS d
    GROUP BY date_trunc('month', decided_at AT TIME ZONE 'Asia/Shanghai')`.execute(db);
  return rows.rows.map((r) => ({ month: r.month, medianSeconds: Math.max(0, Number(r.median)), decided: Number(r.n) }));
}
