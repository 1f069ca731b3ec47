// npm run db:backup [-- --out FILE]: database (PGlite under DATA_DIR, or DATABASE_URL via pg_dump)
// and uploads in one .tar.gz with a manifest (src/server/db/backup.ts). PGlite: stop the server first.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/server/config.ts';
import { BackupError, createBackup } from '../src/server/db/backup.ts';

try {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const cfg = loadConfig();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = path.resolve(values.out ?? path.join(cfg.dataDir, 'backups', `kaopu-${cfg.databaseUrl ? 'postgres' : 'pglite'}-${stamp}.tar.gz`));
  const m = await createBackup({ databaseUrl: cfg.databaseUrl, pgliteDir: path.join(cfg.dataDir, 'pglite'), uploadDir: cfg.uploadDir }, out);
  const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
  console.log(`Backup written: ${out}\n${m.kind}, ${Object.keys(m.tables).length} tables, ${rows} rows, ${m.uploads.length} uploads`);
} catch (e) {
  if (e instanceof BackupError || e instanceof ConfigError || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'))) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
