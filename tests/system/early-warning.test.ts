// The 跑路 early warning end to end, against the built server on PostgreSQL with its demo data:
// a complaint wave driven through the site's own forms (sign-ups, 1★ reviews, complaint cases)
// raises a public 预警 on the platform page and on the home page after the ranking job runs;
// when the window has passed, the next run lifts it and the episode stays in the history.
//
// Posted from brand-new accounts, the same complaints are a smear's shape and raise nothing.
// Two steps reach into the database directly, because they stand for the passage of time:
//  1. the wave's accounts are then AGED to 90 days (what makes them "established customers" —
//     a site cannot be made to wait a month), and a run is requested;
//  2. "the window passes": the wave's reviews, cases and accounts are moved 10 days into the
//     past, and a rank_request row is inserted — what the maintenance tick does when an open
//     warning's oldest complaint has left the window (requestRecomputeIfWarningsDue).
// Each sign-up sends its own browser version (User-Agent), i.e. its own registration
// fingerprint: one device per customer, as in a real wave (accounts from one device count once).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { adminUrl, admin, postForm, signUpAndLogIn, startSite, stopSite, tempDataDir, type Site } from './helpers.ts';

const dbName = `kaopu_warning_${process.pid}`;
const slug = 'lanjing-kameng'; // a quiet demo platform with no warning of its own
const waveSize = 6;
const handles = Array.from({ length: waveSize }, (_, i) => `wave_${process.pid % 10000}_${i}`);
const dataDir = tempDataDir();
let site: Site;
let db: pg.Client;


const userAgent = (i: number) => `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${110 + i}.0.0.0 Safari/537.36`;

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(`timed out waiting for ${what}\n${site.output().slice(-3000)}`);
}

const pageHtml = async (path: string) => (await fetch(`${site.url}${path}`)).text();

beforeAll(async () => {
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${dbName}`);
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  site = await startSite({ DATABASE_URL: u.toString(), DATA_DIR: dataDir });
  db = new pg.Client({ connectionString: u.toString() });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  if (site) await stopSite(site);
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('跑路 early warning through the site', () => {
  it('a wave of established customers raises 预警 on the page and the home page; it lifts after the window, kept in the history', async () => {
    // before: no warning on the quiet platform
    expect(await pageHtml(`/platforms/${slug}`)).not.toContain('data-early-warning="active"');

    // sign-ups through the form, each from its own device
    const cookies: string[] = [];
    for (const [i, handle] of handles.entries()) {
      cookies.push(await signUpAndLogIn(site, dataDir, { handle, email: `${handle}@wave.example`, password: 'wave password 1' }, { 'User-Agent': userAgent(i) }));
    }
    const form = await (await fetch(`${site.url}/platforms/${slug}/review`, { headers: { cookie: cookies[0]! } })).text();
    const platformId = /name="platformId" value="(\d+)"/.exec(form)?.[1];
    expect(platformId).toBeTruthy();
    const today = new Date().toISOString().slice(0, 10);

    // four 1–2★ reviews and two complaint cases, through the site's forms
    for (const [i, cookie] of cookies.entries()) {
      const body = new FormData();
      let path: string;
      if (i < 4) {
        path = `/platforms/${slug}/review?_action=reviews.create`;
        for (const [k, v] of Object.entries({
          platformId: platformId!, rating: String(1 + (i % 2)), productCategory: 'game_cards', productName: '点卡 100 元', amountBand: '50_200',
          purchasedOn: today, body: `第${i + 1}位老用户：这周充值一直处理中，申请退款被拒，客服不再回复。`,
        })) body.set(k, v);
      } else {
        path = `/platforms/${slug}/incidents/new?_action=reviews.incident`;
        for (const [k, v] of Object.entries({
          platformId: platformId!, kind: i === 4 ? 'withdrawal_blocked' : 'refund_refused', occurredOn: today, amountYuan: '500',
          orderNumber: `WAVE-${i}`, body: `余额五百元申请提现三天未到账，客服称系统维护，之后不再回复（第${i + 1}位）。`,
        })) body.set(k, v);
      }
      const r = await fetch(`${site.url}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie, Origin: site.url, 'User-Agent': userAgent(i) }, body });
      expect([200, 303], `${path} → ${r.status}`).toContain(r.status);
    }
    const posted = await db.query(
      `SELECT (SELECT count(*) FROM review r JOIN account a ON a.id = r.account_id WHERE a.handle = ANY($1))::int AS reviews,
              (SELECT count(*) FROM incident i JOIN account a ON a.id = i.reporter_id WHERE a.handle = ANY($1))::int AS cases`, [handles]);
    expect(posted.rows[0]).toEqual({ reviews: 4, cases: 2 });

    // As posted, these are brand-new single-target accounts — a smear's shape: the ranking job
    // (the server's own poller) runs and raises nothing.
    await waitFor('the ranking job to run', async () => (await db.query('SELECT count(*)::int AS n FROM rank_request')).rows[0].n === 0);
    expect(await pageHtml(`/platforms/${slug}`)).not.toContain('data-early-warning="active"');

    // (1) age them: customers of some months' standing, then ask for a run
    const aged = await db.query(`UPDATE account SET created_at = now() - interval '90 days' WHERE handle = ANY($1)`, [handles]);
    expect(aged.rowCount).toBe(waveSize);
    await db.query(`INSERT INTO rank_request (reason) VALUES ('system test: the wave''s accounts aged')`);

    // the ranking job raises the warning
    await waitFor('预警 on the platform page', async () => (await pageHtml(`/platforms/${slug}`)).includes('data-early-warning="active"'));
    const page = await pageHtml(`/platforms/${slug}`);
    expect(page).toContain('预警');
    expect(page).toContain('有 6 位老用户');
    expect(page).toMatch(/href="\/incidents\/KP-\d{8}-\d{4}"/);
    expect((page.match(/href="\/reviews\/\d+"/g) ?? []).length).toBeGreaterThanOrEqual(4);
    const en = await pageHtml(`/en/platforms/${slug}`);
    expect(en).toContain('6 established or verified customers complained');
    const home = await pageHtml('/');
    expect(home).toContain('data-early-warning-home');
    expect(home).toContain(`/platforms/${slug}#early-warning`);

    // (2) the window passes: the wave moves 10 days into the past, then a run is requested
    await db.query(`UPDATE review SET created_at = created_at - interval '10 days' WHERE account_id IN (SELECT id FROM account WHERE handle = ANY($1))`, [handles]);
    await db.query(`UPDATE incident SET created_at = created_at - interval '10 days' WHERE reporter_id IN (SELECT id FROM account WHERE handle = ANY($1))`, [handles]);
    await db.query(`UPDATE account SET created_at = created_at - interval '10 days' WHERE handle = ANY($1)`, [handles]);
    await db.query(`INSERT INTO rank_request (reason) VALUES ('system test: the window has passed')`);

    await waitFor('the warning to lift', async () => !(await pageHtml(`/platforms/${slug}`)).includes('data-early-warning="active"'));
    const after = await pageHtml(`/platforms/${slug}`);
    expect(after).toContain('id="early-warning-history"');
    expect(after).toContain('最多 6 位用户投诉');
    expect(after).toContain('投诉回落，自动解除');
    expect(await pageHtml('/')).not.toContain(`/platforms/${slug}#early-warning`);
    const episodes = await db.query(`SELECT w.end_reason, w.peak_complainants FROM early_warning w JOIN platform p ON p.id = w.platform_id WHERE p.slug = $1`, [slug]);
    expect(episodes.rows).toEqual([{ end_reason: 'subsided', peak_complainants: 6 }]);
  });
});
