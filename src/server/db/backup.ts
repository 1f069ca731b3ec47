// Backups (issue 16, item 8): the database and the uploads in one .tar.gz with a manifest.
//
//   manifest.json   format, kind, time, row count per table, every upload's size and SHA-256
//   database.tar    PGlite: its data directory (PGlite `dumpDataDir`, restored with `loadDataDir`)
//   database.dump   PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore`
//   uploads/…       the upload directory as it is
//
// Restoring refuses a database or upload directory that is not empty unless `force` is given
// (then PostgreSQL's public schema is dropped first, and PGlite's and the uploads' old
// directories are moved aside, never deleted). After a restore the row counts and upload
// hashes are checked against the manifest. PGlite is a single-process database: back it up and
// restore it with the server stopped.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb, type DbHandle } from './client.ts';
import { countRows, dropPublicSchema, listTables } from './backup.repository.ts';

export const backupFormat = 'kaopu-backup';
export const backupVersion = 1;

export interface BackupTarget {
  /** postgres://… or null for PGlite in `pgliteDir`. */
  databaseUrl: string | null;
  pgliteDir: string;
  uploadDir: string;
}

export interface UploadEntry { path: string; bytes: number; sha256: string }

export interface BackupManifest {
  format: typeof backupFormat;
  version: number;
  kind: 'pglite' | 'postgres';
  createdAt: string;
  tables: Record<string, number>;
  uploads: UploadEntry[];
}

export class BackupError extends Error {
  override name = 'BackupError';
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.on('error', (e) => reject(new BackupError(`${command}: ${e.message}`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new BackupError(`${command} exited with ${code}: ${err.trim().slice(0, 2000)}`))));
  });
}

/**
 * libpq environment for a connection URL, so the password never appears in a process list
 * (`pg_dump postgres://user:secret@…` would show it to every user of the machine).
 */
export function libpqEnv(databaseUrl: string): NodeJS.ProcessEnv {
  const u = new URL(databaseUrl);
  const env: NodeJS.ProcessEnv = { ...process.env, PGHOST: decodeURIComponent(u.hostname), PGPORT: u.port || '5432', PGDATABASE: decodeURIComponent(u.pathname.slice(1)) };
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const sslmode = u.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

async function tableCounts(handle: DbHandle): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of await listTables(handle.db)) out[table] = await countRows(handle.db, table);
  return out;
}

function listFiles(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full, base));
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

function uploadEntries(dir: string): UploadEntry[] {
  return listFiles(dir).map((rel) => {
    const body = readFileSync(path.join(dir, rel));
    return { path: rel, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') };
  });
}

function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

function openTarget(target: BackupTarget, loadDataDir?: Blob): Promise<DbHandle> {
  return createDb({ databaseUrl: target.databaseUrl, pgliteDir: target.pgliteDir, pgliteLoadDataDir: loadDataDir, poolMax: 1 });
}

/** Writes one .tar.gz at `outFile`; returns its manifest. */
export async function createBackup(target: BackupTarget, outFile: string, nowMs = Date.now()): Promise<BackupManifest> {
  const staging = mkdtempSync(path.join(tmpdir(), 'kaopu-backup-'));
  try {
    let kind: BackupManifest['kind'];
    let tables: Record<string, number>;
    if (target.databaseUrl) {
      kind = 'postgres';
      // Counted before the dump: writes in between show up in the dump, not in the manifest,
      // so a check after restore may see more rows than the manifest (never fewer).
      const handle = await openTarget(target);
      try {
        tables = await tableCounts(handle);
      } finally {
        await handle.close();
      }
      await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', '--file', path.join(staging, 'database.dump')], libpqEnv(target.databaseUrl));
    } else {
      kind = 'pglite';
      if (isEmptyDir(target.pgliteDir)) throw new BackupError(`No PGlite database in ${target.pgliteDir}`);
      const handle = await openTarget(target);
      try {
        tables = await tableCounts(handle);
        const dump = await handle.dumpDataDir!();
        writeFileSync(path.join(staging, 'database.tar'), Buffer.from(await dump.arrayBuffer()));
      } finally {
        await handle.close();
      }
    }
    const uploads = uploadEntries(target.uploadDir);
    if (uploads.length > 0) cpSync(target.uploadDir, path.join(staging, 'uploads'), { recursive: true });
    const manifest: BackupManifest = { format: backupFormat, version: backupVersion, kind, createdAt: new Date(nowMs).toISOString(), tables, uploads };
    writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
    mkdirSync(path.dirname(path.resolve(outFile)), { recursive: true });
    await run('tar', ['-czf', path.resolve(outFile), '-C', staging, '.']);
    return manifest;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function readManifest(dir: string): BackupManifest {
  let m: BackupManifest;
  try {
    m = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as BackupManifest;
  } catch {
    throw new BackupError('Not a Kaopu backup: manifest.json is missing or unreadable');
  }
  if (m.format !== backupFormat || m.version !== backupVersion || (m.kind !== 'pglite' && m.kind !== 'postgres')) {
    throw new BackupError(`Not a Kaopu backup this version can read (format ${String(m.format)}, version ${String(m.version)})`);
  }
  return m;
}

function moveAside(dir: string, nowMs: number): string {
  const aside = `${dir}.before-restore-${new Date(nowMs).toISOString().replace(/[:.]/g, '-')}`;
  renameSync(dir, aside);
  return aside;
}

export interface RestoreResult {
  manifest: BackupManifest;
  tables: Record<string, number>;
  /** Directories moved aside by `force`. */
  movedAside: string[];
}

/**
 * Restores `archive` into `target`, which must be of the archive's kind (a PGlite data
 * directory cannot be loaded into PostgreSQL, nor a pg_dump into PGlite). Refuses a non-empty
 * target unless `force`.
 */
export async function restoreBackup(target: BackupTarget, archive: string, opts: { force?: boolean; nowMs?: number } = {}): Promise<RestoreResult> {
  const nowMs = opts.nowMs ?? Date.now();
  if (!existsSync(archive)) throw new BackupError(`No such backup file: ${archive}`);
  const staging = mkdtempSync(path.join(tmpdir(), 'kaopu-restore-'));
  try {
    await run('tar', ['-xzf', path.resolve(archive), '-C', staging]);
    const manifest = readManifest(staging);
    const targetKind = target.databaseUrl ? 'postgres' : 'pglite';
    if (manifest.kind !== targetKind) {
      throw new BackupError(`This is a ${manifest.kind} backup; restore it with ${manifest.kind === 'postgres' ? 'DATABASE_URL set' : 'DATABASE_URL unset (PGlite)'}`);
    }
    // Check every upload in the archive before touching anything.
    const archived = new Map(uploadEntries(path.join(staging, 'uploads')).map((e) => [e.path, e]));
    for (const e of manifest.uploads) {
      const got = archived.get(e.path);
      if (!got || got.sha256 !== e.sha256) throw new BackupError(`The archive is damaged: upload ${e.path} does not match the manifest`);
    }

    const movedAside: string[] = [];
    let handle: DbHandle;
    if (targetKind === 'postgres') {
      handle = await openTarget(target);
      try {
        const existing = await listTables(handle.db);
        if (existing.length > 0) {
          if (!opts.force) throw new BackupError(`The database is not empty (${existing.length} tables); restore with --force to replace it`);
          await dropPublicSchema(handle.db);
        }
      } finally {
        await handle.close();
      }
    } else if (!isEmptyDir(target.pgliteDir)) {
      if (!opts.force) throw new BackupError(`${target.pgliteDir} is not empty; restore with --force to replace it (the old directory is kept beside it)`);
    }
    if (!isEmptyDir(target.uploadDir) && !opts.force) {
      throw new BackupError(`${target.uploadDir} is not empty; restore with --force to replace it (the old directory is kept beside it)`);
    }

    if (targetKind === 'postgres') {
      const env = libpqEnv(target.databaseUrl!);
      // pg_restore wants a target named; the name alone (the rest comes from the environment).
      await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${env.PGDATABASE}`, path.join(staging, 'database.dump')], env);
      handle = await openTarget(target);
    } else {
      if (existsSync(target.pgliteDir) && !isEmptyDir(target.pgliteDir)) movedAside.push(moveAside(target.pgliteDir, nowMs));
      const tar = readFileSync(path.join(staging, 'database.tar'));
      handle = await openTarget(target, new Blob([tar]));
    }
    let tables: Record<string, number>;
    try {
      tables = await tableCounts(handle);
    } finally {
      await handle.close();
    }
    for (const [table, n] of Object.entries(manifest.tables)) {
      if ((tables[table] ?? -1) < n) throw new BackupError(`Restored table ${table} has ${tables[table] ?? 0} rows; the backup recorded ${n}`);
    }

    if (existsSync(target.uploadDir) && !isEmptyDir(target.uploadDir)) movedAside.push(moveAside(target.uploadDir, nowMs));
    mkdirSync(target.uploadDir, { recursive: true });
    if (manifest.uploads.length > 0) cpSync(path.join(staging, 'uploads'), target.uploadDir, { recursive: true });
    return { manifest, tables, movedAside };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
