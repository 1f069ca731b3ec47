// npm run reindex — queue every platform and review for the search index and drain the
// outbox now (PostgreSQL full-text search, and Meilisearch when MEILISEARCH_URL is set).
import { bootRuntime, shutdownRuntime } from '../src/server/runtime.ts';
import { drainOutbox, enqueueFullReindex } from '../src/server/search/outbox.ts';
import { searchEngines } from '../src/server/search/index-after-write.ts';

const rt = await bootRuntime();
try {
  const queued = await enqueueFullReindex(rt.db);
  const result = await drainOutbox(rt.db, searchEngines(rt), { maxBatches: 1_000_000 });
  console.log(`queued ${queued} documents; ${JSON.stringify(result)}`);
} finally {
  await shutdownRuntime();
}
