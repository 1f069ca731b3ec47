// A fresh, migrated database for one test file: PGlite by default, PostgreSQL when the
// suite runs with TEST_DB=postgres (see vitest.config.ts). Same code path as the site.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type DbHandle } from '../../src/server/db/client.ts';

export const testDbKind: 'pglite' | 'postgres' = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';

export interface TestDb extends DbHandle {
  /** Drop the database (PostgreSQL) and close. */
  destroy(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  if (testDbKind === 'postgres') {
    const template = inject('pgTemplate' as never) as string;
    const adminUrl = inject('pgAdminUrl' as never) as string;
    const name = `kaopu_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    const h = await createDb({ databaseUrl: u.toString(), poolMax: 5 });
    return {
      ...h,
      async destroy() {
        await h.close();
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dumpPath = inject('pgliteDump' as never) as string;
  const blob = new Blob([readFileSync(dumpPath)]);
  const h = await createDb({ pgliteDir: 'memory://', pgliteLoadDataDir: blob });
  return { ...h, destroy: () => h.close() };
}
