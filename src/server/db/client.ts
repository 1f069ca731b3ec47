// createDb: Kysely over `pg` against a real PostgreSQL server (DATABASE_URL), or over
// PGlite's node-postgres adapter (embedded, a directory under DATA_DIR). Same dialect,
// same migrations, same queries — see docs/STACK.md "Kysely, PostgreSQL and PGlite".
import { mkdirSync } from 'node:fs';
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { noteDatabaseError } from './faults.ts';

export type DbKind = 'pglite' | 'postgres';

export interface DbHandle {
  readonly db: Kysely<Database>;
  readonly kind: DbKind;
  close(): Promise<void>;
  /** PGlite only: the whole data directory as a tar (backup.ts). */
  dumpDataDir?(): Promise<Blob>;
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

/**
 * Every client the pool opens gets its own 'error' listener for the time it is checked out
 * (issue 16, finding 1): a connection dropped mid-query (`pg_ctl stop -m immediate`,
 * pg_terminate_backend) emits 'error' on the *client*, and pg-pool's own listener covers idle
 * clients only — unhandled, the event killed the process. The query in flight still rejects;
 * the pool discards the broken client on release (it is no longer queryable). Every failed
 * connect or query also notes an outage on the request (faults.ts), so the request answers 503.
 */
function observePool(pool: pg.Pool): PostgresPool {
  pool.on('connect', (client) => {
    client.on('error', (err) => console.error(`database connection lost (in use): ${err.message}`));
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      const out = query(...args);
      // Promises only: a submittable (a cursor) reports its errors to its own reader.
      if (out instanceof Promise) out.catch(noteDatabaseError);
      return out;
    }) as typeof client.query;
  });
  return {
    connect: () => pool.connect().catch((err: unknown) => {
      noteDatabaseError(err);
      throw err;
    }),
    end: () => pool.end(),
    options: pool.options,
    Client: (pool as unknown as { Client?: PostgresPool['Client'] }).Client,
  };
}

export async function createDb(options: CreateDbOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolMax ?? 10, connectionTimeoutMillis: 5_000 });
    // An idle client whose server connection dies (restart, failover, pg_terminate_backend)
    // emits 'error' on the pool; unhandled, that would crash the process. The pool drops the
    // client and the next query opens a new connection (or fails, and /healthz says 503).
    pool.on('error', (err) => console.error(`database connection lost (idle): ${err.message}`));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: observePool(pool) }) });
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
  pool.on('error', (err) => console.error(`database connection lost (idle): ${err.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: observePool(pool) }) });
  let closed = false;
  return {
    db,
    kind: 'pglite',
    dumpDataDir: () => pglite.dumpDataDir('none'),
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
      // Closing PGlite flushes its files; skipping it can leave the directory needing recovery.
      await pglite.close();
    },
  };
}
