// npm run rank — run one full ranking recompute now (weights, trust, snapshots, findings)
// and print a summary. Safe while the site runs: the advisory lock lets only one run.
import { bootRuntime, shutdownRuntime } from '../src/server/runtime.ts';
import { runRecompute } from '../src/server/ranking/recompute.ts';
import { invalidatePages } from '../src/server/http/invalidation.ts';

const rt = await bootRuntime();
let code = 0;
try {
  const r = await runRecompute(rt.db, Date.now());
  if (r.status === 'busy') {
    console.log('Another recompute is running (advisory lock held); try again in a moment.');
    code = 2;
  } else {
    // The running servers drop the changed pages (the runtime publishes on the Redis bus when configured).
    invalidatePages(r.tags);
    console.log(
      [
        `platforms: ${r.platforms}, reviews: ${r.reviews}, accounts: ${r.accounts}`,
        `snapshots written: ${r.snapshotsWritten} (platforms whose score changed)`,
        `findings for moderators: ${r.findings.inserted} new, ${r.findings.updated} updated`,
        `requests drained: ${r.requestsDrained}`,
        `time: load ${r.loadMs} ms, compute ${r.computeMs} ms, write ${r.writeMs} ms`,
      ].join('\n'),
    );
  }
} catch (e) {
  console.error(`rank failed: ${(e as Error).message}`);
  code = 1;
} finally {
  await shutdownRuntime();
}
process.exit(code);
