// Issue 17, items 4 and 7 in a real browser: Lighthouse (SEO and accessibility, run here against
// Debian's Chromium with no network: every audit it needs is local) on the home page, a platform
// page and /ranking, scores printed and 100 asserted; axe on the same pages in the dark theme;
// screenshots of the platform page at desktop and phone widths in both themes.
import AxeBuilder from '@axe-core/playwright';
import { chromium, expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import lighthouse from 'lighthouse';
import { reputablePlatform } from '../../db/seed/platforms.ts';

const audited: Array<[name: string, path: string]> = [
  ['home', '/'],
  ['platform page', `/platforms/${reputablePlatform.slug}`],
  ['ranking', '/ranking'],
  ['English platform page', `/en/platforms/${reputablePlatform.slug}`],
];

/** Chrome's DevTools port for Lighthouse: inside the seo branch's range (4550–4559). */
const debuggingPort = Number(process.env.LIGHTHOUSE_PORT ?? 4553);

test.describe('Lighthouse', () => {
  test.describe.configure({ timeout: 240_000 });
  for (const [name, pagePath] of audited) {
    test(`Lighthouse SEO and accessibility 100: ${name}`, async ({ baseURL }) => {
      const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--remote-debugging-port=${debuggingPort}`],
      });
      try {
        const result = await lighthouse(`${baseURL}${pagePath}`, {
          port: debuggingPort, output: 'json', logLevel: 'error', onlyCategories: ['seo', 'accessibility'],
          // Desktop, no simulated throttling: only SEO and accessibility are scored here.
          formFactor: 'desktop', screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false },
          throttlingMethod: 'provided',
        });
        const lhr = result!.lhr;
        const scores = Object.fromEntries(Object.entries(lhr.categories).map(([k, c]) => [k, Math.round((c.score ?? 0) * 100)]));
        console.log(`lighthouse ${name} (${pagePath}): SEO ${scores.seo}, accessibility ${scores.accessibility}`);
        const failing = Object.values(lhr.categories).flatMap((c) => c.auditRefs)
          .map((r) => lhr.audits[r.id]!)
          .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual' && a.scoreDisplayMode !== 'notApplicable')
          .map((a) => `${a.id}: ${a.title}`);
        expect(failing, `${name}: failing audits`).toEqual([]);
        expect(scores).toEqual({ seo: 100, accessibility: 100 });
      } finally {
        await browser.close();
      }
    });
  }
});

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 2).join(' ').trim()}`).join('\n')}`);
}

test.describe('dark theme', () => {
  test.use({ colorScheme: 'dark' });
  for (const [name, pagePath] of [...audited, ['directory', '/platforms'], ['log-in', '/login'], ['moderation log', '/mod/log']] as const) {
    test(`axe in the dark theme: ${name}`, async ({ page }) => {
      const res = await page.goto(pagePath);
      expect(res?.status()).toBe(200);
      // The dark palette is in force (not the light one under a dark UI).
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(15, 20, 25)');
      expect(await seriousViolations(page), `axe (dark) on ${pagePath}`).toEqual([]);
    });
  }
});

test('screenshots of the platform page: 1280 and 390 px, light and dark', async ({ browser }) => {
  test.setTimeout(120_000);
  const dir = path.resolve('.cache/e2e/screens');
  mkdirSync(dir, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    for (const width of [1280, 390]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, locale: 'zh-CN' });
      const page = await context.newPage();
      await page.goto(`/platforms/${reputablePlatform.slug}`);
      await page.screenshot({ path: path.join(dir, `platform-${width}-${scheme}.png`), fullPage: false });
      await page.locator('#embed').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(dir, `platform-${width}-${scheme}-embed.png`) });
      // No horizontal scrolling at phone width (the embed code wraps inside its box).
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `${width} ${scheme}`).toBe(true);
      await context.close();
    }
  }
});

test('print styles leave navigation and forms out', async ({ page }) => {
  await page.goto(`/platforms/${reputablePlatform.slug}`);
  await page.emulateMedia({ media: 'print' });
  expect(await page.locator('.main-nav').isVisible()).toBe(false);
  expect(await page.locator('#embed').isVisible()).toBe(false);
  expect(await page.locator('h1').isVisible()).toBe(true);
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
});
