// Issue 16, findings 5 and 7 over HTTP, on the built site behind a "proxy" (TRUST_PROXY=127.0.0.1,
// so X-Forwarded-For picks the network of each simulated client).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { postForm, signUpAndLogIn, startSite, stopSite, tempDataDir, type Site } from './helpers.ts';

const dataDir = tempDataDir();
let site: Site;
beforeAll(async () => {
  // Real limits (multiplier 1): the lock-out is the behaviour under test.
  site = await startSite({ DATA_DIR: dataDir, RANK_POLL: '0', TRUST_PROXY: '127.0.0.1, ::1', RATE_LIMIT_MULTIPLIER: '1' });
});
afterAll(async () => {
  if (site) await stopSite(site);
  rmSync(dataDir, { recursive: true, force: true });
});

const from = (network: string) => ({ 'X-Forwarded-For': network });
const owner = { handle: `owner_${Date.now() % 100000}`, email: `owner${Date.now()}@own.example`, password: 'the owner password 1' };
let ownerSession = '';

function cookiesOf(r: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of r.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const eq = pair!.indexOf('=');
    out[pair!.slice(0, eq)] = pair!.slice(eq + 1);
  }
  return out;
}

describe('log-in throttling with device cookies (finding 5)', () => {
  let deviceCookie = '';

  it('a successful log-in leaves a signed device cookie', async () => {
    ownerSession = await signUpAndLogIn(site, dataDir, owner, from('198.51.100.10'));
    const r = await postForm(`${site.url}/login?_action=auth.login`, { identifier: owner.handle, password: owner.password }, from('198.51.100.10'));
    expect(r.status).toBe(303);
    const device = cookiesOf(r).kaopu_device;
    expect(device).toMatch(/^v1\.\d+\./);
    deviceCookie = `kaopu_device=${device}`;
  });

  it('an attacker guessing from many networks cannot lock out the owner, who logs in from a new network', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) {
      const r = await postForm(`${site.url}/login?_action=auth.login`, { identifier: owner.handle, password: `guess ${i} password` }, from(`203.0.${i}.7`));
      statuses.push(r.status);
    }
    // The owner's two cookie-less log-ins above spent 2 of the strangers' 10 tokens.
    expect(statuses).toEqual([...Array(8).fill(401), ...Array(6).fill(429)]); // strangers are locked out…

    // …the owner, on a network never seen, with the device cookie, gets in (today: 429).
    const r = await postForm(`${site.url}/login?_action=auth.login`, { identifier: owner.handle, password: owner.password }, { ...from('192.0.2.44'), cookie: deviceCookie });
    expect(r.status).toBe(303);
    expect(Object.keys(cookiesOf(r))).toContain('kaopu_session');
  });

  it('no cookie, a forged cookie or a cookie of another account is a stranger (429)', async () => {
    const [, id, nonce] = deviceCookie.split('=')[1]!.split('.');
    const forged = [
      '',
      `kaopu_device=v1.${id}.${nonce}.${'A'.repeat(43)}`,
      `kaopu_device=v1.${Number(id) + 1}.${nonce}.${deviceCookie.split('.').at(-1)}`,
      `kaopu_device=${id}`,
    ];
    for (const [i, cookie] of forged.entries()) {
      const r = await postForm(`${site.url}/login?_action=auth.login`, { identifier: owner.handle, password: owner.password }, { ...from(`192.0.${10 + i}.1`), ...(cookie ? { cookie } : {}) });
      expect(r.status, cookie || '(no cookie)').toBe(429);
    }
  });
});

describe('invalid UTF-8 in any form field (finding 7)', () => {
  async function raw(path: string, body: string, cookie = ownerSession) {
    return fetch(`${site.url}${path}`, {
      method: 'POST', redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: site.url, cookie, ...from('198.51.100.10') }, body,
    });
  }
  let platformId = '';
  const marker = `坏字节${Date.now()}`;
  const enc = encodeURIComponent;

  beforeAll(async () => {
    const html = await (await fetch(`${site.url}/platforms/xiaolu-kapu/review`, { headers: { cookie: ownerSession } })).text();
    platformId = /name="platformId" value="(\d+)"/.exec(html)?.[1] ?? '';
  });

  it('a review body with raw invalid bytes gets a field error; nothing is stored', async () => {
    expect(platformId).not.toBe('');
    const body = `platformId=${platformId}&rating=2&productCategory=phone_topup&productName=${enc('话费 100 元')}&amountBand=50_200&purchasedOn=2026-10-01&body=${enc(marker + '，到账很慢，客服两天才回复，')}%FF%FE${enc('退款也没有。')}`;
    const r = await raw('/platforms/xiaolu-kapu/review?_action=reviews.create', body);
    expect(r.status).toBe(400);
    expect(await r.text()).toMatch(/id="body-error"[^>]*>包含无效字符/);
    const en = await raw('/en/platforms/xiaolu-kapu/review?_action=reviews.create', body);
    expect(await en.text()).toMatch(/id="body-error"[^>]*>Contains invalid characters/);
    expect(await (await fetch(`${site.url}/platforms/xiaolu-kapu`)).text()).not.toContain(marker);
  });

  it('an incident with an invalid byte in its order number is refused at that field', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const body = `platformId=${platformId}&kind=refund_refused&occurredOn=${today}&amountYuan=500&orderNumber=AB%C3%28CD&body=${enc(marker + ' 余额五百元申请提现三天未到账，客服称系统维护，之后不再回复。')}`;
    const r = await raw('/platforms/xiaolu-kapu/incidents/new?_action=reviews.incident', body);
    expect(r.status).toBe(400);
    expect(await r.text()).toMatch(/id="orderNumber-error"[^>]*>包含无效字符/);
  });

  it('a password with invalid bytes is refused at its field, not hashed as U+FFFD', async () => {
    const r = await raw('/signup?_action=auth.signup', `handle=fffd_${Date.now() % 100000}&email=fffd${Date.now()}%40x.example&password=long+enough+%FF+password`, '');
    expect(r.status).toBe(400);
    expect(await r.text()).toMatch(/id="password-error"[^>]*>包含无效字符/);
  });

  it('a platform name with invalid bytes is refused at nameZh (zh-CN and en)', async () => {
    const body = `slug=bad-bytes-${Date.now() % 100000}&nameZh=${enc('坏')}%ED%A0%80${enc('卡盟')}&nameEn=Bad&domains=bad-bytes.example&categories=game_cards&description=${enc('测试平台')}`;
    const r = await raw('/platforms/new?_action=platforms.submit', body);
    expect(r.status).toBe(400);
    expect(await r.text()).toMatch(/id="nameZh-error"[^>]*>包含无效字符/);
    const en = await raw('/en/platforms/new?_action=platforms.submit', body);
    expect(await en.text()).toMatch(/id="nameZh-error"[^>]*>Contains invalid characters/);
  });
});
