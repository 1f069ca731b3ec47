import { expect, test } from '@playwright/test';
import { demoPlatformSlugs, reputablePlatform, exitScamPlatform } from '../../db/seed/platforms.ts';
import { login, personas } from './helpers.ts';

test('find a platform by search, open it, compare two', async ({ page }) => {
  await page.goto('/');
  const box = page.getByRole('search').first().getByRole('searchbox').first();
  await box.fill(reputablePlatform.nameZh);
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=/);
  await page.getByRole('link', { name: new RegExp(reputablePlatform.nameZh) }).first().click();
  await expect(page).toHaveURL(new RegExp(`/platforms/${reputablePlatform.slug}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(reputablePlatform.nameZh);
  await expect(page.getByRole('heading', { name: '四个维度的检查清单' })).toBeVisible();
  // a favourable "no" is named as such, not "✓ 发生过数据泄露"
  await expect(page.locator('.checklist')).toContainText('无已知数据泄露');

  // compare with another platform, typed by its website address
  await page.getByLabel('添加平台').fill(`https://www.${exitScamPlatform.domains[0]}/shop`);
  await page.getByRole('button', { name: '加入对比' }).click();
  await expect(page).toHaveURL(new RegExp(`/compare\\?p=${reputablePlatform.slug}%2C${exitScamPlatform.slug}`));
  const table = page.locator('table.compare-table');
  await expect(table.getByRole('columnheader', { name: new RegExp(exitScamPlatform.nameZh) })).toBeVisible();
  await expect(table.locator('td.diff').first()).toBeVisible();
});

test('a pasted URL finds its platform; a typo still finds it', async ({ page }) => {
  await page.goto(`/search?q=${encodeURIComponent(`http://${reputablePlatform.domains[1]}/a?b=1`)}`);
  await expect(page.locator('.search-results a.search-platform-name[href$="/platforms/xingyao-card"]')).toBeVisible();
  await page.goto(`/search?q=${encodeURIComponent('Xingyao Crad')}`);
  await expect(page.locator('.search-results a.search-platform-name[href$="/platforms/xingyao-card"]')).toBeVisible();
});

test('the 跑路 banner, and a member submits evidence with a field error first', async ({ page }) => {
  await page.goto(`/platforms/${demoPlatformSlugs.exitScam}`);
  await expect(page.locator('.banner-danger').first()).toContainText('跑路');

  await login(page, personas.carefulBuyer.handle);
  await page.goto(`/platforms/${demoPlatformSlugs.small}/evidence`);
  await page.getByLabel('证明类型').selectOption('icp_licence');
  await page.getByLabel('编号').fill('浙ICP备2025012345号');
  await page.getByRole('button', { name: '提交证明' }).click();
  await expect(page.locator('#number-error')).toContainText('不是许可证编号');
  await expect(page.getByLabel('编号')).toHaveValue('浙ICP备2025012345号');
  await page.getByLabel('编号').fill('浙B2-20250123');
  await page.getByRole('button', { name: '提交证明' }).click();
  await expect(page.getByRole('status').filter({ hasText: '等待版主核实' })).toBeVisible();
});

test('English pages list categories with English separators', async ({ page }) => {
  await page.goto(`/en/platforms/${reputablePlatform.slug}`);
  await expect(page.locator('.platform-head')).toContainText('Game cards, Video memberships, Phone top-up');
  await page.goto('/en/platforms');
  await expect(page.locator('main table')).not.toContainText('、');
});
