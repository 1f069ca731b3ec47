// Runs after the other content seeders (seeders.ts): indexes every platform and review the demo seeders wrote.
import type { NamedSeeder } from '../seed/context.ts';
import { seedSearchIndex } from '../platforms/platforms.seed.ts';

export const searchIndexSeeder: NamedSeeder = { name: 'search-index', run: seedSearchIndex };
