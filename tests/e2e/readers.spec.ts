// Reader conveniences on the platform page (issue 17, item 6), in the real browser against the
// built server with demo data: the verdict first, then jump links whose targets exist; folded
// sections that open without JavaScript; better-rated alternatives on 跑路 and 高风险 pages; the
// star histogram; keyword search and tag filter of one platform's reviews; tags on the review
// form (too many refused, kept); the transparency report in both languages; axe on all of it.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { exitScamPlatform, reputablePlatform } from '../../db/seed/platforms.ts';
import { signUp, uniqueHandle } from './helpers.ts';

// axe and full platform pages on a shared 2-core machine
test.describe.configure({ timeout: 120_000 });

async function expectNoSeriousViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`), `axe on ${label}`).toEqual([]);
}

test('the platform page opens with its verdict, then jump links to sections that exist', async ({ page }) => {
  test.setTimeout(180_000); // axe on the longest page, on a shared 2-core machine
  await page.goto(`/platforms/${reputablePlatform.slug}`);
  const nav = page.getByRole('navigation', { name: '本页目录' });
  await expect(nav).toBeVisible();
  // the verdict comes before the jump links in the page
  const order = await page.evaluate(() => {
    const v = document.querySelector('#verdict')!;
    const n = document.querySelector('nav.jump-links')!;
    return v.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  expect(order).toBeTruthy();
  const hrefs = await nav.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  expect(hrefs).toEqual(expect.arrayContaining(['#verdict', '#scores', '#qualifications', '#facts', '#ratings', '#reviews', '#case-reports', '#incidents', '#history']));
  for (const h of hrefs) expect(await page.locator(h).count(), h).toBe(1);
  // listed in the page's order
  const tops = await page.evaluate((ids) => ids.map((h) => document.querySelector(h)!.getBoundingClientRect().top + window.scrollY), hrefs);
  expect([...tops].sort((a, b) => a - b)).toEqual(tops);
  // a 一般 platform suggests no alternatives, and its jump links do not name them
  expect(hrefs).not.toContain('#alternatives');
  await nav.getByRole('link', { name: '评价' }).click();
  await expect(page).toHaveURL(/#reviews$/);
  await expect(page.locator('#reviews-heading')).toBeInViewport();
  await expectNoSeriousViolations(page, 'platform page with jump links');
});

test('folded sections open without JavaScript', async ({ browser }) => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await page.goto(`/platforms/${exitScamPlatform.slug}`);
  const history = page.locator('details#history');
  await expect(history).not.toHaveAttribute('open', '');
  await expect(page.locator('section.score-history')).toBeHidden();
  await history.locator('> summary').click();
  await expect(page.locator('section.score-history')).toBeVisible();
  await ctx.close();
});

test('a 跑路 page suggests better-rated platforms selling the same, in ranking order; so does a 高风险 page', async ({ page }) => {
  test.setTimeout(240_000); // axe on two platform pages, on a shared 2-core machine
  for (const slug of [exitScamPlatform.slug, 'haoping-ka']) {
    await page.goto(`/platforms/${slug}`);
    const alt = page.locator('#alternatives');
    await expect(alt.getByRole('heading', { name: '同类平台中评级更好的' })).toBeVisible();
    const items = alt.locator('.alternative-list > li');
    expect(await items.count()).toBeGreaterThan(0);
    expect(await items.count()).toBeLessThanOrEqual(3);
    const ranks = (await items.allTextContents()).map((s) => Number(/靠谱榜第 (\d+) 名/.exec(s)?.[1]));
    expect(ranks.every((r) => Number.isInteger(r))).toBe(true);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    for (const text of await items.allTextContents()) expect(text).toMatch(/靠谱|一般/);
    await expect(page.getByRole('navigation', { name: '本页目录' }).getByRole('link', { name: '同类推荐' })).toBeVisible();
    await expectNoSeriousViolations(page, `alternatives on ${slug}`);
    // each suggestion sells something this platform sells
    const first = await items.first().locator('a').first().getAttribute('href');
    await page.goto(first!);
    await expect(page.locator('#verdict')).toBeVisible();
  }
});

test('the star histogram is a table of counts and percentages adding up to 100', async ({ page }) => {
  await page.goto(`/platforms/${reputablePlatform.slug}`);
  const table = page.locator('#ratings table[data-dimension="overall"]');
  await expect(table.locator('tbody tr')).toHaveCount(5);
  await expect(table.locator('tbody tr th').first()).toHaveText('5 星');
  const values = await table.locator('.bar-value').allTextContents();
  const parsed = values.map((v) => /(\d+) 条 · (\d+)%/.exec(v)!.slice(1).map(Number) as [number, number]);
  expect(parsed.reduce((n, [, p]) => n + p, 0)).toBe(100);
  const total = parsed.reduce((n, [c]) => n + c, 0);
  await expect(table.locator('caption')).toContainText(`${total} 条评分`);
  // a bar's star label leads to the reviews with that rating
  const fiveStar = table.locator('tbody tr[data-stars="5"] th a');
  if (parsed[0]![0] > 0) {
    await fiveStar.click();
    await expect(page).toHaveURL(/\?rating=5#reviews$/);
    expect(await page.locator('article.review-card').count()).toBe(Math.min(parsed[0]![0], 20));
  }
  await page.goto(`/platforms/${reputablePlatform.slug}`);
  await page.locator('#ratings details summary').click();
  await expect(page.locator('#ratings table[data-dimension="service"]')).toBeVisible();
});

test('keyword search within one platform\'s reviews (a GET form): hits, and an empty result that says so', async ({ page }) => {
  await page.goto(`/platforms/${reputablePlatform.slug}`);
  const search = page.getByRole('searchbox', { name: '搜索这家的评价' });
  await search.fill('到账');
  await search.press('Enter');
  await expect(page).toHaveURL(/[?&]q=%E5%88%B0%E8%B4%A6/);
  const status = page.getByRole('status').filter({ hasText: '包含“到账”的评价共' });
  await expect(status).toBeVisible();
  const n = Number(/共 (\d+) 条/.exec((await status.textContent())!)![1]);
  expect(n).toBeGreaterThan(0);
  const cards = page.locator('article.review-card');
  expect(await cards.count()).toBe(Math.min(n, 20));
  for (const text of await cards.allTextContents()) expect(text).toContain('到账');
  await expect(page.getByRole('searchbox', { name: '搜索这家的评价' })).toHaveValue('到账');
  await expectNoSeriousViolations(page, 'review search results');

  await page.goto(`/platforms/${reputablePlatform.slug}?q=${encodeURIComponent('完全不存在的词语组合')}#reviews`);
  await expect(page.getByText('这家平台没有包含“完全不存在的词语组合”的评价')).toBeVisible();
  await expect(page.locator('article.review-card')).toHaveCount(0);
});

test('review tags: shown on cards, filterable, and chosen on the form (more than three refused, choices kept)', async ({ page }) => {
  await page.goto(`/platforms/${exitScamPlatform.slug}?tag=withdrawal#reviews`);
  const cards = page.locator('article.review-card');
  expect(await cards.count()).toBeGreaterThan(0);
  for (let i = 0; i < await cards.count(); i++) await expect(cards.nth(i).locator('a.review-tag[data-tag="withdrawal"]')).toHaveText('提现');
  await expect(page.getByLabel('方面')).toHaveValue('withdrawal');
  // a tag link on a card filters by it
  await cards.first().locator('a.review-tag[data-tag="support"]').click();
  await expect(page).toHaveURL(/\?tag=support#reviews$/);

  const handle = uniqueHandle('tags');
  await signUp(page, handle);
  await page.goto('/platforms/lanjing-kameng/review');
  await page.getByLabel('总体评分').selectOption('2');
  await page.getByLabel('评价内容').fill('话费充值等了两个小时才到账，客服一直说在处理，退款也要扣手续费。');
  for (const name of ['到账', '退款', '客服', '价格']) await page.getByRole('checkbox', { name }).check();
  await page.getByRole('button', { name: '发布评价' }).click();
  await expect(page.locator('#tags-error')).toHaveText('最多选 3 项：选最主要的几项，方便别人按方面筛选。');
  for (const name of ['到账', '退款', '客服', '价格']) await expect(page.getByRole('checkbox', { name })).toBeChecked();
  await expect(page.getByLabel('评价内容')).toHaveValue(/话费充值等了两个小时/);
  await expectNoSeriousViolations(page, 'review form with a tag error');
  await page.getByRole('checkbox', { name: '价格' }).uncheck();
  await page.getByRole('button', { name: '发布评价' }).click();
  await expect(page).toHaveURL(/\/reviews\/\d+\?posted=1/);
  await expect(page.locator('article.review-card a.review-tag')).toHaveText(['到账', '退款', '客服']);
});

test('the transparency report, in zh-CN and English, with twelve months', async ({ page }) => {
  for (const [path, title, month] of [['/about/transparency', '透明度报告', '月份'], ['/en/about/transparency', 'Transparency report', 'Month']] as const) {
    const res = await page.goto(path);
    expect(res?.status()).toBe(200);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    const table = page.locator('table.transparency-table');
    await expect(table.getByRole('columnheader', { name: month })).toBeVisible();
    await expect(table.locator('tbody tr')).toHaveCount(12);
    await expectNoSeriousViolations(page, path);
  }
  // the demo's moderation (removals, verified and rejected proofs) shows in its months
  await page.goto('/about/transparency');
  const removals = (await page.locator('td[data-cell="removals"] strong').allTextContents()).map(Number);
  expect(removals.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  await expect(page.locator('footer').getByRole('link', { name: '透明度报告' })).toBeVisible();
});
