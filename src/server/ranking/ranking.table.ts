import type { Generated, JSONColumnType } from 'kysely';
import type { VerdictBand } from '../verdict/verdict.ts';

export interface ScoreSnapshotTable {
  id: Generated<number>;
  platform_id: number;
  computed_at: Date;
  score: number;
  lower_bound: number;
  rank: number | null;
  review_count: number;
  effective_reviews: number;
  dimensions: JSONColumnType<Record<string, { score: number; lowerBound: number } | null>, string, string>;
  changes: JSONColumnType<unknown[], string, string>;
  /** Added by migration 2026-12-07T1000: the verdict band at this snapshot (null before). */
  band: Generated<VerdictBand | null>;
}

export interface ReviewWeightTable {
  review_id: number;
  weight: number;
  reasons: JSONColumnType<{ code: string; factor: number }[], string, string>;
  computed_at: Date;
  /** Added by migration 2026-11-25T1400: the platform, effective rating, recency and
   * influence (score points) of the review at the last recompute, for changelogs. */
  platform_id: number | null;
  effective_rating: number | null;
  recency: number | null;
  influence: Generated<number>;
}

export interface AccountTrustTable {
  account_id: number;
  trust: number;
  band: 'low' | 'medium' | 'high';
  computed_at: Date;
}

export interface ModelFindingTable {
  id: Generated<number>;
  kind: 'ring' | 'burst';
  dedupe_key: string;
  platform_ids: number[];
  account_ids: number[];
  review_ids: number[];
  evidence: JSONColumnType<Record<string, unknown>, string, string>;
  score: Generated<number>;
  state: Generated<'open' | 'actioned' | 'dismissed'>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface RankRequestTable {
  id: Generated<number>;
  reason: string;
  requested_at: Generated<Date>;
}
