// A member flags a shill review, a moderator (with TOTP) removes it from the flag queue,
// the review is gone from the platform page and the removal is in the public log.
import { expect, test } from '@playwright/test';
import { login, loginStaff, logout, personas, signUp, uniqueHandle } from './helpers.ts';

const body = '好评卡盟真的太靠谱了！秒发货，卡密全部有效，客服态度超级好，全网最低价，强烈推荐大家来买！！';

test('flag → moderator removes → gone from the platform page → in /mod/log → appeal decided by another moderator', async ({ page }) => {
  test.setTimeout(150_000);
  // A fresh account posts a shill review on 好评卡盟.
  const shill = uniqueHandle('tuo');
  await signUp(page, shill);
  await expect(page.getByRole('link', { name: shill })).toBeVisible();
  await page.goto('/platforms/haoping-ka/review');
  await page.getByLabel('总体评分').selectOption('5');
  await page.getByLabel('购买品类').selectOption('video_memberships');
  await page.getByLabel('评价内容').fill(body);
  await page.getByRole('button', { name: '发布评价' }).click();
  await expect(page).toHaveURL(/\/reviews\/\d+\?posted=1/);
  const reviewId = Number(new URL(page.url()).pathname.split('/').pop());
  await logout(page);

  // A member flags it as 托儿.
  await login(page, personas.longTimeBuyer.handle);
  await expect(page.getByRole('link', { name: personas.longTimeBuyer.handle })).toBeVisible();
  // 举报 under the review is a link to the flag page, which quotes the review, then back here.
  await page.goto('/platforms/haoping-ka?sort=newest');
  await page.locator(`#flag-review-${reviewId}`).getByRole('link', { name: '举报', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/mod/flag\\?kind=review&id=${reviewId}&`));
  await expect(page.locator('.flag-target blockquote')).toContainText(body.slice(0, 30));
  await expect(page.locator('.flag-target')).toContainText(shill);
  await page.getByLabel('托儿').check();
  await page.getByLabel(/备注/).fill('新号，满分，措辞和被移除的团伙一样。');
  await page.getByRole('button', { name: '提交举报' }).click();
  await expect(page).toHaveURL(new RegExp(`/platforms/haoping-ka\\?sort=newest&flagged=review%3A${reviewId}#flag-review-${reviewId}$`));
  await expect(page.locator(`#flag-review-${reviewId}`).getByText('已收到你的举报')).toBeVisible();
  // the flag alone removes nothing
  await page.goto('/platforms/haoping-ka');
  await expect(page.getByText(body).first()).toBeVisible();
  await logout(page);

  // A moderator with TOTP removes it from the queue.
  await loginStaff(page, personas.moderator.handle);
  await page.goto('/mod?queue=flags');
  const item = page.locator(`[data-item="review:${reviewId}"]`);
  await expect(item).toContainText(body.slice(0, 20));
  await expect(item).toContainText('托儿');
  // the reporter's weight shows as a band, never a number
  await expect(item.locator('.flag-notes')).toContainText(`${personas.longTimeBuyer.handle}（可信度`);
  await expect(item.locator('.flag-notes')).not.toContainText(/（权重 \d/);
  await item.getByRole('button', { name: '认领' }).click();
  // after each action the page lands on the queue, not the page top
  await expect(page).toHaveURL(/#queue$/);
  await expect(page.locator(`[data-item="review:${reviewId}"]`)).toContainText('你已认领');
  const claimed = page.locator(`[data-item="review:${reviewId}"]`);
  await claimed.getByLabel('理由').selectOption('shill');
  await claimed.getByLabel(/备注/).first().fill('与已移除的托儿团伙措辞相同');
  await claimed.getByRole('button', { name: '移除', exact: true }).click();
  await expect(page.getByText('已处理，已记录到审核日志。')).toBeVisible();
  await expect(page.locator(`[data-item="review:${reviewId}"]`)).toHaveCount(0);

  // Gone from the platform page.
  await page.goto('/platforms/haoping-ka');
  await expect(page.getByText(body)).toHaveCount(0);
  await logout(page);

  // In the public log, without logging in.
  await page.goto(`/mod/log?moderator=${personas.moderator.handle}&action=remove`);
  const row = page.locator('tr[data-action="remove"]', { hasText: `#${reviewId}` });
  await expect(row).toBeVisible();
  await expect(row).toContainText(personas.moderator.handle);
  await expect(row).toContainText('托儿');
  await expect(row).toContainText('与已移除的托儿团伙措辞相同');
  // …and in the Atom feed
  const feed = await page.request.get('/mod/log.xml');
  expect(feed.headers()['content-type']).toContain('application/atom+xml');
  expect(await feed.text()).toContain(`#${reviewId}`);

  // The author sees why and appeals once.
  await login(page, shill, 'e2e password long');
  await page.goto(`/appeals/new?kind=review&id=${reviewId}`);
  await expect(page.getByText('移除理由：托儿')).toBeVisible();
  await page.getByLabel('申诉理由').fill('我是真实买家，只是措辞和别人像。');
  await page.getByRole('button', { name: '提交申诉' }).click();
  await expect(page.getByText('申诉已提交')).toBeVisible();
  await page.goto(`/appeals/new?kind=review&id=${reviewId}`);
  await expect(page.getByText('申诉处理中')).toBeVisible();
  await logout(page);

  // The moderator who removed it cannot decide; another one upholds it.
  await loginStaff(page, personas.moderator2.handle);
  await page.goto('/mod?queue=appeals');
  const appeal = page.locator('[data-item^="appeal:"]', { hasText: '我是真实买家' });
  await appeal.getByLabel(/备注/).fill('复核：与团伙文本高度重复，维持移除');
  await appeal.getByRole('button', { name: '驳回申诉' }).click();
  await expect(page.getByText('已处理，已记录到审核日志。')).toBeVisible();
  await page.goto(`/mod/log?moderator=${personas.moderator2.handle}&action=uphold`);
  await expect(page.locator('tr[data-action="uphold"]', { hasText: `#${reviewId}` })).toBeVisible();
});
