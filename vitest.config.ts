import { defineConfig } from 'vitest/config';

// Projects: pure unit tests; integration tests against real databases — the same files
// run on PGlite ('integration') and on the PostgreSQL server ('integration-pg').
const integration = (name: string, env: Record<string, string>, setup: string) => ({
  test: {
    name,
    include: ['tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: [setup],
    env,
  },
});

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      integration('integration', { TEST_DB: 'pglite' }, 'tests/helpers/global-setup-pglite.ts'),
      integration('integration-pg', { TEST_DB: 'postgres' }, 'tests/helpers/global-setup-postgres.ts'),
      // Against the built server (npm test builds first): restart, shutdown, health, cache.
      { test: { name: 'system', include: ['tests/system/**/*.test.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 240_000, fileParallelism: false } },
    ],
  },
});
