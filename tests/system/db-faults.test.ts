// Issue 16, finding 1: PostgreSQL dropping connections under load must not kill the process.
// On a cluster this test creates itself (pg-cluster.ts): page reads and sign-ups running, the
// cluster stopped `-m immediate`, then started again; and, separately, pg_terminate_backend of
// the app's connections. Every request is answered (never refused, never 500), uncached ones
// with the 503 page (zh-CN/en, Retry-After) while the database is away, /healthz says 503, the
// same process answers 200 again once the database is back, and no acknowledged sign-up is lost.
// The page cache may keep serving cached anonymous pages during the outage: the assertions are
// about uncached requests (a unique query string, or a signed-in reader).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { postForm, signUpAndLogIn, startSite, stopSite, tempDataDir, type Site } from './helpers.ts';
import { createPgCluster, pgBinariesPresent, type PgCluster } from './pg-cluster.ts';

type Phase = 'before' | 'outage' | 'after';
interface Outcome { phase: Phase; kind: 'read' | 'member' | 'signup'; status: number | 'refused'; detail?: string }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!pgBinariesPresent)('database faults under load (own PostgreSQL 15 cluster)', () => {
  let cluster: PgCluster;
  let site: Site;
  const dataDir = tempDataDir();
  let probe = 0;
  let signups = 0;
  const acknowledged: string[] = [];
  let memberCookie = '';

  async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
    const c = new pg.Client({ connectionString: cluster.url('kaopu') });
    await c.connect();
    try {
      return (await c.query<T>(sql)).rows;
    } finally {
      await c.end();
    }
  }

  async function signUp(): Promise<Response> {
    const handle = `fault_${++signups}`;
    const res = await postForm(`${site.url}/signup?_action=auth.signup`, { handle, email: `${handle}@fault.example`, password: 'fault password 1' });
    if (res.status === 303) acknowledged.push(handle);
    await res.arrayBuffer();
    return res;
  }

  /** Page reads (anonymous with a unique query, so never from the cache; signed in) and sign-ups, until told to stop. */
  function runLoad(workers: number, phase: () => Phase): { stop: () => Promise<Outcome[]> } {
    const outcomes: Outcome[] = [];
    let running = true;
    const one = async (i: number) => {
      let n = 0;
      while (running) {
        const kind = (['read', 'member', 'signup'] as const)[(i + n++) % 3]!;
        const at = phase();
        try {
          let res: Response;
          if (kind === 'signup') res = await signUp();
          else if (kind === 'member') {
            res = await fetch(`${site.url}/settings`, { headers: { cookie: memberCookie }, redirect: 'manual' });
            await res.arrayBuffer();
          } else {
            res = await fetch(`${site.url}${i % 2 ? '/en' : ''}/platforms?probe=${++probe}`, { redirect: 'manual' });
            await res.arrayBuffer();
          }
          outcomes.push({ phase: at, kind, status: res.status });
        } catch (e) {
          outcomes.push({ phase: at, kind, status: 'refused', detail: String((e as Error).cause ?? e) });
          await sleep(20);
        }
      }
    };
    const all = Array.from({ length: workers }, (_, i) => one(i));
    return {
      stop: async () => {
        running = false;
        await Promise.all(all);
        return outcomes;
      },
    };
  }

  async function healthz(): Promise<number> {
    const res = await fetch(`${site.url}/healthz`);
    await res.arrayBuffer();
    return res.status;
  }

  async function waitForHealthy(timeoutMs = 30_000): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if ((await healthz()) === 200) return Date.now() - started;
      await sleep(200);
    }
    throw new Error('site did not recover');
  }

  /** Every acknowledged sign-up is stored. */
  async function expectNoAcknowledgedWriteLost(): Promise<void> {
    const rows = await query<{ handle: string }>(`SELECT handle FROM account WHERE handle LIKE 'fault\\_%'`);
    const stored = new Set(rows.map((r) => r.handle));
    const lost = acknowledged.filter((h) => !stored.has(h));
    expect(lost, `acknowledged sign-ups missing after the outage`).toEqual([]);
  }

  function expectAllAnswered(outcomes: Outcome[]): void {
    const refused = outcomes.filter((o) => o.status === 'refused');
    expect(refused.slice(0, 3), `${refused.length} requests refused`).toEqual([]);
    const unexpected = outcomes.filter((o) => ![200, 302, 303, 503].includes(o.status as number));
    expect(unexpected.slice(0, 5), 'only 200/30x or 503, never a 500').toEqual([]);
  }

  beforeAll(async () => {
    cluster = await createPgCluster();
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query('CREATE DATABASE kaopu');
    await admin.end();
    site = await startSite({ DATABASE_URL: cluster.url('kaopu'), SEED_DEMO: '0', DATA_DIR: dataDir, RANK_POLL: '0' });
    memberCookie = await signUpAndLogIn(site, dataDir, { handle: 'fault_reader', email: 'reader@fault.example', password: 'fault password 1' });
  });

  afterAll(async () => {
    if (site) await stopSite(site);
    cluster?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(['immediate', 'fast'] as const)('pg_ctl stop -m %s under load: 503 (not refused, not 500), /healthz 503, then 200 again in the same process', async (mode) => {
    let phase: Phase = 'before';
    const load = runLoad(16, () => phase);
    await sleep(1_500);

    phase = 'outage';
    cluster.stop(mode);
    await sleep(1_500);
    expect(site.child.exitCode, `the server process is still alive:\n${site.output().slice(-2000)}`).toBeNull();
    // Uncached requests while the database is away: the 503 page, in the reader's language.
    const zh = await fetch(`${site.url}/platforms?probe=outage-zh`);
    expect(zh.status).toBe(503);
    expect(Number(zh.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(zh.headers.get('cache-control')).toContain('no-store');
    expect(await zh.text()).toContain('暂时无法访问');
    const en = await fetch(`${site.url}/en/platforms?probe=outage-en`);
    expect(en.status).toBe(503);
    expect(await en.text()).toContain('Temporarily unavailable');
    const mine = await fetch(`${site.url}/settings`, { headers: { cookie: memberCookie }, redirect: 'manual' });
    expect(mine.status).toBe(503);
    const signup = await signUp();
    expect(signup.status).toBe(503);
    expect(signup.headers.get('retry-after')).not.toBeNull();
    expect(await healthz()).toBe(503);
    expect(site.child.exitCode, 'the server process is still alive').toBeNull();

    cluster.start();
    phase = 'after';
    const recoveredInMs = await waitForHealthy();
    await sleep(1_000);
    const outcomes = await load.stop();
    console.log(`${mode} stop: ${outcomes.length} requests; recovered ${recoveredInMs} ms after start; `
      + `outage statuses ${JSON.stringify(tally(outcomes.filter((o) => o.phase === 'outage')))}`);

    expect(site.child.exitCode).toBeNull();
    expectAllAnswered(outcomes);
    expect(outcomes.filter((o) => o.phase === 'outage' && o.status === 503).length).toBeGreaterThan(0);
    // Once healthy, the same process serves uncached pages and takes writes again.
    expect((await fetch(`${site.url}/platforms?probe=back`)).status).toBe(200);
    expect((await fetch(`${site.url}/settings`, { headers: { cookie: memberCookie }, redirect: 'manual' })).status).toBe(200);
    expect((await signUp()).status).toBe(303);
    await expectNoAcknowledgedWriteLost();
  });

  it('pg_terminate_backend of every app connection under load: answered, recovers, nothing acknowledged lost', async () => {
    let phase: Phase = 'before';
    const load = runLoad(16, () => phase);
    await sleep(1_000);
    phase = 'outage';
    for (let round = 0; round < 5; round++) {
      const killed = await query<{ n: number }>(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = 'kaopu' AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
      );
      expect(killed[0]!.n).toBeGreaterThanOrEqual(0);
      await sleep(300);
    }
    phase = 'after';
    await sleep(1_000);
    const outcomes = await load.stop();
    console.log(`terminate_backend: ${outcomes.length} requests; statuses ${JSON.stringify(tally(outcomes))}`);
    expect(site.child.exitCode).toBeNull();
    expectAllAnswered(outcomes);
    expect(await healthz()).toBe(200);
    const after = outcomes.filter((o) => o.phase === 'after');
    expect(after.length).toBeGreaterThan(0);
    expect((await fetch(`${site.url}/platforms?probe=after-terminate`)).status).toBe(200);
    expect((await signUp()).status).toBe(303);
    await expectNoAcknowledgedWriteLost();
    // The process logged the dropped in-use connections instead of dying of them.
    expect(site.output()).toMatch(/database connection lost/);
  });
});

function tally(outcomes: Outcome[]): Record<string, number> {
  const t: Record<string, number> = {};
  for (const o of outcomes) t[`${o.kind}:${o.status}`] = (t[`${o.kind}:${o.status}`] ?? 0) + 1;
  return t;
}
