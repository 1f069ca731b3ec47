// The verdict as a reader sees it, with JavaScript off: a platform page opens with 结论 and
// 为什么 (reasons linked to their evidence); the ranking and the home list show the same
// band words and say by what they are ordered; the method page states the rules.
import { expect, test } from '@playwright/test';

test.use({ javaScriptEnabled: false });

test('a platform page opens with its verdict and the three reasons, each linked to its evidence', async ({ page }) => {
  await page.goto('/platforms/xiaolu-kapu');
  const panel = page.locator('#verdict');
  await expect(panel.getByRole('heading', { level: 2 })).toHaveText(/结论：\s*谨慎/);
  await expect(panel.getByRole('heading', { name: '为什么' })).toBeVisible();
  await expect(panel.locator('.verdict-reasons > li')).toHaveCount(3);
  await expect(panel.locator('.verdict-reasons > li').first()).toContainText('个人工作室');
  // The evidence link of the ICP 许可证 reason leads to the licence section of the page, or to the
  // licence row itself once one is on record (platforms.spec.ts submits a pending one for this
  // platform in the same run).
  await panel.locator('.verdict-reasons > li', { hasText: 'ICP 许可证' }).getByRole('link').click();
  await expect(page).toHaveURL(/\/platforms\/xiaolu-kapu#qualification(s|-\d+)$/);
  const anchor = new URL(page.url()).hash;
  await expect(page.locator(anchor)).toBeVisible();
  // Every reason, without JavaScript: the operator's and the reviews' (which reviews reason it is
  // depends on what other e2e specs posted on this platform earlier in the run).
  await page.getByText('全部依据').click();
  await expect(page.locator('.verdict-all li[data-reason="STUDIO"]')).toBeVisible();
  await expect(page.locator('.verdict-all li[data-reason^="REVIEWS_"]').first()).toBeVisible();
});

test('the ranking orders by band and names it in the same words as the platform page', async ({ page }) => {
  await page.goto('/ranking');
  await expect(page.getByText(/排序：先按结论/).first()).toBeVisible();
  const rows = page.locator('table.ranking-table tbody tr');
  await expect(rows.first().locator('[data-verdict]')).toHaveText('靠谱');
  const bands = await rows.locator('[data-verdict]').evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')));
  const order = ['reliable', 'fair', 'caution', 'high_risk'];
  const idx = bands.map((b) => order.indexOf(b ?? ''));
  expect(idx.every((v, i) => v >= 0 && (i === 0 || v >= idx[i - 1]!))).toBe(true);
  // 小鹿卡铺 (an unlicensed studio with a 48-hour refund window) is not near the top.
  const names = await rows.locator('th a').allTextContents();
  expect(names.indexOf('小鹿卡铺')).toBeGreaterThanOrEqual(10);
  await expect(page.locator('section', { has: page.getByRole('heading', { name: '数据不足，暂不排名' }) }).getByText('飞鱼卡盟')).toBeVisible();
  await page.goto('/');
  await expect(page.locator('ol.home-top li').first().locator('[data-verdict]')).toHaveText('靠谱');
  await page.goto('/en/about/ranking#verdict');
  await expect(page.locator('#verdict-rule-operator')).toContainText('at most “Caution”');
});
