// createDb: Kysely over `pg` against a real PostgreSQL server (DATABASE_URL), or over
// PGlite's node-postgres adapter (embedded, a directory under DATA_DIR). Same dialect,
// same migrations, same queries — see STACK.md "Kysely, PostgreSQL and PGlite".
import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export type DbKind = 'pglite' | 'postgres';

export interface DbHandle {
  readonly db: Kysely<Database>;
  readonly kind: DbKind;
  close(): Promise<void>;
}

// bigint (int8) and numeric come back as strings by default; counts and ids fit in a double.
pg.types.setTypeParser(20, (v: string) => Number(v));
pg.types.setTypeParser(1700, (v: string) => Number(v));

export interface CreateDbOptions {
  databaseUrl?: string | null;
  /** PGlite data directory, or 'memory://' for tests. */
  pgliteDir?: string;
  /** A dumped data dir (from dumpDataDir) to start a PGlite instance from, for fast tests. */
  pgliteLoadDataDir?: Blob | File;
  /** Max pool size for a real server. */
  poolMax?: number;
}

export async function createDb(options: CreateDbOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolMax ?? 10, connectionTimeoutMillis: 5_000 });
    // An idle client whose server connection dies (restart, failover, pg_terminate_backend)
    // emits 'error' on the pool; unhandled, that would crash the process. The pool drops the
    // client and the next query opens a new connection (or fails, and /healthz says 503).
    pool.on('error', (err) => console.error(`database connection lost: ${err.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const dir = options.pgliteDir ?? 'memory://';
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  const pglite = new PGlite(dir, {
    extensions: { pg_trgm },
    ...(options.pgliteLoadDataDir ? { loadDataDir: options.pgliteLoadDataDir } : {}),
  });
  // The adapter sets a pool of exactly one connection: PGlite is single-session. Keep it so.
  const pool = new pg.Pool(createPgConfig(pglite) as unknown as pg.PoolConfig);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closed = false;
  return {
    db,
    kind: 'pglite',
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      // Closing PGlite flushes its files; skipping it can leave the directory needing recovery.
      await pglite.close();
    },
  };
}
