import type { Generated, JSONColumnType } from 'kysely';

/** A claimed one-time form token and what the first submit with it returned. */
export interface WriteOnceTable {
  account_id: number;
  form_token: string;
  action: string;
  result: JSONColumnType<Record<string, unknown>, string | null, string | null> | null;
  created_at: Generated<Date>;
}
