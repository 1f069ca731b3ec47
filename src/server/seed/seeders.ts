// Each domain registers its demo seeder here, in dependency order.
// (platforms → reviews → moderation → ranking)
import '../platforms/platforms.seed.ts';
import '../reviews/reviews.seed.ts';
// After platforms and reviews: the demo moderation history.
import '../moderation/moderation.seed.ts';
// A complaint wave on one good platform, so the 跑路 early warning shows on first start.
import '../warnings/warnings.seed.ts';
// After reviews and moderation: verified reviews on licensed companies (the verdict's 靠谱).
import '../verdict/verdict.seed.ts';
// After reviews and moderation: indexes everything they wrote for search.
import '../search/search.seed.ts';
// Keep LAST: ranking scores everything the seeders above wrote.
import '../ranking/ranking.seed.ts';
