// SQL for backups (backup.ts): which tables the schema has and how many rows each holds.
import { sql, type Kysely } from 'kysely';

/** Base tables of the public schema, by name (the migration tables included). */
export async function listTables(db: Kysely<any>): Promise<string[]> {
  const r = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db);
  return r.rows.map((row) => row.name);
}

export async function countRows(db: Kysely<any>, table: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

/** Empties a PostgreSQL database for a forced restore: the schema and everything in it. */
export async function dropPublicSchema(db: Kysely<any>): Promise<void> {
  await sql`DROP SCHEMA IF EXISTS public CASCADE`.execute(db);
  await sql`CREATE SCHEMA public`.execute(db);
}
