// /healthz: 200 with the DB round trip, 503 when the database is unreachable.
// The page cache: anonymous pages are served from memory, signed-in ones never are.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { adminUrl, admin, postForm, signUpAndLogIn, startSite, stopSite, tempDataDir, type Site } from './helpers.ts';

const dbName = `kaopu_health_${process.pid}`;


describe('healthz on PostgreSQL', () => {
  let site: Site;
  beforeAll(async () => {
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${dbName}`);
    const u = new URL(adminUrl);
    u.pathname = `/${dbName}`;
    site = await startSite({ DATABASE_URL: u.toString(), SEED_DEMO: '0', DATA_DIR: tempDataDir() });
  });
  afterAll(async () => {
    await stopSite(site);
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  });

  it('answers 200 with the round trip, 503 while the database refuses connections, 200 again after', async () => {
    const ok = await fetch(`${site.url}/healthz`);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { status: string; dbRoundTripMs: number };
    expect(body.status).toBe('ok');
    expect(body.dbRoundTripMs).toBeGreaterThanOrEqual(0);

    await admin(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${dbName}'`);
    const down = await fetch(`${site.url}/healthz`);
    expect(down.status).toBe(503);
    expect(((await down.json()) as { status: string }).status).toBe('unavailable');

    await admin(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
    let again = 0;
    for (let i = 0; i < 10 && again !== 200; i++) {
      again = (await fetch(`${site.url}/healthz`)).status;
      if (again !== 200) await new Promise((r) => setTimeout(r, 300));
    }
    expect(again).toBe(200);
  });
});

describe('page cache on PGlite', () => {
  const dataDir = tempDataDir();
  let site: Site;
  beforeAll(async () => {
    site = await startSite({ DATA_DIR: dataDir, SEED_DEMO: '0' });
  });
  afterAll(async () => {
    await stopSite(site);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves anonymous pages from the cache, never signed-in ones, and never leaks the marker', async () => {
    const first = await fetch(`${site.url}/`);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-kaopu-cache')).toBeNull();
    const second = await fetch(`${site.url}/`);
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(second.headers.get('vary')).toBe('Cookie, Accept-Encoding');
    expect(second.headers.get('content-security-policy')).toContain("default-src 'self'");
    // The cached copy is served compressed as the client asks (fetch unpacks it): same content.
    const plain = await first.text();
    expect(await second.text()).toBe(plain);
    for (const [accept, expected] of [['gzip', 'gzip'], ['gzip, deflate, br', 'br'], ['br;q=0, gzip', 'gzip'], ['identity', null]] as const) {
      const res = await fetch(`${site.url}/`, { headers: { 'accept-encoding': accept } });
      expect(res.headers.get('x-cache'), accept).toBe('HIT');
      expect(res.headers.get('content-encoding'), accept).toBe(expected);
      expect(await res.text(), accept).toBe(plain);
    }

    const cookie = await signUpAndLogIn(site, dataDir, { handle: 'cache_reader', email: 'c@r.example', password: 'cache password 1' });
    const mine = await fetch(`${site.url}/`, { headers: { cookie } });
    expect(mine.headers.get('x-cache')).toBeNull();
    expect(mine.headers.get('cache-control')).toContain('no-store');
    expect(await mine.text()).toContain('cache_reader');
    // The anonymous copy never carries a reader's name.
    expect(await (await fetch(`${site.url}/`)).text()).not.toContain('cache_reader');
  });
});
