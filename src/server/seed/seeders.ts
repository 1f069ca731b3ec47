// Each domain registers its demo seeder here, in dependency order.
// (platforms → reviews → moderation → ranking)
// Keep LAST: ranking scores everything the seeders above wrote.
import '../ranking/ranking.seed.ts';
