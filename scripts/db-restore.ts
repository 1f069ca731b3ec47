// npm run db:restore -- FILE [--force]: restore a db:backup archive into the configured database
// (PGlite under DATA_DIR, or DATABASE_URL via pg_restore) and upload directory. Refuses a
// non-empty target unless --force. PGlite: stop the server first.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/server/config.ts';
import { BackupError, restoreBackup } from '../src/server/db/backup.ts';

try {
  const { values, positionals } = parseArgs({ options: { force: { type: 'boolean', default: false } }, allowPositionals: true });
  if (positionals.length !== 1) throw new BackupError('Usage: npm run db:restore -- FILE [--force]');
  const cfg = loadConfig();
  const r = await restoreBackup({ databaseUrl: cfg.databaseUrl, pgliteDir: path.join(cfg.dataDir, 'pglite'), uploadDir: cfg.uploadDir }, positionals[0]!, { force: values.force });
  const rows = Object.values(r.tables).reduce((a, b) => a + b, 0);
  console.log(`Restored ${r.manifest.kind} backup of ${r.manifest.createdAt}: ${Object.keys(r.tables).length} tables, ${rows} rows, ${r.manifest.uploads.length} uploads (checked against the manifest)`);
  for (const dir of r.movedAside) console.log(`The previous contents were kept in ${dir}`);
} catch (e) {
  if (e instanceof BackupError || e instanceof ConfigError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
