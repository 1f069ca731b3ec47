import type { Generated } from 'kysely';

/** What the search indexes: one document per platform, review and case. */
export type SearchKind = 'platform' | 'review' | 'incident';

export interface SearchDocumentTable {
  kind: SearchKind;
  ref_id: number;
  platform_id: number;
  title: Generated<string>;
  body: Generated<string>;
  names: Generated<string>;
  tokens: string; // tsvector, written with to_tsvector('simple', …)
  /** structured evidence intents match: outcome:<follow-up outcome>, incident:<kind>, status:<status> */
  tags: Generated<string[]>;
  /** when the content was written (review, case), for newest first */
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SearchOutboxTable {
  id: Generated<number>;
  kind: SearchKind;
  ref_id: number;
  op: 'upsert' | 'delete';
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Generated<Date>;
  processed_at: Date | null;
}

/** Zero-result queries, counts only (search.service.ts recordMiss). */
export interface SearchMissTable {
  query: string;
  hits: Generated<number>;
  first_seen_on: string;
  last_seen_on: string;
}
