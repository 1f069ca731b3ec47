// Periodic upkeep that no single request triggers: complaint cases accepted 15 days ago
// without resolution become 'unresolved' (the pages compute it on read too; this persists it).
// This loop is the controller of these writes: it drops the pages each step names after its commit.
import type { Runtime } from './runtime.ts';
import { closeStaleIncidents } from './incidents/incident.service.ts';
import { requestRecomputeIfWarningsDue } from './warnings/warning.service.ts';
import { sweepFormTokens } from './writes/write-once.service.ts';
import { applyDueSameDayFollowUps } from './reviews/review.service.ts';
import { sweepWatchJobs } from './watch/watch.service.ts';
import { invalidatePages } from './http/invalidation.ts';
import { minuteMs } from './time.ts';

/** Often enough that the stored status never lags the shown one by much; cheap (index-backed). */
const maintenanceIntervalMs = 10 * minuteMs;

export function scheduleMaintenance(rt: Runtime, log: (m: string) => void = (m) => console.log(m)): void {
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= closeStaleIncidents(rt.db, Date.now())
      .then(({ moved, tags }) => {
        invalidatePages(tags);
        if (moved > 0) log(`maintenance: ${moved} complaint case(s) marked unresolved after 15 days`);
      })
      .then(async () => {
        // an open 预警 whose oldest complaint has left the window is re-evaluated (and lifts if the wave passed)
        await requestRecomputeIfWarningsDue(rt.db, Date.now());
        // One-time form tokens are kept a week (write-once.service.ts), then forgotten.
        await sweepFormTokens(rt.db, Date.now());
        // Same-day follow-ups replace their review's rating once they are a day old.
        const { applied: n, tags } = await applyDueSameDayFollowUps(rt.db, Date.now());
        invalidatePages(tags);
        if (n > 0) log(`maintenance: ${n} same-day follow-up rating(s) applied`);
        // Finished watch-delivery jobs are kept 30 days (for tracing a delivery), then dropped.
        await sweepWatchJobs(rt.db, Date.now());
      })
      .catch((e: Error) => log(`maintenance failed: ${e.message}`))
      .finally(() => {
        running = null;
      });
  };
  run();
  const timer = setInterval(run, maintenanceIntervalMs);
  timer.unref();
  rt.closers.push(async () => {
    clearInterval(timer);
    if (running) await running;
  });
}
