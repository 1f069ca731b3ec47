import type { Generated, JSONColumnType } from 'kysely';

export type WarningEndReason = 'subsided' | 'exit_scam' | 'closed';

/** One 预警 episode (migration 2026-12-07T1100). */
export interface EarlyWarningTable {
  id: Generated<number>;
  platform_id: number;
  started_at: Date;
  ended_at: Date | null;
  end_reason: WarningEndReason | null;
  window_days: number;
  complainants: number;
  peak_complainants: number;
  expected: number;
  tail_probability: number;
  baseline_complainants: number;
  baseline_days: number;
  window_start_at: Date;
  window_end_at: Date;
  low_ratings: Generated<number>;
  downgrades: Generated<number>;
  incidents: Generated<number>;
  verified: Generated<number>;
  uncounted: Generated<number>;
  /** Evidence[] as JSON, written by the repository; storedEvidence checks it item by item when read. */
  evidence: JSONColumnType<object, string, string>;
  account_ids: Generated<number[]>;
  review_ids: Generated<number[]>;
  follow_up_ids: Generated<number[]>;
  incident_ids: Generated<number[]>;
  recheck_at: Date | null;
  updated_at: Date;
}
