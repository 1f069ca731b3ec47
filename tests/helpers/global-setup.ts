// Vitest global setup for integration tests: one migrated database image per run.
// PGlite: migrate once, dump the data dir to a file; each test file starts from it (~0.35 s).
// PostgreSQL (TEST_DB=postgres): migrate a template database; each test file clones it.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createDb } from '../../src/server/db/client.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';

export const dumpPath = path.resolve('.cache/test/pglite-migrated.tar');

export async function setupPostgres({ provide }: { provide: (k: string, v: string) => void }) {
  {
    const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const template = `kaopu_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`CREATE DATABASE ${template}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${template}`;
    const h = await createDb({ databaseUrl: u.toString(), poolMax: 1 });
    await migrateToLatest(h.db);
    await h.close();
    provide('pgTemplate', template);
    provide('pgAdminUrl', url);
    return async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await c.end();
    };
  }
}

export async function setupPglite({ provide }: { provide: (k: string, v: string) => void }) {
  // dumpDataDir needs the PGlite object itself, so open it here rather than via createDb.
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const { Kysely, PostgresDialect } = await import('kysely');
  const lite = new PGlite('memory://', { extensions: { pg_trgm } });
  const kdb = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool(createPgConfig(lite) as unknown as pg.PoolConfig) }) });
  await migrateToLatest(kdb);
  await kdb.destroy();
  const dump = await lite.dumpDataDir('none');
  await lite.close();
  mkdirSync(path.dirname(dumpPath), { recursive: true });
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  provide('pgliteDump', dumpPath);
  return undefined;
}
