// Accessibility: axe-core (WCAG 2.x A/AA rules) on the main pages, in zh-CN and English.
// Fails on 'serious' or 'critical' violations and prints what and where, so a regression
// (a low-contrast colour, an unlabelled field, a nameless link) names its element.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { demoPlatformSlugs, exitScamPlatform, reputablePlatform } from '../../db/seed/platforms.ts';
import { login, loginStaff, personas } from './helpers.ts';
import { waveTargetSlug } from '../../db/seed/early-warning-wave.ts';

async function expectNoSeriousViolations(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 2).join(' ').trim()}`).join('\n')}`);
  expect(report, `axe on ${path}`).toEqual([]);
}

const pages: Array<[name: string, path: string]> = [
  ['home', '/'],
  ['directory', '/platforms'],
  ['directory filtered by category', '/platforms?category=phone_topup'],
  ['platform page', `/platforms/${reputablePlatform.slug}`],
  ['跑路 platform page', `/platforms/${demoPlatformSlugs.exitScam}`],
  ['compare two', `/compare?p=${reputablePlatform.slug},${exitScamPlatform.slug}`],
  ['search 话费', `/search?q=${encodeURIComponent('话费')}`],
  ['log-in', '/login'],
  ['sign-up', '/signup'],
  ['ranking', '/ranking'],
  ['moderation log', '/mod/log'],
  ['ranking method', '/about/ranking'],
  ['flag reasons', '/about/flags'],
  ['English ranking', '/en/ranking'],
  ['profile', `/u/${encodeURIComponent(personas.honestBuyer.handle)}`],
  ['404', '/no-such-page'],
  ['English home', '/en/'],
  ['English platform page', `/en/platforms/${reputablePlatform.slug}`],
  ['platform page with a 预警', `/platforms/${waveTargetSlug}`],
  ['English platform page with a 预警', `/en/platforms/${waveTargetSlug}`],
];

for (const [name, path] of pages) {
  test(`axe: ${name}`, async ({ page }) => {
    if (path === '/no-such-page') {
      await page.goto(path);
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
      expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
      return;
    }
    await expectNoSeriousViolations(page, path);
  });
}

test('axe: a review page', async ({ page }) => {
  await page.goto(`/platforms/${reputablePlatform.slug}`);
  const href = await page.locator('a[href^="/reviews/"]').first().getAttribute('href');
  expect(href).toBeTruthy();
  await expectNoSeriousViolations(page, href!.split('#')[0]!);
});

test('axe: every moderator queue and the staff page (keyboard and screen-reader friendly)', async ({ page }) => {
  test.setTimeout(180_000); // nine queues, each analysed by axe on a shared 2-core machine
  await loginStaff(page, 'admin');
  for (const q of ['incidents', 'warnings', 'findings', 'flags', 'proofs', 'evidence', 'appeals', 'submissions', 'claims']) {
    await expectNoSeriousViolations(page, `/mod?queue=${q}`);
  }
  await expectNoSeriousViolations(page, '/mod/staff');
  await expectNoSeriousViolations(page, '/en/mod?queue=flags');
});

test('axe: signed-in member forms (settings with TOTP enrolment, submit a platform, evidence, facts)', async ({ page }) => {
  await login(page, personas.carefulBuyer.handle);
  await expect(page.getByRole('link', { name: personas.carefulBuyer.handle })).toBeVisible();
  for (const path of ['/settings', '/settings?totp=start', '/platforms/new', `/platforms/${demoPlatformSlugs.small}/evidence`, `/platforms/${demoPlatformSlugs.small}/facts`, '/en/settings']) {
    await expectNoSeriousViolations(page, path);
  }
});

test('axe: the flag page a 举报 link leads to (signed in), in zh-CN and English', async ({ page }) => {
  await login(page, personas.carefulBuyer.handle);
  await expect(page.getByRole('link', { name: personas.carefulBuyer.handle })).toBeVisible();
  await page.goto(`/platforms/${reputablePlatform.slug}`);
  const href = await page.locator('.review-card .flag-box a').first().getAttribute('href');
  expect(href).toMatch(/^\/mod\/flag\?kind=review&id=\d+&returnTo=/);
  await expectNoSeriousViolations(page, href!);
  await expectNoSeriousViolations(page, `/en${href!}`);
});
