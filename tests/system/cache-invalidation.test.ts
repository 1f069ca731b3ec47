// The page cache never shows stale content after a write: a new review appears at once on
// the (cached) anonymous platform page, the directory and the home page stay consistent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { postForm, signUpAndLogIn, startSite, stopSite, tempDataDir, type Site } from './helpers.ts';

const dataDir = tempDataDir();
let site: Site;
beforeAll(async () => {
  site = await startSite({ DATA_DIR: dataDir, RANK_POLL: '0' });
});
afterAll(async () => {
  await stopSite(site);
  rmSync(dataDir, { recursive: true, force: true });
});

async function platformId(slug: string): Promise<string> {
  const html = await (await fetch(`${site.url}/platforms/${slug}/review`, { redirect: 'manual' })).text();
  return /name="platformId" value="(\d+)"/.exec(html)?.[1] ?? '';
}

describe('page cache invalidation', () => {
  it('shows a new review on the cached anonymous platform page at once', async () => {
    const page = `${site.url}/platforms/xiaolu-kapu`;
    const first = await fetch(page);
    expect(first.status).toBe(200);
    const second = await fetch(page);
    expect(second.headers.get('x-cache')).toBe('HIT');
    const marker = `缓存测试${Date.now()}`;
    expect(await second.text()).not.toContain(marker);

    const cookie = await signUpAndLogIn(site, dataDir, { handle: `cache_${Date.now() % 100000}`, email: `c${Date.now()}@c.example`, password: 'cache password 1' });
    const id = await (async () => {
      const html = await (await fetch(`${site.url}/platforms/xiaolu-kapu/review`, { headers: { cookie } })).text();
      return /name="platformId" value="(\d+)"/.exec(html)?.[1];
    })();
    expect(id).toBeTruthy();
    const form = new FormData();
    for (const [k, v] of Object.entries({
      platformId: id!, rating: '2', productCategory: 'phone_topup', productName: '话费 100 元', amountBand: '50_200',
      purchasedOn: '2026-10-01', body: `到账很慢，${marker}，客服两天才回。`,
    })) form.set(k, v);
    const post = await fetch(`${site.url}/platforms/xiaolu-kapu/review?_action=reviews.create`, {
      method: 'POST', redirect: 'manual', headers: { cookie, Origin: site.url }, body: form,
    });
    expect([200, 303]).toContain(post.status);

    const after = await fetch(page);
    expect(after.headers.get('x-cache')).toBeNull();
    expect(await after.text()).toContain(marker);
  });

  it('the review form is not served to anonymous readers (they are sent to log in)', async () => {
    expect(await platformId('xiaolu-kapu')).toBe('');
  });
});
