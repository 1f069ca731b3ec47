import type { Generated } from 'kysely';

export interface SearchDocumentTable {
  kind: 'platform' | 'review';
  ref_id: number;
  platform_id: number;
  title: Generated<string>;
  body: Generated<string>;
  names: Generated<string>;
  tokens: string; // tsvector, written with to_tsvector('simple', …)
  updated_at: Generated<Date>;
}

export interface SearchOutboxTable {
  id: Generated<number>;
  kind: string;
  ref_id: number;
  op: 'upsert' | 'delete';
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Generated<Date>;
  processed_at: Date | null;
}
