// Registered LAST in seeders.ts: indexes every platform and review the demo seeders wrote.
import { registerSeeder } from '../seed/demo.ts';
import { seedSearchIndex } from '../platforms/platforms.seed.ts';

registerSeeder('search-index', seedSearchIndex);
