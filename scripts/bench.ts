// npm run bench — speed and memory targets, reported as ratios measured in one run.
// Pages: requests/s of the built site divided by a bare node:http hello server started here,
// both loaded the same way (wrk if installed, else autocannon; 32 connections, 10 s).
// Never asserted in tests; this prints a table and writes .cache/bench/results.json.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { ensureBuild } from './lib/build.ts';
import { demoPassword, demoStaffTotpKeyBase32, personas } from '../db/seed/personas.ts';
import { totpCodeAtStep, totpStep } from '../src/server/accounts/totp.ts';
import { tokenFromMailDir } from '../tests/helpers/mail-files.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distDir = path.join(root, '.cache/bench/dist');
const durationS = Number(process.env.BENCH_SECONDS ?? 10);
const connections = 32;
const pgAdmin = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Row { name: string; value: number; unit: string; target: string; ok: boolean | null }
const rows: Row[] = [];
const record = (r: Row) => {
  rows.push(r);
  const mark = r.ok === null ? '   ' : r.ok ? 'ok ' : 'MISS';
  console.log(`${mark} ${r.name}: ${Number.isInteger(r.value) ? r.value : r.value.toFixed(3)} ${r.unit} (target ${r.target})`);
};

/**
 * fetch, retried once: between measurements a kept-alive connection can sit idle past the
 * server's keep-alive timeout, and reusing it fails with "other side closed" before the request
 * is read.
 */
async function fetchRetry(input: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch {
    return fetch(input, init);
  }
}

function wait(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

async function startSite(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; startedMs: number; readyMs: number }> {
  const startedMs = performance.now();
  const child = spawn(process.execPath, ['scripts/start.ts'], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', DIST_DIR: distDir, RATE_LIMIT_MULTIPLIER: '100000', ASTRO_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /listening on (http:\/\/\S+)/.exec(log);
      if (m) {
        clearInterval(timer);
        resolve(m[1]!);
      }
    }, 5);
    child.on('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`site exited ${code}: ${log}`));
    });
  });
  // First 200 on /healthz (what a load balancer waits for).
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) break;
    } catch {
      /* not yet */
    }
    await wait(5);
  }
  return { child, url, startedMs, readyMs: performance.now() };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.on('exit', r));
  child.kill('SIGTERM');
  await done;
}

const wrkPresent = () => spawnSync('which', ['wrk']).status === 0;
// wrk is Debian's (the machines' only other source is npm): fetch it like .ci/run fetches Chromium,
// so figures stay comparable with earlier runs (docs/STACK.md's were taken with wrk); autocannon is the fallback.
if (!wrkPresent() && process.getuid?.() === 0 && spawnSync('which', ['apt-get']).status === 0) {
  console.log('installing wrk (apt-get) for the page benchmarks…');
  spawnSync('apt-get', ['install', '-y', '-q', 'wrk'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}
const hasWrk = wrkPresent();

/** What every current browser sends; the page cache answers in the first coding it can. */
const browserAcceptEncoding = 'gzip, deflate, br';

/** Requests per second for one URL, optionally with a cookie and an Accept-Encoding. */
async function load(url: string, cookie?: string, acceptEncoding?: string, seconds = durationS): Promise<number> {
  if (hasWrk) {
    const args = ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency'];
    if (cookie) args.push('-H', `Cookie: ${cookie}`);
    if (acceptEncoding) args.push('-H', `Accept-Encoding: ${acceptEncoding}`);
    const r = spawnSync('wrk', [...args, url], { encoding: 'utf8' });
    const m = /Requests\/sec:\s+([\d.]+)/.exec(r.stdout);
    const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(r.stdout);
    if (non2xx) console.log(`   (warning: ${non2xx[1]} non-2xx responses for ${url})`);
    return m ? Number(m[1]) : 0;
  }
  // @ts-expect-error autocannon ships no types
  const autocannon = (await import('autocannon')).default;
  const headers: Record<string, string> = {};
  if (cookie) headers.cookie = cookie;
  if (acceptEncoding) headers['accept-encoding'] = acceptEncoding;
  const result = await autocannon({ url, connections, duration: seconds, headers });
  return result.requests.average;
}

// ── the bare node:http baseline, in its own process like the site ──
function startHello(bodyFile?: string): Promise<{ child: ChildProcess; url: string }> {
  const body = bodyFile ? `require('node:fs').readFileSync(${JSON.stringify(bodyFile)})` : `'hello'`;
  const type = bodyFile ? 'text/html; charset=utf-8' : 'text/plain';
  const code = `const http=require('node:http');const b=${body};const s=http.createServer((q,r)=>{r.writeHead(200,{'content-type':'${type}','content-length':Buffer.byteLength(b)});r.end(b)});s.listen(0,'127.0.0.1',()=>console.log('port '+s.address().port));`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => child.stdout!.on('data', (d) => {
    const m = /port (\d+)/.exec(String(d));
    if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}/` });
  }));
}

/** A new member's session: sign up, open the link from the mail written under DATA_DIR/mail, log in. */
async function signUpCookie(url: string, dataDir: string): Promise<string> {
  const handle = `bench_${Date.now()}`;
  const email = `bench${Date.now()}@b.example`;
  const post = (path: string, body: Record<string, string>) => fetchRetry(`${url}${path}`, {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: url },
    body: new URLSearchParams(body).toString(),
  });
  const signup = await post('/signup?_action=auth.signup', { handle, email, password: 'bench password 1' });
  if (signup.status !== 303) throw new Error(`sign-up for the bench failed: ${signup.status}`);
  const token = await tokenFromMailDir(path.join(dataDir, 'mail'), email, '/verify-email');
  await post('/verify-email?_action=auth.verifyEmail', { token });
  const r = await post('/login?_action=auth.login', { identifier: handle, password: 'bench password 1' });
  const set = r.headers.get('set-cookie');
  if (!set) throw new Error(`log-in for the bench failed: ${r.status}`);
  return set.split(';')[0]!;
}

/** A demo moderator's session (password, then TOTP): staff always get the full Astro render. */
async function staffCookie(url: string): Promise<string> {
  const form = (body: Record<string, string>, cookie?: string) => ({
    method: 'POST', redirect: 'manual' as const,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: url, ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(body).toString(),
  });
  const first = await fetchRetry(`${url}/login?_action=auth.login`, form({ identifier: personas.moderator.handle, password: demoPassword }));
  const pending = first.headers.get('set-cookie')?.split(';')[0];
  if (!pending) throw new Error(`staff log-in for the bench failed: ${first.status}`);
  const code = totpCodeAtStep(decodeBase32IgnorePadding(demoStaffTotpKeyBase32), totpStep(Date.now()));
  const second = await fetchRetry(`${url}/login/totp?_action=auth.totp`, form({ code }, pending));
  if (second.status !== 303) throw new Error(`staff TOTP for the bench failed: ${second.status}`);
  return second.headers.get('set-cookie')?.split(';')[0] ?? pending;
}

/** The stack's floor: a bare Astro page (scripts/bench-fixtures/bare-astro), built and started here. */
async function startBareAstro(): Promise<{ child: ChildProcess; url: string } | null> {
  const fixture = path.join(root, 'scripts/bench-fixtures/bare-astro');
  const out = path.join(root, '.cache/bench/bare-astro');
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--root', fixture, '--outDir', out], {
    cwd: fixture, encoding: 'utf8', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (build.status !== 0) {
    console.log(`   (bare Astro page could not be built: ${build.stderr.slice(0, 300)})`);
    return null;
  }
  const child = spawn(process.execPath, [path.join(out, 'server/entry.mjs')], { env: { ...process.env, HOST: '127.0.0.1', PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  for (let i = 0; i < 400; i++) {
    const m = /(http:\/\/(?:127\.0\.0\.1|localhost):\d+)/.exec(log);
    if (m) return { child, url: `${m[1]!.replace('localhost', '127.0.0.1')}/` };
    await wait(25);
  }
  child.kill();
  console.log('   (bare Astro page did not start)');
  return null;
}

async function pagesBench(): Promise<void> {
  console.log(`\n== pages (${hasWrk ? 'wrk' : 'autocannon'}, ${connections} connections, ${durationS} s each) ==`);
  const dbName = `kaopu_bench_pages_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgAdmin });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  const u = new URL(pgAdmin);
  u.pathname = `/${dbName}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kaopu-bench-'));
  const site = await startSite({ DATABASE_URL: u.toString(), DATA_DIR: dataDir });
  const hello = await startHello();
  try {
    const cookie = await signUpCookie(site.url, dataDir);
    const platformPath = (await fetchRetry(`${site.url}/platforms/xingyao-card`)).status === 200 ? '/platforms/xingyao-card' : null;
    // Warm up both (JIT, caches): a few seconds under load, so the first measured round does not
    // pay for the site's hit path being compiled while the hello server's already is.
    await fetchRetry(hello.url);
    await fetchRetry(`${site.url}/`);
    await load(hello.url, undefined, undefined, 3);
    await load(`${site.url}/`, undefined, browserAcceptEncoding, 3);
    if (platformPath) await load(`${site.url}${platformPath}`, undefined, browserAcceptEncoding, 3);
    const helloRps = await load(hello.url);
    record({ name: 'bare node:http hello', value: Math.round(helloRps), unit: 'req/s', target: 'baseline', ok: null });
    const bareAstro = await startBareAstro();
    if (bareAstro) {
      try {
        await fetchRetry(bareAstro.url);
        const astroRps = await load(bareAstro.url);
        record({ name: '  context: bare Astro page (fixed string, no middleware, no database) / hello', value: astroRps / helloRps, unit: '×', target: 'context (docs/STACK.md: ~0.08)', ok: null });
      } finally {
        bareAstro.child.kill();
      }
    }
    // Pages load as a browser asks for them (Accept-Encoding: gzip, deflate, br).
    // The ≥ 0.7 targets sit near what node:http itself allows for these bodies and headers, where
    // a 10 s run on two shared cores swings ±10 %: each is the median of three page/hello pairs.
    const pairedRatio = async (url: string, label: string): Promise<number> => {
      const ratios: number[] = [];
      for (let round = 0; round < 3; round++) {
        const h = await load(hello.url);
        ratios.push((await load(url, undefined, browserAcceptEncoding)) / h);
      }
      console.log(`   ${label}: rounds ${ratios.map((r) => r.toFixed(3)).join(', ')}`);
      return ratios.sort((a, b) => a - b)[1]!;
    };
    const home = await pairedRatio(`${site.url}/`, 'home');
    record({ name: 'home page, anonymous (page cache, as a browser asks) / hello, median of 3', value: home, unit: '×', target: '≥ 0.7', ok: home >= 0.7 });
    // A member on the home page: the shared member render the platform page uses (issue 17, item 7; was a full render, 0.048).
    const homeSigned = await load(`${site.url}/`, cookie, browserAcceptEncoding);
    record({ name: 'home page, signed-in member (shared render + own menu, no page cache) / hello', value: homeSigned / helloRps, unit: '×', target: '≥ 0.2', ok: homeSigned / helloRps >= 0.2 });
    if (platformPath) {
      const pAnon = await pairedRatio(`${site.url}${platformPath}`, 'platform page');
      record({ name: 'platform page, anonymous (page cache, as a browser asks: brotli) / hello, median of 3', value: pAnon, unit: '×', target: '≥ 0.7', ok: pAnon >= 0.7 });
      const pPlain = await load(`${site.url}${platformPath}`);
      record({ name: '  context: the same, uncompressed (a client sending no Accept-Encoding) / hello', value: pPlain / helloRps, unit: '×', target: 'context', ok: null });
      // Context: the ceiling for a body this size — a bare node:http server sending the same bytes.
      const bytes = Buffer.from(await (await fetchRetry(`${site.url}${platformPath}`, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer());
      const bodyFile = path.join(dataDir, 'platform-page.html');
      writeFileSync(bodyFile, bytes);
      const bare = await startHello(bodyFile);
      try {
        const bareRps = await load(bare.url);
        record({ name: `  ceiling: bare node:http sending the same ${Math.round(bytes.length / 1024)} kB / hello`, value: bareRps / helloRps, unit: '×', target: 'context', ok: null });
        record({ name: '  uncompressed platform page (page cache) / that ceiling', value: pPlain / bareRps, unit: '×', target: 'context', ok: null });
      } finally {
        bare.child.kill();
      }
      // A member: the shared member render with this reader's menu and votes picked in, session checked per request.
      const pSigned = await load(`${site.url}${platformPath}`, cookie, browserAcceptEncoding);
      record({ name: 'platform page, signed-in member (shared render + own parts, no page cache) / hello', value: pSigned / helloRps, unit: '×', target: '≥ 0.05', ok: pSigned / helloRps >= 0.05 });
      try {
        const staff = await staffCookie(site.url);
        const pStaff = await load(`${site.url}${platformPath}`, staff, browserAcceptEncoding);
        record({ name: '  context: platform page, moderator (full Astro render every request) / hello', value: pStaff / helloRps, unit: '×', target: 'context', ok: null });
      } catch (e) {
        console.log(`   (${(e as Error).message})`);
      }
    } else {
      console.log('   (no /platforms/xingyao-card yet: platform page ratios skipped)');
    }
  } finally {
    hello.child.kill();
    await stop(site.child);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function coldStartBench(): Promise<void> {
  console.log('\n== cold start (npm start path: node scripts/start.ts, built site, PGlite) ==');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kaopu-cold-'));
  try {
    const first = await startSite({ DATA_DIR: dataDir });
    const firstS = (first.readyMs - first.startedMs) / 1000;
    await stop(first.child);
    record({ name: 'first start on a new DATA_DIR (migrate + demo seed) to /healthz 200', value: firstS, unit: 's', target: '≤ 20 s', ok: firstS <= 20 });
    const again = await startSite({ DATA_DIR: dataDir });
    const againS = (again.readyMs - again.startedMs) / 1000;
    await stop(again.child);
    record({ name: 'start on an existing DATA_DIR to /healthz 200', value: againS, unit: 's', target: '≤ 3 s', ok: againS <= 3 });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function domainBenches(): Promise<void> {
  const dir = path.join(root, 'scripts/bench');
  const only = process.env.BENCH_ONLY?.split(',');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    const name = file.replace(/\.ts$/, '');
    if (only && !only.includes(name)) continue;
    console.log(`\n== ${name} ==`);
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as Record<string, unknown>;
    const fn = Object.entries(mod).find(([k, v]) => k.startsWith('bench') && typeof v === 'function')?.[1] as (() => Promise<Array<{ name: string; value: number; unit: string; target: string; ok?: boolean }>>) | undefined;
    if (!fn) {
      console.log(`   (no bench function exported by ${file})`);
      continue;
    }
    try {
      for (const r of await fn()) record({ name: `${name}: ${r.name}`, value: r.value, unit: r.unit, target: r.target, ok: r.ok ?? null });
    } catch (e) {
      record({ name: `${name}: failed to run (${(e as Error).message.slice(0, 200)})`, value: 0, unit: '', target: '-', ok: false });
    }
  }
}

mkdirSync(path.join(root, '.cache/bench'), { recursive: true });
await ensureBuild(root, distDir);
const sections = process.env.BENCH_SECTIONS?.split(',') ?? ['pages', 'cold', 'domains'];
if (sections.includes('pages')) await pagesBench();
if (sections.includes('cold')) await coldStartBench();
if (sections.includes('domains')) await domainBenches();
writeFileSync(path.join(root, '.cache/bench/results.json'), JSON.stringify({ at: new Date().toISOString(), rows }, null, 2));
const missed = rows.filter((r) => r.ok === false).length;
console.log(`\n${rows.length} figures, ${missed} below target. Results: .cache/bench/results.json`);
if (existsSync(distDir)) process.exit(0);
