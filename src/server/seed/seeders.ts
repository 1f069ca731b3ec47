// The domain demo seeders, in the order they run after the accounts (platforms → reviews →
// moderation → … → ranking). One ordered list: demo.ts imports it, no seeder imports demo.ts.
import type { NamedSeeder } from './context.ts';
import { platformsSeeder } from '../platforms/platforms.seed.ts';
import { reviewsSeeder } from '../reviews/reviews.seed.ts';
import { moderationSeeder } from '../moderation/moderation.seed.ts';
import { earlyWarningSeeder } from '../warnings/warnings.seed.ts';
import { verdictSeeder } from '../verdict/verdict.seed.ts';
import { searchIndexSeeder } from '../search/search.seed.ts';
import { rankingSeeder } from '../ranking/ranking.seed.ts';

export const domainSeeders: readonly NamedSeeder[] = [
  platformsSeeder,
  reviewsSeeder,
  // After platforms and reviews: the demo moderation history.
  moderationSeeder,
  // A complaint wave on one good platform, so the 跑路 early warning shows on first start.
  earlyWarningSeeder,
  // After reviews and moderation: verified reviews on licensed companies (the verdict's 靠谱).
  verdictSeeder,
  // After reviews and moderation: indexes everything they wrote for search.
  searchIndexSeeder,
  // Keep LAST: ranking scores everything the seeders above wrote.
  rankingSeeder,
];
