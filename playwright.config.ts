// E2E in Debian's Chromium (no browser download) against the real built server on a fresh
// PGlite directory with demo data. `npm test` builds first; here we build when needed.
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4391);
const dist = process.env.E2E_DIST_DIR ?? '.cache/e2e/dist';
const data = process.env.E2E_DATA_DIR ?? '.cache/e2e/data';

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'zh-CN',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  webServer: {
    // A fresh database each run; the build is reused when sources did not change.
    command: `rm -rf ${data} && node scripts/start.ts`,
    url: `http://127.0.0.1:${port}/healthz`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: data,
      DIST_DIR: dist,
      RATE_LIMIT_MULTIPLIER: '1000',
      ASTRO_TELEMETRY_DISABLED: '1',
    },
  },
});
