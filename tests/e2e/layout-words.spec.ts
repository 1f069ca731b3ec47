// Every public, member and staff page at a phone width (390 px) and a desktop width (1280 px), in
// zh-CN and English (issue 18, item 6): no horizontal scrolling, and no internal code
// (NEW_ACCOUNT, DUPLICATE_TEXT, …) in the visible text. With SCREENSHOTS=1 a full-page screenshot of
// each is saved under .cache/screens/ for a person to look at (off in the suite: it triples the time).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { demoPlatformSlugs, reputablePlatform } from '../../db/seed/platforms.ts';
import { waveTargetSlug } from '../../db/seed/early-warning-wave.ts';
import { demoPassword, login, loginStaff, personas, signUp, uniqueHandle } from './helpers.ts';

const screensDir = path.resolve('.cache/screens');
mkdirSync(screensDir, { recursive: true });
const widths = [390, 1280] as const;
const locales = ['zh-CN', 'en'] as const;
/** An internal code as the model and the database spell them: two or more capitals joined by underscores. */
const rawCode = /\b[A-Z]{2,}(_[A-Z]+)+\b/g;
/** Flag-reason and role codes in lower case (shill, card_key_leak, …); English pages may say "spam" or "moderator" as words. */
const lowerCodes = /\b(?:card_key_leak|personal_info|off_topic|false_incident|follow_up|case_report|exit_scam|phone_topup|game_cards)\b/g;

function localised(locale: (typeof locales)[number], p: string): string {
  if (locale === 'zh-CN') return p;
  return p === '/' ? '/en/' : `/en${p}`;
}

function shotName(audience: string, locale: string, width: number, p: string): string {
  const slug = decodeURIComponent(p).replace(/^\/+/, '').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'home';
  return path.join(screensDir, `${audience}-${locale}-${width}-${slug.slice(0, 80)}.png`);
}

/** Checks one page at every width and locale; returns the problems found (all pages are visited before failing). */
async function checkPages(page: Page, audience: string, paths: string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 });
    for (const locale of locales) {
      for (const p of paths) {
        const url = localised(locale, p);
        const response = await page.goto(url);
        const status = response?.status() ?? 0;
        if (status >= 500) problems.push(`${url}: HTTP ${status}`);
        const { scrollWidth, innerWidth, text, wide } = await page.evaluate(() => {
          const vw = window.innerWidth;
          // The widest elements, to name the culprit when the page scrolls sideways.
          const wideOnes = [...document.querySelectorAll('body *')]
            .filter((el) => el.getBoundingClientRect().right > vw + 1 && getComputedStyle(el).position !== 'fixed')
            .filter((el) => !el.closest('.table-wrap, pre, .scroll-x'))
            .slice(0, 3)
            .map((el) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : ''} (${Math.round(el.getBoundingClientRect().right)})`);
          return { scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, text: document.body.innerText, wide: wideOnes };
        });
        if (scrollWidth > innerWidth) problems.push(`${url} @${width}: scrolls sideways (${scrollWidth} > ${innerWidth}) ${wide.join(', ')}`);
        const codes = [...new Set([...(text.match(rawCode) ?? []), ...(text.match(lowerCodes) ?? [])])];
        if (codes.length) problems.push(`${url} @${width}: raw codes ${codes.join(', ')}`);
        if (/\bslug\b/i.test(text)) problems.push(`${url} @${width}: says "slug"`);
        if (locale === 'en') {
          const badPlural = text.match(/\b1 (stars|years|reviews|months|days|hours|follow-ups|platforms)\b|Has follow-ups \d/);
          if (badPlural) problems.push(`${url} @${width}: "${badPlural[0]}"`);
        }
        if (process.env.SCREENSHOTS === '1') await page.screenshot({ path: shotName(audience, locale, width, p), fullPage: true });
      }
    }
  }
  return problems;
}

async function firstHref(page: Page, from: string, selector: string): Promise<string> {
  await page.goto(from);
  const href = await page.locator(selector).first().getAttribute('href');
  expect(href, `${selector} on ${from}`).toBeTruthy();
  return href!.split('#')[0]!;
}

test.describe.configure({ timeout: 600_000 });

test('public pages: no sideways scrolling, no raw codes (390 and 1280 px, zh-CN and en)', async ({ page }) => {
  const review = await firstHref(page, `/platforms/${reputablePlatform.slug}`, 'a[href^="/reviews/"]');
  const incident = await firstHref(page, `/platforms/${demoPlatformSlugs.exitScam}`, 'a[href^="/incidents/"]');
  const paths = [
    '/', '/platforms', '/platforms?category=phone_topup', '/ranking', `/compare?p=${reputablePlatform.slug},${demoPlatformSlugs.exitScam}`,
    `/search?q=${encodeURIComponent('话费')}`, `/search?q=${encodeURIComponent('哪家跑路了')}`,
    `/platforms/${reputablePlatform.slug}`, `/platforms/${demoPlatformSlugs.exitScam}`, `/platforms/${demoPlatformSlugs.shillTarget}`, `/platforms/${waveTargetSlug}`,
    review, incident, '/mod/log', '/about/ranking', '/about/flags',
    `/u/${encodeURIComponent(personas.honestBuyer.handle)}`, `/u/${encodeURIComponent(personas.reseller.handle)}`, `/u/${encodeURIComponent(personas.moderator.handle)}`,
    '/login', '/signup', '/forgot-password', '/platforms/new', '/no-such-page',
  ];
  expect(await checkPages(page, 'public', paths)).toEqual([]);
});

test('member pages (a buyer and a reseller)', async ({ page }) => {
  // "登录" in the header returns to the page it was clicked on (issue 18, item 5).
  const platformPath = `/platforms/${reputablePlatform.slug}`;
  await page.goto(`${platformPath}?sort=new`);
  await page.locator('.account-menu').getByRole('link', { name: '登录', exact: true }).click();
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel('邮箱或昵称').fill(personas.honestBuyer.handle);
  await page.getByLabel('密码').fill(demoPassword);
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(new RegExp(`${platformPath}\\?sort=new$`));
  await expect(page.locator('.account-menu .me')).toHaveText(personas.honestBuyer.handle);
  const own = await firstHref(page, `/u/${encodeURIComponent(personas.honestBuyer.handle)}`, 'a[href^="/reviews/"]');
  const slug = demoPlatformSlugs.small;
  const paths = [
    '/settings', `/platforms/${slug}/review`, `/platforms/${slug}/claim`, `/platforms/${slug}/evidence`, `/platforms/${slug}/facts`,
    `/platforms/${slug}/incidents/new`, '/platforms/new', `${own}/follow-up`, `${own}/edit`, `/mod/flag?kind=review&id=${own.split('/').pop()}`,
    `/platforms/${reputablePlatform.slug}`, `/u/${encodeURIComponent(personas.honestBuyer.handle)}`,
  ];
  const problems = await checkPages(page, 'member', paths);
  await page.goto('/');
  await page.getByRole('button', { name: '退出', exact: true }).click();
  await login(page, personas.reseller.handle);
  await expect(page.getByRole('link', { name: personas.reseller.handle })).toBeVisible();
  problems.push(...await checkPages(page, 'reseller', [`/platforms/${slug}/case-report`, `/platforms/${reputablePlatform.slug}/case-report`]));
  expect(problems).toEqual([]);
});

test('staff pages (moderation queues, staff list)', async ({ page }) => {
  await loginStaff(page, personas.admin.handle);
  // Staff land on the moderation desk when no page asked to be returned to.
  await expect(page).toHaveURL(/\/mod$/);
  const queues = ['incidents', 'warnings', 'findings', 'flags', 'proofs', 'evidence', 'appeals', 'submissions', 'claims'];
  const paths = ['/mod', ...queues.map((q) => `/mod?queue=${q}`), '/mod/staff', '/mod/search-misses', '/mod/log'];
  expect(await checkPages(page, 'staff', paths)).toEqual([]);
});

test('"我是分销商" ticked by anyone: the case report waits for a moderator, then the proof queue releases it (issue 18, item 5)', async ({ page, browser }) => {
  const handle = uniqueHandle('reseller');
  await signUp(page, handle);
  await page.goto('/settings');
  await page.getByLabel('我是分销商（可提交合作案例）').check();
  await page.getByRole('button', { name: '保存', exact: true }).click();
  const slug = demoPlatformSlugs.small;
  await page.goto(`/platforms/${slug}/case-report`);
  const body = `工作室拿货半年，接口稳定，补发及时。标记 ${handle}`;
  await page.getByLabel('开始合作日期').fill('2025-06-01');
  await page.getByLabel('月采购量').selectOption('1k_10k');
  await page.getByLabel('采购的商品').fill('游戏点卡');
  await page.getByLabel('售后与合作经历').fill(body);
  await page.getByLabel('订单号（不会公开）').fill('B2B-20250601-01');
  await page.getByRole('button', { name: '提交合作案例' }).click();
  await expect(page.locator('.alert-success')).toHaveText('合作案例已保存，等待版主核实分销商身份后公开。');
  await expect(page.getByText('这篇合作案例正在等待审核')).toBeVisible();

  // Not public: a reader does not see it on the platform page.
  const reader = await browser.newPage();
  await reader.goto(`/platforms/${slug}`);
  await expect(reader.getByText(body)).toHaveCount(0);

  // A moderator verifies the proof in the proof queue; the note says what that releases.
  const staff = await browser.newPage();
  await loginStaff(staff, personas.moderator.handle);
  await staff.goto('/mod?queue=proofs');
  const item = staff.locator('li.mod-item').filter({ hasText: handle });
  await expect(item.getByText('通过后该账号确认为分销商')).toBeVisible();
  await item.getByRole('button', { name: '核实通过' }).click();
  await expect(staff.getByText('已处理，已记录到审核日志。')).toBeVisible();

  await reader.goto(`/platforms/${slug}`);
  await expect(reader.getByText(body)).toBeVisible();
  await page.goto(`/platforms/${slug}/case-report`);
  await expect(page.getByText('这篇合作案例正在等待审核')).toHaveCount(0);
  await Promise.all([reader.close(), staff.close()]);
});
