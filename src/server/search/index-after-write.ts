// What other domains call: enqueueSearch(trx, kind, id, op) inside the write's transaction,
// then drainSearchOutboxSoon(rt) after commit (fire and forget; a failed drain leaves the
// rows pending for the next one).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { drainOutbox, postgresEngine, type SearchEngine } from './outbox.ts';
import { meilisearchEngine } from './meilisearch.ts';

export { enqueueSearch } from './outbox.ts';

/** The engines documents go to: always the PostgreSQL index (also the fallback), plus Meilisearch when configured. */
export function searchEngines(rt: { db: Kysely<Database>; config: { meilisearchUrl: string | null; meilisearchKey: string | null } }): SearchEngine[] {
  const engines: SearchEngine[] = [postgresEngine(rt.db)];
  if (rt.config.meilisearchUrl) engines.push(meilisearchEngine(rt.config.meilisearchUrl, rt.config.meilisearchKey));
  return engines;
}

const state = { running: false, again: false };

export function drainSearchOutboxSoon(rt: { db: Kysely<Database>; config: { meilisearchUrl: string | null; meilisearchKey: string | null } }): void {
  if (state.running) {
    state.again = true;
    return;
  }
  state.running = true;
  setImmediate(async () => {
    try {
      do {
        state.again = false;
        await drainOutbox(rt.db, searchEngines(rt));
      } while (state.again);
    } catch {
      // Rows stay pending; the next write or the start-up drain retries.
    } finally {
      state.running = false;
    }
  });
}

let lastPeriodicMs = 0;
/** Minimum gap between drains triggered by reads (the search page): retries rows left pending by an outage. */
export const readTriggeredDrainIntervalMs = 30_000;

/** Called from read paths: drains at most every 30 s, so pending rows are retried even when nobody writes. */
export function drainSearchOutboxIfDue(rt: Parameters<typeof drainSearchOutboxSoon>[0], nowMs: number): void {
  if (nowMs - lastPeriodicMs < readTriggeredDrainIntervalMs) return;
  lastPeriodicMs = nowMs;
  drainSearchOutboxSoon(rt);
}
