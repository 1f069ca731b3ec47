import { defineConfig } from 'vitest/config';

// Two projects: pure unit tests, and integration tests against real databases
// (PGlite always; the PostgreSQL server too when TEST_DATABASE_URL is reachable).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
