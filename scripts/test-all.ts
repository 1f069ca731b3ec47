// npm test — the whole suite: unit, integration on PGlite and (when reachable) on the
// PostgreSQL server, system tests against the built server, e2e in Debian's Chromium.
// Also an import-cycle check (dpdm) and the duplicates report. Ends with one line "N passed, N failed" summing every runner.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ensureBuild } from './lib/build.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.cache/test');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
process.env.ASTRO_TELEMETRY_DISABLED = '1';

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines: string[] = [];

function run(cmd: string, args: string[], env: Record<string, string> = {}): number {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

const pgUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

function chromiumPath(): string | null {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) if (p && existsSync(p)) return p;
  return null;
}

function ensureChromium(): string | null {
  let p = chromiumPath();
  if (p) return p;
  if (process.getuid?.() === 0) {
    console.log('Chromium is missing: installing Debian chromium and a CJK font with apt…');
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-wqy-microhei'], { DEBIAN_FRONTEND: 'noninteractive' });
    p = chromiumPath();
  }
  return p;
}

interface VitestJson { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; success: boolean }
function vitest(label: string, projects: string[], env: Record<string, string> = {}): void {
  const file = path.join(out, `vitest-${label}.json`);
  const args = ['node_modules/vitest/vitest.mjs', 'run', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${file}`];
  const status = run(process.execPath, args, env);
  if (!existsSync(file)) {
    totals.failed += 1;
    lines.push(`${label}: runner failed (exit ${status}) before reporting`);
    return;
  }
  const r = JSON.parse(readFileSync(file, 'utf8')) as VitestJson;
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + r.numTodoTests;
  // A file that failed to load counts as a failure even with no failed test inside it.
  if (status !== 0 && r.numFailedTests === 0) totals.failed += 1;
  lines.push(`${label}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
}

interface PwStats { expected: number; unexpected: number; flaky: number; skipped: number }
function playwright(): void {
  const file = path.join(out, 'playwright.json');
  const status = run(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: file,
    E2E_DIST_DIR: path.join(root, '.cache/test/dist'),
  });
  if (!existsSync(file)) {
    totals.failed += 1;
    lines.push(`e2e: runner failed (exit ${status}) before reporting`);
    return;
  }
  const r = JSON.parse(readFileSync(file, 'utf8')) as { stats: PwStats };
  totals.passed += r.stats.expected + r.stats.flaky;
  totals.failed += r.stats.unexpected;
  totals.skipped += r.stats.skipped;
  if (status !== 0 && r.stats.unexpected === 0) totals.failed += 1;
  lines.push(`e2e: ${r.stats.expected + r.stats.flaky} passed, ${r.stats.unexpected} failed`);
}

/**
 * Structure: zero import cycles among the TypeScript modules (dpdm, type-only imports included:
 * a cycle of types is still two modules that cannot be read apart). Counts as one test. Then the `duplicates` report, where the machine
 * has it (a workplace tool, not an npm package): it only lists repeated code and never fails.
 */
function structureChecks(): void {
  const file = path.join(out, 'dpdm.json');
  const status = run(process.execPath, ['node_modules/dpdm/lib/bin/dpdm.js', '--no-warning', '--no-tree', '--exit-code', 'circular:1', '--output', file, 'src/**/*.ts', 'db/**/*.ts', 'scripts/**/*.ts']);
  const circulars = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { circulars: string[][] }).circulars.length : null;
  if (status === 0 && circulars === 0) {
    totals.passed += 1;
    lines.push('import cycles: 0 (1 passed)');
  } else {
    totals.failed += 1;
    lines.push(`import cycles: ${circulars ?? `dpdm failed (exit ${status})`} (1 failed)`);
  }
  const dup = spawnSync('duplicates', ['--seconds', '120'], { cwd: root, encoding: 'utf8' });
  lines.push(dup.error ? 'duplicates: not run (the duplicates tool is not installed on this machine)' : `duplicates: ${(dup.stdout.split('\n')[0] ?? '').trim()} (report only; rows in .cache/test/duplicates.txt)`);
  if (!dup.error) writeFileSync(path.join(out, 'duplicates.txt'), dup.stdout);
}

structureChecks();
const pgUp = await postgresReachable();
vitest('unit+integration(PGlite)', ['unit', 'integration']);
if (pgUp) vitest('integration(PostgreSQL)', ['integration-pg'], { TEST_DATABASE_URL: pgUrl });
else lines.push('integration(PostgreSQL): skipped — no server at TEST_DATABASE_URL');

// One build for the system tests and the browser tests.
await ensureBuild(root, path.join(root, '.cache/test/dist'));
vitest('system', ['system'], { SYSTEM_DIST_DIR: path.join(root, '.cache/test/dist') });

if (ensureChromium()) playwright();
else {
  totals.failed += 1;
  lines.push('e2e: Chromium is not installed and could not be installed (apt needs root)');
}

console.log('\n' + lines.join('\n'));
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 ? 1 : 0);
