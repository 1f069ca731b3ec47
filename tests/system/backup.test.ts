// npm run db:backup / db:restore round trips (issue 16, item 8), through the real commands:
// seed a database and an upload, back up, restore into a fresh place, compare every table's
// row count and the upload's bytes; a non-empty target is refused without --force.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { createDb, type DbHandle } from '../../src/server/db/client.ts';
import { migrateToLatest } from '../../src/server/db/migrate.ts';
import { countRows, listTables } from '../../src/server/db/backup.repository.ts';
import { storeUpload } from '../../src/server/uploads/upload.service.ts';
import { makeAccount } from '../helpers/accounts.ts';
import { adminUrl, admin, tempDataDir } from './helpers.ts';

const root = path.resolve(import.meta.dirname, '../..');
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

function cli(script: 'db-backup' | 'db-restore', args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [`scripts/${script}.ts`, ...args], {
    cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', ...env },
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

async function snapshot(h: DbHandle): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of await listTables(h.db)) out[t] = await countRows(h.db, t);
  return out;
}

/** Migrates, adds two accounts and one stored upload; returns the counts and the upload's stored bytes. */
async function seed(h: DbHandle, uploadDir: string): Promise<{ counts: Record<string, number>; key: string; bytes: Buffer }> {
  await migrateToLatest(h.db);
  const owner = await makeAccount(h.db, { handle: 'backup_owner' });
  await makeAccount(h.db, { handle: 'backup_other' });
  const png = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#a52' } }).png().toBuffer();
  const up = await storeUpload(h.db, { config: { uploadDir } }, { ownerId: owner.id, purpose: 'proof', file: new Blob([png]) });
  const row = await h.db.selectFrom('upload').select('storage_key').where('id', '=', up.id).executeTakeFirstOrThrow();
  return { counts: await snapshot(h), key: row.storage_key, bytes: readFileSync(path.join(uploadDir, row.storage_key)) };
}


function dbUrl(name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

describe('PGlite round trip', () => {
  it('backs up and restores the database and the uploads', async () => {
    const src = tempDataDir();
    const dst = tempDataDir();
    cleanups.push(() => rmSync(src, { recursive: true, force: true }), () => rmSync(dst, { recursive: true, force: true }));
    const h = await createDb({ pgliteDir: path.join(src, 'pglite') });
    const seeded = await seed(h, path.join(src, 'uploads'));
    await h.close();
    expect(seeded.counts.account).toBe(2);
    expect(seeded.counts.upload).toBe(1);

    const archive = path.join(src, 'out', 'backup.tar.gz');
    const b = cli('db-backup', ['--out', archive], { DATA_DIR: src });
    expect(b.code, b.out).toBe(0);
    expect(existsSync(archive)).toBe(true);

    const r = cli('db-restore', [archive], { DATA_DIR: dst });
    expect(r.code, r.out).toBe(0);
    const back = await createDb({ pgliteDir: path.join(dst, 'pglite') });
    try {
      expect(await snapshot(back)).toEqual(seeded.counts);
      const row = await back.db.selectFrom('account').select('handle').orderBy('handle').execute();
      expect(row.map((x) => x.handle)).toEqual(['backup_other', 'backup_owner']);
    } finally {
      await back.close();
    }
    expect(readFileSync(path.join(dst, 'uploads', seeded.key)).equals(seeded.bytes)).toBe(true);

    // Over a database that now has data: refused, nothing touched; --force replaces and keeps the old aside.
    const again = cli('db-restore', [archive], { DATA_DIR: dst });
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/not empty.*--force/);
    const forced = cli('db-restore', [archive, '--force'], { DATA_DIR: dst });
    expect(forced.code, forced.out).toBe(0);
    expect(readdirSync(dst).some((n) => n.startsWith('pglite.before-restore-'))).toBe(true);
  }, 480_000); // PGlite on disk: the migrations alone take ~40 s on a busy 2-core machine

  it('refuses a file that is not a backup', () => {
    const dst = tempDataDir();
    cleanups.push(() => rmSync(dst, { recursive: true, force: true }));
    const r = cli('db-restore', [path.join(root, 'package.json')], { DATA_DIR: dst });
    expect(r.code).not.toBe(0);
  });
});

describe('PostgreSQL round trip', () => {
  it('backs up with pg_dump and restores into a fresh database', async () => {
    const srcDb = `hardening_bk_src_${process.pid}`;
    const dstDb = `hardening_bk_dst_${process.pid}`;
    for (const n of [srcDb, dstDb]) {
      await admin(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
      await admin(`CREATE DATABASE ${n}`);
      cleanups.push(() => admin(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`));
    }
    const src = tempDataDir();
    const dst = tempDataDir();
    cleanups.push(() => rmSync(src, { recursive: true, force: true }), () => rmSync(dst, { recursive: true, force: true }));
    const h = await createDb({ databaseUrl: dbUrl(srcDb) });
    const seeded = await seed(h, path.join(src, 'uploads'));
    await h.close();

    const archive = path.join(src, 'pg-backup.tar.gz');
    const b = cli('db-backup', ['--out', archive], { DATA_DIR: src, DATABASE_URL: dbUrl(srcDb) });
    expect(b.code, b.out).toBe(0);
    const r = cli('db-restore', [archive], { DATA_DIR: dst, DATABASE_URL: dbUrl(dstDb) });
    expect(r.code, r.out).toBe(0);
    const back = await createDb({ databaseUrl: dbUrl(dstDb) });
    try {
      expect(await snapshot(back)).toEqual(seeded.counts);
      // The restored schema works: a migration run finds nothing to do, and a write succeeds.
      expect((await migrateToLatest(back.db)).results ?? []).toEqual([]);
      await makeAccount(back.db, { handle: 'after_restore' });
    } finally {
      await back.close();
    }
    expect(readFileSync(path.join(dst, 'uploads', seeded.key)).equals(seeded.bytes)).toBe(true);

    const again = cli('db-restore', [archive], { DATA_DIR: tempDataDir(), DATABASE_URL: dbUrl(dstDb) });
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/database is not empty/);
    // A PostgreSQL backup does not go into PGlite.
    const wrongKind = cli('db-restore', [archive], { DATA_DIR: tempDataDir() });
    expect(wrongKind.out).toMatch(/postgres backup/);
  }, 240_000);
});
