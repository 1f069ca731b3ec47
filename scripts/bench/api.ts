// Open data benchmarks (issue 17): the JSON API and a platform's Atom feed on the built site
// (PGlite, demo seed, rate limits lifted), loaded with autocannon, 16 connections, 5 s each.
// API answers are not page-cached (each request is rate-limited), so they go through Astro and
// the read caches; the feed is page-cached like the platform page.
//   npx node scripts/bench/api.ts            (standalone, prints a table)
//   import { benchApi } from './scripts/bench/api.ts'
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuild } from '../lib/build.ts';
import type { BenchRow } from '../lib/bench-db.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const seconds = Number(process.env.BENCH_API_SECONDS ?? 5);

async function load(url: string, headers: Record<string, string> = {}): Promise<{ rps: number; p50: number; p99: number; non2xx: number }> {
  // @ts-expect-error autocannon ships no types
  const { default: autocannon } = await import('autocannon');
  const r = await autocannon({ url, connections: 16, duration: seconds, headers });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx };
}

export async function benchApi(): Promise<BenchRow[]> {
  const distDir = path.join(root, '.cache/bench/dist');
  await ensureBuild(root, distDir);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kaopu-bench-api-'));
  const child = spawn(process.execPath, ['scripts/start.ts'], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', DIST_DIR: distDir, DATA_DIR: dataDir, RATE_LIMIT_MULTIPLIER: '100000', ASTRO_TELEMETRY_DISABLED: '1', RANK_POLL: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const rows: BenchRow[] = [];
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /listening on (http:\/\/\S+)/.exec(log);
        if (m) { clearInterval(timer); resolve(m[1]!); }
      }, 20);
      child.on('exit', (code) => { clearInterval(timer); reject(new Error(`site exited ${code}: ${log.slice(-500)}`)); });
    });
    const list = (await (await fetch(`${url}/api/v1/platforms?limit=20`)).json()) as { data: Array<{ slug: string; counts: { reviews: number } }> };
    const slug = [...list.data].sort((a, b) => b.counts.reviews - a.counts.reviews)[0]!.slug;
    // Ratios to a trivial Astro endpoint (/healthz: one SELECT 1) loaded the same way in the same
    // run: on a shared 2-core machine only ratios measured together mean anything (STACK.md).
    const targets: Array<[string, string]> = [
      ['GET /api/v1/platforms?limit=20', '/api/v1/platforms?limit=20'],
      ['GET /api/v1/platforms/<slug> (history, verdict)', `/api/v1/platforms/${slug}`],
      ['GET /api/v1/platforms/<slug>/reviews?limit=20', `/api/v1/platforms/${slug}/reviews?limit=20`],
      ['GET /platforms/<slug>/feed.xml (page cache)', `/platforms/${slug}/feed.xml`],
    ];
    // Let start-up work (search outbox drain, first recompute) settle, and warm the JIT.
    await new Promise((r) => setTimeout(r, 10_000));
    for (const p of ['/healthz', ...targets.map((x) => x[1])]) for (let i = 0; i < 20; i++) await (await fetch(`${url}${p}`)).arrayBuffer();
    const base = await load(`${url}/healthz`);
    rows.push({ name: 'context: GET /healthz (Astro endpoint, one SELECT 1)', value: Math.round(base.rps), unit: 'req/s', target: 'baseline', ok: base.non2xx === 0 });
    for (const [name, p] of targets) {
      const r = await load(`${url}${p}`);
      rows.push({ name: `${name}: throughput`, value: Math.round(r.rps), unit: 'req/s', target: 'report', ok: r.non2xx === 0 });
      // An API answer from the read cache should cost about what a trivial endpoint costs.
      rows.push({ name: `${name} / healthz`, value: Math.round((r.rps / base.rps) * 100) / 100, unit: '×', target: '≥ 0.5', ok: r.rps / base.rps >= 0.5 });
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchApi()) console.log(`${r.ok ? 'ok ' : 'MISS'} ${r.name}: ${r.value} ${r.unit} (target ${r.target})`);
}
