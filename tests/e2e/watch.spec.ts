// Watchlists in a real browser: an anonymous reader is sent to log in and back; a member follows
// a platform from its page and unfollows it, sees the list in settings, reads the inbox; axe on
// every new page and state (zh-CN and English). The follow button is a plain form: no script.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { reputablePlatform } from '../../db/seed/platforms.ts';
import { demoPassword, login, personas, uniqueHandle, signUp } from './helpers.ts';

async function axe(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`), `axe on ${what}`).toEqual([]);
}

const platformPath = `/platforms/${reputablePlatform.slug}`;

test('an anonymous reader is sent to log in and comes back to the platform', async ({ page }) => {
  await page.goto(platformPath);
  await page.getByRole('link', { name: '登录后关注' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/login' && url.searchParams.get('next') === platformPath);
  await page.getByLabel('邮箱或昵称').fill(personas.carefulBuyer.handle);
  await page.getByLabel('密码').fill(demoPassword);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(new RegExp(`${platformPath}$`));
});

test('a member follows, sees it in settings and the inbox, unfollows; axe on each page', async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, uniqueHandle('watch'));
  await page.goto(platformPath);
  await page.getByRole('button', { name: '关注', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${platformPath}#watch$`));
  await expect(page.locator('#watch')).toContainText('已关注');
  await axe(page, 'platform page, following');

  await page.getByRole('link', { name: '管理关注和提醒' }).click();
  await expect(page.locator('#watch')).toContainText(reputablePlatform.nameZh);
  await axe(page, 'settings with a follow');
  await page.getByLabel('每日摘要（北京时间早上 8 点）').check();
  await page.getByRole('button', { name: '保存邮件提醒' }).click();
  await expect(page.getByText('邮件提醒已保存。')).toBeVisible();
  await expect(page.getByLabel('每日摘要（北京时间早上 8 点）')).toBeChecked();

  await page.getByRole('link', { name: '通知', exact: true }).click();
  await expect(page.getByRole('heading', { name: '通知' })).toBeVisible();
  await axe(page, 'inbox');
  await page.goto('/en/inbox');
  await axe(page, 'English inbox');

  await page.goto('/settings');
  await page.getByRole('button', { name: '生成订阅源地址' }).click();
  const feedUrl = await page.getByRole('textbox', { name: '私人订阅源（Atom）' }).inputValue();
  expect(feedUrl).toMatch(/\/inbox\/feed\/[a-z0-9.]+\.xml$/);
  await axe(page, 'feed address shown once');

  await page.goto(platformPath);
  await page.getByRole('button', { name: '取消关注' }).click();
  await expect(page.locator('#watch').getByRole('button', { name: '关注', exact: true })).toBeVisible();
});

test('the unsubscribe page: an invalid link says so, accessibly', async ({ page }) => {
  const r = await page.goto('/watch/unsubscribe?token=1.nope');
  expect(r?.status()).toBe(400);
  await expect(page.getByText('这个退订链接无效')).toBeVisible();
  await axe(page, 'unsubscribe page');
});

test('a case page offers follow to members', async ({ page }) => {
  await login(page, personas.carefulBuyer.handle);
  await page.goto(platformPath);
  const caseLink = page.locator('a[href^="/incidents/KP-"]').first();
  test.skip((await caseLink.count()) === 0, 'no case on this platform in the demo data');
  await page.goto((await caseLink.getAttribute('href'))!.split('#')[0]!);
  await expect(page.locator('#watch').getByRole('button', { name: '关注', exact: true })).toBeVisible();
  await axe(page, 'case page');
});
