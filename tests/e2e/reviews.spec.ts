// With JavaScript off: post a review with a purchase-proof PNG, add a follow-up, and see the
// superseded rating on the review page; bad input keeps what was typed and says why.
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { login, personas } from './helpers.ts';

test.use({ javaScriptEnabled: false });

const body = '第一次在小鹿买音乐会员，付款后一分钟就收到卡密，激活正常。站长回复也很快。';

test('review with proof, follow-up, superseded rating (no JS)', async ({ page }) => {
  const png = await sharp({ create: { width: 48, height: 32, channels: 3, background: '#2a7' } }).png().toBuffer();
  await login(page, personas.newBuyer.handle);
  await expect(page.getByRole('link', { name: personas.newBuyer.handle })).toBeVisible();

  await page.goto('/platforms/xiaolu-kapu/review');
  await expect(page.getByRole('heading', { name: /评价 小鹿卡铺/ })).toBeVisible();

  // Bad input first: no rating → a field error, and the body typed so far is kept.
  await page.getByLabel('评价内容').fill(body);
  await page.getByRole('button', { name: '发布评价' }).click();
  await expect(page.getByText('评分须为 1 到 5 星。').first()).toBeVisible();
  await expect(page.getByLabel('评价内容')).toHaveValue(body);

  await page.getByLabel('总体评分').selectOption('5');
  await page.getByLabel('服务').selectOption('5');
  await page.getByLabel('购买品类').selectOption('video_memberships');
  await page.getByLabel('商品名称（选填）').fill('音乐会员月卡');
  await page.getByLabel('订单号（不会公开）').fill('XL-E2E-0001');
  await page.locator('#file').setInputFiles({ name: 'pay.png', mimeType: 'image/png', buffer: png });
  await page.getByRole('button', { name: '发布评价' }).click();

  await expect(page).toHaveURL(/\/reviews\/\d+\?posted=1/);
  await expect(page.getByText('评价已发布。')).toBeVisible();
  await expect(page.getByText('凭证审核中。')).toBeVisible();
  await expect(page.getByText(body)).toBeVisible();
  const reviewUrl = new URL(page.url()).pathname;

  // The uploaded proof is readable by its owner only.
  const proofHref = await page.getByRole('link', { name: '查看你上传的文件' }).getAttribute('href');
  const own = await page.request.get(proofHref!);
  expect(own.status()).toBe(200);
  expect(own.headers()['content-type']).toBe('image/png');

  // A second review on the same platform is refused with a link to a follow-up instead.
  await page.goto('/platforms/xiaolu-kapu/review');
  await expect(page.getByText('你已经评价过这个平台。')).toBeVisible();
  await page.getByRole('link', { name: '去写追评' }).click();

  await expect(page.getByRole('heading', { name: '写追评' })).toBeVisible();
  await page.getByLabel('现在的评分').selectOption('2');
  await page.getByLabel('结果（如适用）').selectOption('refund_refused');
  await page.getByLabel('评价内容').fill('追评：第二个月的卡密激活失败，申请退款被拒绝了。');
  await page.getByRole('button', { name: '发布追评' }).click();

  await expect(page).toHaveURL(new RegExp(`${reviewUrl}\\?followed=1`));
  await expect(page.getByText('追评已发布。')).toBeVisible();
  await expect(page.getByText('追评后 2 星（原评 5 星）')).toBeVisible();
  await expect(page.getByText('申请退款 → 被拒绝')).toBeVisible();
  await expect(page.getByText(/后追评/).first()).toBeVisible();

  // Readers (logged out) see the superseded rating and no order number.
  await page.getByRole('button', { name: '退出' }).click();
  await page.goto(reviewUrl);
  await expect(page.getByText('追评后 2 星（原评 5 星）')).toBeVisible();
  await expect(page.getByText('XL-E2E-0001')).toHaveCount(0);
  await expect(page.getByText('凭证审核中').first()).toBeVisible();
  expect((await page.request.get(proofHref!)).status()).toBe(404);
});

test('a follow-up on someone else\'s review is refused (403)', async ({ page }) => {
  await login(page, personas.newBuyer.handle);
  await expect(page.getByRole('link', { name: personas.newBuyer.handle })).toBeVisible();
  const res = await page.goto('/reviews/1/follow-up');
  expect(res?.status()).toBe(403);
  await expect(page.getByText('只有作者本人可以这样做。')).toBeVisible();
});
