// npm run search:misses [N] — the top N (default 50) search queries that found nothing, with
// their counts and first/last day (no account, no IP is ever stored), so moderators can grow
// the search dictionary (src/server/search/dictionary.ts) or a platform's aliases. The same
// list is at /mod/search-misses.
import { bootRuntime, shutdownRuntime } from '../src/server/runtime.ts';
import { topMisses } from '../src/server/search/search.service.ts';

const n = Number(process.argv[2] ?? 50);
const limit = Number.isInteger(n) && n > 0 && n <= 10_000 ? n : 50;
const rt = await bootRuntime();
try {
  const rows = await topMisses(rt.db, limit);
  if (rows.length === 0) console.log('no zero-result searches yet');
  for (const r of rows) console.log(`${String(r.hits).padStart(6)}  ${r.firstSeenOn} … ${r.lastSeenOn}  ${r.query}`);
} finally {
  await shutdownRuntime();
}
