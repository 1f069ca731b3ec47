// npm run db:migrate — bring the database (PGlite under DATA_DIR, or DATABASE_URL) to the latest schema.
import { loadConfig } from '../src/server/config.ts';
import { createDb } from '../src/server/db/client.ts';
import { migrateToLatest } from '../src/server/db/migrate.ts';
import path from 'node:path';

const cfg = loadConfig();
const handle = await createDb({ databaseUrl: cfg.databaseUrl, pgliteDir: path.join(cfg.dataDir, 'pglite') });
try {
  const result = await migrateToLatest(handle.db);
  const ran = result.results ?? [];
  console.log(ran.length ? ran.map((r) => `${r.status}: ${r.migrationName}`).join('\n') : 'Already up to date.');
} finally {
  await handle.close();
}
