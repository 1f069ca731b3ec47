// The transparency report (/about/transparency, issue 17 item 6): per month, removals by reason,
// appeals won and lost, purchase proofs verified and rejected, and the median moderation time.
// Read from the moderation log through transparency.repository.ts; cached like other
// anonymous read models and invalidated by every logged decision ('modlog').
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { cachedRead } from '../http/read-cache.ts';
import { cacheTags } from '../http/cache-tags.ts';
import * as repo from './transparency.repository.ts';
import { hourMs } from '../time.ts';

type Db = Kysely<Database>;

/** Twelve months: a year shows seasonal waves (Double 11 brushing) without an endless table. */
export const transparencyMonths = 12;
/** Beijing time is UTC+8 all year (no daylight saving since 1991). */
const beijingOffsetMs = 8 * hourMs;

export interface TransparencyMonth {
  /** 'YYYY-MM' (Beijing time) */
  month: string;
  /** removals of posts by flag reason ('ring' = removed with a 托儿 ring); reason → count */
  removals: Record<string, number>;
  removalsTotal: number;
  /** the author's appeal succeeded (overturned) / failed (upheld) */
  appealsWon: number;
  appealsLost: number;
  proofsVerified: number;
  proofsRejected: number;
  /** median seconds from filing to decision (flags, proofs, appeals); null: nothing decided */
  medianSeconds: number | null;
  decided: number;
}

/** The last `n` Beijing-time months up to the one containing nowMs, newest first ('YYYY-MM'). */
export function lastMonths(nowMs: number, n: number): string[] {
  const d = new Date(nowMs + beijingOffsetMs);
  const out: string[] = [];
  let y = d.getUTCFullYear();
  let m = d.getUTCMonth(); // 0-based
  for (let i = 0; i < n; i++) {
    out.push(`${y}-${String(m + 1).padStart(2, '0')}`);
    if (--m < 0) { m = 11; y--; }
  }
  return out;
}

/** The instant the oldest of those months began (Beijing midnight on the 1st). */
export function monthStart(month: string): Date {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, 1) - beijingOffsetMs);
}

/** Folds the grouped rows into one row per month (pure: rows in, months out). */
export function foldTransparency(months: readonly string[], events: readonly repo.EventCountRow[], times: readonly repo.DecisionTimeRow[]): TransparencyMonth[] {
  const byMonth = new Map(months.map((month) => [month, {
    month, removals: {} as Record<string, number>, removalsTotal: 0, appealsWon: 0, appealsLost: 0, proofsVerified: 0, proofsRejected: 0,
    medianSeconds: null as number | null, decided: 0,
  }]));
  for (const e of events) {
    const m = byMonth.get(e.month);
    if (!m) continue;
    if (e.action === 'remove' || e.action === 'ring_remove') {
      const reason = e.action === 'ring_remove' ? 'ring' : (e.reason ?? 'other');
      m.removals[reason] = (m.removals[reason] ?? 0) + e.count;
      m.removalsTotal += e.count;
    } else if (e.action === 'overturn') m.appealsWon += e.count;
    else if (e.action === 'uphold') m.appealsLost += e.count;
    else if (e.subjectKind === 'proof' && e.action === 'approve') m.proofsVerified += e.count;
    else if (e.subjectKind === 'proof' && e.action === 'reject') m.proofsRejected += e.count;
  }
  for (const t of times) {
    const m = byMonth.get(t.month);
    if (m) { m.medianSeconds = t.medianSeconds; m.decided = t.decided; }
  }
  return months.map((month) => byMonth.get(month)!);
}

export function loadTransparency(db: Db, nowMs: number): Promise<TransparencyMonth[]> {
  const months = lastMonths(nowMs, transparencyMonths);
  const since = monthStart(months[months.length - 1]!);
  return cachedRead(db, `transparency:${months[0]}`, [cacheTags.modlog], async () => {
    const [events, times] = await Promise.all([repo.eventCounts(db, since), repo.decisionTimes(db, since)]);
    return foldTransparency(months, events, times);
  });
}
