import type { JSONColumnType } from 'kysely';
import type { VerdictBand } from './verdict.ts';

/** The current verdict of a platform (one row each, rewritten by the ranking job). */
export interface PlatformVerdictTable {
  platform_id: number;
  band: VerdictBand;
  reasons: JSONColumnType<unknown[], string, string>;
  lower_bound: number | null;
  rank: number | null;
  computed_at: Date;
}
