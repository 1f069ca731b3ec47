// Shared by the domain benchmarks: a scratch PostgreSQL database per bench (created,
// migrated, dropped), the row type they report, and a seeded PRNG for repeatable data.
import pg from 'pg';
import { createDb, type DbHandle } from '../../src/server/db/client.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';

export const benchAdminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchRow { name: string; value: number; unit: string; target: string; ok: boolean }

export async function adminQuery(query: string): Promise<void> {
  const c = new pg.Client({ connectionString: benchAdminUrl });
  await c.connect();
  try {
    await c.query(query);
  } finally {
    await c.end();
  }
}

export interface ScratchDatabase {
  handle: DbHandle;
  url: string;
  /** Close the pool and drop the database. */
  drop(): Promise<void>;
}

/** A fresh, migrated database named `name` (dropped first if a previous run left it). */
export async function openScratchDatabase(name: string, poolMax = 4): Promise<ScratchDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await adminQuery(`CREATE DATABASE ${name}`);
  const u = new URL(benchAdminUrl);
  u.pathname = `/${name}`;
  const handle = await createDb({ databaseUrl: u.toString(), poolMax });
  await migrateToLatest(handle.db);
  return {
    handle,
    url: u.toString(),
    async drop() {
      await handle.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** The seeded PRNG the reputation evaluation uses, so every bench run generates the same data. */
export { mulberry32 } from '../../src/server/reputation/evaluation/prng.ts';
