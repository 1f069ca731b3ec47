import type { Generated } from 'kysely';

/** A member's API key: only its SHA-256 is stored (db/migrations/2026-12-08T0600-api-keys.ts). */
export interface ApiKeyTable {
  id: Generated<number>;
  account_id: number;
  name: string;
  prefix: string;
  key_hash: string;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
}
