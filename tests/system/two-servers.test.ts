// Issue 16, items 6 and 7: two app servers on one PostgreSQL and one Redis (our own
// redis-server on port 4511, so it can be killed). A write on one is seen on the other's cached
// anonymous page and a log-out on one ends the session on the other, each within a second.
// Then Redis dies: writes go on (in-process buckets), log-in fails closed with 503, both fast.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { adminUrl, admin, postForm, signUpAndLogIn, startSite, stopSite, tempDataDir, type Site } from './helpers.ts';

const redisPort = 4511;
const dbName = `hardening_two_${process.pid}`;
const dataA = tempDataDir();
const dataB = tempDataDir();
let redis: ChildProcess | null = null;
let a: Site;
let b: Site;


async function startRedis(): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${log}`)), 10_000);
    child.stdout!.on('data', (d) => {
      log += d;
      if (log.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`redis-server exited ${code}:\n${log}`)));
  });
  return child;
}

async function killRedis(): Promise<void> {
  if (!redis || redis.exitCode !== null) return;
  const exited = new Promise((r) => redis!.once('exit', r));
  redis.kill('SIGKILL');
  await exited;
}

/** Polls `check` until it holds; returns the milliseconds it took (fails past `withinMs`). */
async function within(withinMs: number, check: () => Promise<boolean>): Promise<number> {
  const t0 = performance.now();
  while (!(await check())) {
    if (performance.now() - t0 > withinMs) throw new Error(`not within ${withinMs} ms`);
    await sleep(50);
  }
  return performance.now() - t0;
}

beforeAll(async () => {
  redis = await startRedis();
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${dbName}`);
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  const shared = { DATABASE_URL: u.toString(), REDIS_URL: `redis://127.0.0.1:${redisPort}`, RANK_POLL: '0' };
  // A migrates and seeds; B starts on the finished database (two first starts would race the seed).
  a = await startSite({ ...shared, DATA_DIR: dataA });
  b = await startSite({ ...shared, DATA_DIR: dataB, SEED_DEMO: '0' });
});

afterAll(async () => {
  if (a) await stopSite(a);
  if (b) await stopSite(b);
  await killRedis();
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  rmSync(dataA, { recursive: true, force: true });
  rmSync(dataB, { recursive: true, force: true });
});

const member = { handle: `two_${Date.now() % 100000}`, email: `two${Date.now()}@two.example`, password: 'two servers password 1' };
let cookie = '';

describe('two servers, one truth', () => {
  it('a review written on A shows on B\'s cached anonymous page within a second', async () => {
    const page = `${b.url}/platforms/xiaolu-kapu`;
    expect((await fetch(page)).status).toBe(200);
    expect((await fetch(page)).headers.get('x-cache')).toBe('HIT');

    cookie = await signUpAndLogIn(a, dataA, member);
    const html = await (await fetch(`${a.url}/platforms/xiaolu-kapu/review`, { headers: { cookie } })).text();
    const platformId = /name="platformId" value="(\d+)"/.exec(html)?.[1];
    expect(platformId).toBeTruthy();
    const marker = `两台服务器${Date.now()}`;
    const form = new FormData();
    for (const [k, v] of Object.entries({
      platformId: platformId!, rating: '2', productCategory: 'phone_topup', productName: '话费 100 元', amountBand: '50_200',
      purchasedOn: '2026-10-01', body: `到账很慢，${marker}，客服两天才回复，最后才补发。`,
    })) form.set(k, v);
    const post = await fetch(`${a.url}/platforms/xiaolu-kapu/review?_action=reviews.create`, { method: 'POST', redirect: 'manual', headers: { cookie, Origin: a.url }, body: form });
    expect(post.status).toBe(303);
    await within(1_000, async () => (await (await fetch(page)).text()).includes(marker));
  });

  it('a log-out on A ends the session on B within a second', async () => {
    const settings = async () => (await fetch(`${b.url}/settings`, { headers: { cookie }, redirect: 'manual' }));
    const page = async () => (await (await fetch(`${b.url}/platforms/xiaolu-kapu`, { headers: { cookie } })).text());
    expect((await settings()).status).toBe(200);
    const signedIn = '?_action=auth.logout'; // the account menu's log-out form
    expect(await page()).toContain(signedIn); // B's shared member render knows the reader
    const out = await postForm(`${a.url}/logout?_action=auth.logout`, {}, { cookie });
    expect(out.status).toBe(303);
    await within(1_000, async () => (await settings()).status !== 200);
    await within(1_000, async () => !(await page()).includes(signedIn));
  });
});

describe('Redis down (finding 8)', () => {
  it('writes go on within the budget; log-in is refused with 503; both recover when Redis returns', async () => {
    await killRedis();
    const t0 = performance.now();
    const signup = await postForm(`${a.url}/signup?_action=auth.signup`, { handle: `noredis_${Date.now() % 100000}`, email: `nr${Date.now()}@two.example`, password: 'no redis password 1' });
    const signupMs = performance.now() - t0;
    expect(signup.status).toBe(303); // today: ~7.7 s, then 500
    expect(signupMs).toBeLessThan(2_000); // the 200 ms budget plus the sign-up's own work, with slack for a loaded machine

    const t1 = performance.now();
    const login = await postForm(`${b.url}/login?_action=auth.login`, { identifier: member.handle, password: member.password });
    expect(performance.now() - t1).toBeLessThan(2_000);
    expect(login.status).toBe(503);
    expect(await login.text()).toContain('安全检查服务暂时不可用');
    expect((await fetch(`${b.url}/healthz`)).status).toBe(200);

    redis = await startRedis();
    await within(10_000, async () => (await postForm(`${b.url}/login?_action=auth.login`, { identifier: member.handle, password: member.password })).status === 303);
  });
});
