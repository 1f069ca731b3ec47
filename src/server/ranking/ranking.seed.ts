// Demo data for the ranking (runs last): a score history so the charts are not empty on
// first start — weekly snapshots over the past 13 weeks, each computed by the model with
// `now` set to that week on the records that existed then — then the recompute of today.
// Approximation: proof states and moderator removals are today's (those tables keep no
// history of their state), so the past is replayed as if they had always been so.
import type { NamedSeeder, SeedContext } from '../seed/context.ts';
import { runRecompute } from './recompute.ts';
import { dayMs } from '../time.ts';

const weekMs = 7 * dayMs;
/** Weeks of history to compute for the demo. */
export const DEMO_HISTORY_WEEKS = 13;

export async function seedRanking(ctx: SeedContext): Promise<void> {
  for (let w = DEMO_HISTORY_WEEKS; w >= 1; w--) {
    const asOfMs = ctx.nowMs - w * weekMs;
    await runRecompute(ctx.db, asOfMs, { asOfMs });
  }
  const r = await runRecompute(ctx.db, ctx.nowMs);
  if (r.status === 'ran') {
    ctx.log(`ranking: ${r.platforms} platforms, ${r.reviews} reviews scored; ${r.findings.inserted} findings for moderators`);
  }
}

export const rankingSeeder: NamedSeeder = { name: 'ranking', run: seedRanking };
