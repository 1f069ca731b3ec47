// What every demo seeder gets: the database, the clock, and the accounts the persona step made.
// Its own module so that the domain seeders and the seed registry (seeders.ts) both depend on it
// and nothing depends back on them.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

export interface SeedContext {
  db: Kysely<Database>;
  nowMs: number;
  /** handle → account id */
  accounts: Map<string, number>;
  appSecret: string;
  log: (m: string) => void;
}

/** A domain's demo step: adds its demo records after the accounts (and the steps before it). */
export type DomainSeeder = (ctx: SeedContext) => Promise<void>;

export interface NamedSeeder {
  name: string;
  run: DomainSeeder;
}
