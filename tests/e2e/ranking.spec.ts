// The ranking as a reader sees it, with JavaScript off: the ranked table, 跑路 listed
// apart, the method page, a platform's history chart with its table fallback; and the
// debounced recompute: a follow-up shows up in the platform's changelog seconds later.
import { expect, test } from '@playwright/test';
import { login, personas } from './helpers.ts';

test.use({ javaScriptEnabled: false });

test('the ranking lists ranked platforms and marks 跑路 ones apart', async ({ page }) => {
  await page.goto('/ranking');
  await expect(page.getByRole('heading', { level: 1, name: /靠谱榜/ })).toBeVisible();
  const table = page.locator('table.ranking-table');
  await expect(table.locator('tbody tr').first().locator('td').first()).toHaveText('1');
  const exit = page.locator('section.ranking-exit');
  await expect(exit.getByRole('heading', { name: /已确认跑路/ })).toBeVisible();
  await expect(exit.getByText('快发卡盟')).toBeVisible();
  // A 跑路 platform is not in the ranked table.
  await expect(table.getByRole('link', { name: '快发卡盟' })).toHaveCount(0);
  await page.getByRole('link', { name: /排名方法说明/ }).first().click();
  await expect(page).toHaveURL(/\/about\/ranking$/);
  await expect(page.getByRole('heading', { name: /按下限排名/ })).toBeVisible();
  await expect(page.locator('#reason-BURST')).toContainText('短时间');
});

test('the English ranking page mirrors it', async ({ page }) => {
  await page.goto('/en/ranking');
  await expect(page.getByRole('heading', { level: 1, name: /Kaopu ranking/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Confirmed exit scams/ })).toBeVisible();
});

test('a platform page shows its score history as an accessible chart with a data table', async ({ page }) => {
  await page.goto('/platforms/kuaifa-ka');
  const history = page.locator('section.score-history');
  const chart = history.locator('svg.chart[role="img"]');
  await expect(chart).toBeVisible();
  await expect(chart.locator('title')).toHaveText('评分历史折线图');
  await expect(chart.locator('path.chart-score')).toHaveAttribute('d', /^M[\d.]+ [\d.]+/);
  await history.getByText('以表格查看评分数据').click();
  await expect(history.locator('details table tbody tr').first()).toBeVisible();
  await expect(history.getByText('确认跑路，移出排名')).toBeVisible();
});

test('a follow-up moves the score and appears in the changelog after the debounced recompute', async ({ page }) => {
  await login(page, personas.honestBuyer.handle);
  await page.goto(`/u/${encodeURIComponent(personas.honestBuyer.handle)}`);
  const reviewHref = await page.locator('a[href^="/reviews/"]').evaluateAll((as) =>
    as.map((a) => a.getAttribute('href')!).find((h) => /^\/reviews\/\d+$/.test(h)),
  );
  expect(reviewHref).toBeTruthy();
  const reviewId = reviewHref!.split('/').pop()!;
  await page.goto(reviewHref!);
  const platformHref = await page.locator('a[href^="/platforms/"]').evaluateAll((as) =>
    as.map((a) => a.getAttribute('href')!).find((h) => /^\/platforms\/[a-z0-9-]+$/.test(h)),
  );
  expect(platformHref).toBeTruthy();

  await page.goto(`${reviewHref}/follow-up`);
  await page.getByLabel('现在的评分').selectOption('1');
  await page.getByLabel('评价内容').fill('三个月后再来追评：最近一批卡密全部失效，客服不再回复，退款也被拒绝了。');
  await page.getByRole('button', { name: '发布追评' }).click();

  // The poller runs the job ~2 s after the last request (checks every 3 s).
  await expect
    .poll(
      async () => {
        await page.goto(platformHref!);
        return page.locator('section.score-history').innerText();
      },
      { timeout: 30_000, intervals: [2_000] },
    )
    .toContain('追评改变了这条评价的评分');
  await expect(page.locator(`section.score-history a[href^="/reviews/${reviewId}"]`).first()).toBeVisible();
});
