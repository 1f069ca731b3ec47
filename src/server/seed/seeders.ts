// Each domain registers its demo seeder here, in dependency order.
// (platforms → reviews → moderation → ranking)
export {};
