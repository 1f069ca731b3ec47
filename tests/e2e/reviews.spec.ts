// With JavaScript off: post a review with a purchase-proof PNG, add a follow-up, and see the
// superseded rating on the review page; bad input keeps what was typed and says why.
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { login, loginStaff, logout, personas } from './helpers.ts';

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

  await expect(page.getByRole('heading', { name: '写追评：小鹿卡铺' })).toBeVisible();
  await page.getByLabel('现在的评分').selectOption('2');
  await page.getByLabel('结果（如适用）').selectOption('refund_refused');
  await page.getByLabel('追评内容').fill('追评：第二个月的卡密激活失败，申请退款被拒绝了。');
  await page.getByRole('button', { name: '发布追评' }).click();

  await expect(page).toHaveURL(new RegExp(`${reviewUrl}\\?followed=1`));
  await expect(page.getByText('追评已发布。')).toBeVisible();
  // Same-day follow-up (issue 18): shown at once, its rating replaces the original only a day later.
  await expect(page.locator('.superseded')).toHaveCount(0);
  await expect(page.getByText(/追评的评分满 24 小时后/).first()).toBeVisible();
  await expect(page.getByText('申请退款 → 被拒绝')).toBeVisible();
  await expect(page.getByText('当天追评').first()).toBeVisible();

  // Readers (logged out) see the original rating still (same-day follow-up) and no order number.
  await page.getByRole('button', { name: '退出' }).click();
  await page.goto(reviewUrl);
  await expect(page.locator('.superseded')).toHaveCount(0);
  await expect(page.getByText(/追评的评分满 24 小时后/).first()).toBeVisible();
  await expect(page.getByText('XL-E2E-0001')).toHaveCount(0);
  await expect(page.getByText('凭证审核中').first()).toBeVisible();
  expect((await page.request.get(proofHref!)).status()).toBe(404);
});

test('a refused proof or evidence file: the post is saved, the author is told and can add the file again (no JS)', async ({ page }) => {
  const exe = { name: 'receipt.png', mimeType: 'image/png', buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(400, 7)]) };
  const png = { name: 'pay.png', mimeType: 'image/png', buffer: await sharp({ create: { width: 40, height: 30, channels: 3, background: '#38c' } }).png().toBuffer() };
  await login(page, personas.longTimeBuyer.handle);
  await expect(page.getByRole('link', { name: personas.longTimeBuyer.handle })).toBeVisible();

  // Review: saved (green), proof refused (red, separate), the proof form is right there.
  await page.goto('/platforms/beidou-kameng/review');
  await page.getByLabel('总体评分').selectOption('2');
  await page.getByLabel('评价内容').fill('点卡到账要半小时，客服只会复制粘贴，体验一般。');
  await page.locator('#file').setInputFiles(exe);
  await page.getByRole('button', { name: '发布评价' }).click();
  await expect(page).toHaveURL(/\/reviews\/\d+\?posted=1&proofError=upload\.type/);
  await expect(page.locator('.alert-success')).toHaveText('评价已发布。');
  await expect(page.locator('.alert-error')).toContainText('凭证未上传：只支持 PNG、JPEG');
  await expect(page.getByText('点卡到账要半小时')).toBeVisible();
  await page.locator('#author-tools #file').setInputFiles(png);
  await page.getByRole('button', { name: '上传凭证' }).click();
  await expect(page.getByText('凭证审核中。')).toBeVisible();

  // Same-day follow-up: labelled 当天追评 (not "今天后追评"), under a 追评记录 heading.
  await page.getByRole('link', { name: '写追评' }).first().click();
  await page.getByLabel('现在的评分').selectOption('3');
  await page.getByLabel('追评内容').fill('当天晚些时候客服主动联系，补了一张卡。');
  await page.getByRole('button', { name: '发布追评' }).click();
  await expect(page.getByText('当天追评')).toBeVisible();
  await expect(page.getByText('今天后追评')).toHaveCount(0);
  await expect(page.getByText(/追评记录（1 条）/)).toBeVisible();
  // a same-day follow-up does not replace the rating yet (issue 18)
  await expect(page.locator('.superseded')).toHaveCount(0);
  await expect(page.locator('.follow-up-pending')).toHaveCount(1);

  // Incident: filed, evidence refused, then added from the case page.
  await page.goto('/platforms/beidou-kameng/incidents/new');
  // No kind is preselected (the first kind is 跑路): leaving it empty is a field error.
  await expect(page.getByLabel('问题类型')).toHaveValue('');
  await page.getByRole('button', { name: '提交投诉' }).click();
  await expect(page.locator('#kind-error')).toHaveText('请从列表中选择。');
  await page.getByLabel('问题类型').selectOption('refund_refused');
  await page.getByLabel('发生日期').fill('2026-11-01');
  await page.getByLabel('经过').fill('未使用的卡密申请退款，客服说已发货一律不退，聊天记录已截图。');
  await page.locator('#file').setInputFiles(exe);
  await page.getByRole('button', { name: '提交投诉' }).click();
  await expect(page).toHaveURL(/\/incidents\/KP-\d{8}-\d{4}\?filed=1&evidenceError=upload\.type/);
  await expect(page.getByText(/证据文件未上传.*可以在下方补交/)).toBeVisible();
  await page.locator('#evidence-file').setInputFiles(png);
  await page.getByRole('button', { name: '补交证据文件' }).click();
  await expect(page.getByText('证据文件已上传，只有你和审核员能看到。')).toBeVisible();
  await expect(page.getByRole('link', { name: '查看你上传的文件' })).toBeVisible();
  await expect(page.getByRole('button', { name: '补交证据文件' })).toHaveCount(0);
  await logout(page);

  // Case report (reseller): saved, proof refused, the proof form is on the same page.
  await login(page, personas.reseller2.handle);
  await expect(page.getByRole('link', { name: personas.reseller2.handle })).toBeVisible();
  await page.goto('/platforms/beidou-kameng/case-report');
  await page.getByLabel('开始合作日期').fill('2025-06-01');
  await page.getByLabel('月采购量').selectOption('1k_10k');
  await page.getByLabel('采购的商品').fill('游戏点卡');
  await page.getByLabel('售后与合作经历').fill('对接一年多，售后响应还可以，偶尔有重复卡需要人工补发。');
  await page.locator('#file').setInputFiles(exe);
  await page.getByRole('button', { name: '提交合作案例' }).click();
  await expect(page.locator('.alert-success')).toHaveText('合作案例已发布。');
  await expect(page.locator('.alert-error')).toContainText('合作案例本身已保存');
  await page.locator('#file').setInputFiles(png);
  await page.getByRole('button', { name: '上传凭证' }).click();
  await expect(page.getByText('凭证审核中。')).toBeVisible();
});

test('a refused post whose form is not on the page still says why (not a silent 403/409)', async ({ page }) => {
  await login(page, personas.newBuyer.handle);
  await expect(page.getByRole('link', { name: personas.newBuyer.handle })).toBeVisible();
  const origin = new URL(page.url()).origin;
  const post = (url: string, form: Record<string, string>) => page.request.post(url, { form, headers: { origin }, maxRedirects: 0 });

  // Not the platform's representative: no reply form, but the message is there.
  const reply = await post('/reviews/1?_action=reviews.reply', { kind: 'review', targetId: '1', body: '冒充官方回复一下' });
  expect(reply.status()).toBe(403);
  expect(await reply.text()).toContain('class="alert alert-error"');

  // Not the reporter of a seeded case: updates, resolving and evidence are refused out loud.
  await page.goto('/platforms/xingyao-card');
  const caseHref = await page.locator('#incidents a[href^="/incidents/"]').first().getAttribute('href');
  for (const [action, form] of [['incidentUpdate', { body: '我不是投诉人' }], ['incidentResolve', {}], ['incidentReply', { body: '我不是平台代表' }]] as const) {
    const res = await post(`${caseHref}?_action=reviews.${action}`, { caseNo: caseHref!.split('/').pop()!, ...form });
    expect(res.status(), action).toBe(403);
    expect(await res.text(), action).toMatch(/class="alert alert-error" role="alert">[^<]+</);
  }

  // Proof while one is already pending: 409 with 这条内容已有凭证 (the proof form is hidden then).
  await page.goto(`/u/${encodeURIComponent(personas.newBuyer.handle)}`);
  const reviewHref = await page.locator('article.review-card .review-meta a[href^="/reviews/"]').first().getAttribute('href');
  const id = reviewHref!.split('/').pop()!;
  expect([303, 409]).toContain((await post(`${reviewHref}?_action=reviews.addProof`, { reviewId: id, orderNumber: 'E2E-ORDER-1' })).status());
  const again = await post(`${reviewHref}?_action=reviews.addProof`, { reviewId: id, orderNumber: 'E2E-ORDER-2' });
  expect(again.status()).toBe(409);
  expect(await again.text()).toContain('这条内容已有凭证在审核或已通过。');

  // A second representative claim: 409, and the page says so above the pending state.
  const claimForm = { platformId: '', evidence: '我是该平台的客服，可以在官网公告发布验证码。' };
  await page.goto('/platforms/yunque-kapu/claim');
  claimForm.platformId = (await page.locator('input[name=platformId]').getAttribute('value'))!;
  expect((await post('/platforms/yunque-kapu/claim?_action=reviews.claim', claimForm)).status()).toBe(303);
  const second = await post('/platforms/yunque-kapu/claim?_action=reviews.claim', claimForm);
  expect(second.status()).toBe(409);
  expect(await second.text()).toMatch(/class="alert alert-error" role="alert">[^<]+</);
});

test('a session that expires while writing keeps the text on the page (no JS)', async ({ page }) => {
  await login(page, personas.carefulBuyer.handle);
  await expect(page.getByRole('link', { name: personas.carefulBuyer.handle })).toBeVisible();
  await page.goto('/platforms/lanjing-kameng/review');
  await page.getByLabel('总体评分').selectOption('4');
  const draft = '写了很久的一段评价：到账快，客服耐心，退款也顺利，就是页面广告有点多。';
  await page.getByLabel('评价内容').fill(draft);
  await page.context().clearCookies();
  await page.getByRole('button', { name: '发布评价' }).click();
  await expect(page).toHaveURL(/\/platforms\/lanjing-kameng\/review/);
  await expect(page.getByText('你写的内容还在下面，没有丢失。')).toBeVisible();
  await expect(page.getByLabel('评价内容')).toHaveValue(draft);
  await expect(page.getByLabel('总体评分')).toHaveValue('4');
  await expect(page.getByRole('link', { name: '在新标签页登录' })).toHaveAttribute('href', /\/login\?next=/);

  // Log in again (as a new tab would) and submit the same page: it is saved.
  const tab = await page.context().newPage();
  await login(tab, personas.carefulBuyer.handle);
  await expect(tab.getByRole('link', { name: personas.carefulBuyer.handle })).toBeVisible();
  await tab.close();
  await page.getByRole('button', { name: '发布评价' }).click();
  await expect(page).toHaveURL(/\/reviews\/\d+\?posted=1/);
  await expect(page.getByText(draft)).toBeVisible();

  // The same on the edit page.
  await page.getByRole('link', { name: '编辑或删除' }).click();
  const edited = `${draft}（补充：广告后来少了。）`;
  await page.getByLabel('评价内容').fill(edited);
  await page.context().clearCookies();
  await page.getByRole('button', { name: '保存修改' }).click();
  await expect(page.getByText('你写的内容还在下面，没有丢失。')).toBeVisible();
  await expect(page.getByLabel('评价内容')).toHaveValue(edited);

  // And on the incident form.
  await login(page, personas.carefulBuyer.handle);
  await page.goto('/platforms/lanjing-kameng/incidents/new');
  const story = '十一月初买的卡密全部无效，客服说查一下就再也没回复，订单截图都在。';
  await page.getByLabel('经过').fill(story);
  await page.context().clearCookies();
  await page.getByRole('button', { name: '提交投诉' }).click();
  await expect(page.getByText('你写的内容还在下面，没有丢失。')).toBeVisible();
  await expect(page.getByLabel('经过')).toHaveValue(story);
});

test('a follow-up on someone else\'s review is refused (403)', async ({ page }) => {
  await login(page, personas.newBuyer.handle);
  await expect(page.getByRole('link', { name: personas.newBuyer.handle })).toBeVisible();
  const res = await page.goto('/reviews/1/follow-up');
  expect(res?.status()).toBe(403);
  await expect(page.getByText('只有作者本人可以这样做。')).toBeVisible();
});

test('vote, edit, delete, incident with updates, case report gate, claim (no JS)', async ({ page }) => {
  await login(page, personas.carefulBuyer.handle);
  await expect(page.getByRole('link', { name: personas.carefulBuyer.handle })).toBeVisible();

  // Vote on someone else's review from the platform page; the button shows the vote.
  await page.goto('/platforms/xingyao-card?sort=newest');
  const card = page.locator('article.review-card').filter({ hasText: '考研网课兑换码' });
  await card.getByRole('button', { name: /^有用/ }).first().click();
  await expect(page).toHaveURL(/\/platforms\/xingyao-card\?sort=newest/);
  await expect(page.locator('article.review-card').filter({ hasText: '考研网课兑换码' }).locator('button.vote.on')).toHaveCount(1);

  // Filters work as a plain GET form.
  await page.getByLabel('只看有追评').check();
  await page.getByRole('button', { name: '筛选' }).click();
  await expect(page).toHaveURL(/followups=1/);
  await expect(page.locator('article.review-card').first().getByText('有追评')).toBeVisible();
  // An empty filter result or a page past the end offers the way back.
  await page.goto('/platforms/xingyao-card?rating=1&category=other');
  await expect(page.locator('article.review-card')).toHaveCount(0);
  await page.getByRole('link', { name: '清除筛选，看全部评价' }).click();
  await expect(page.locator('article.review-card').first()).toBeVisible();
  await page.goto('/platforms/xingyao-card?sort=newest&page=99');
  await page.getByRole('link', { name: '回到第 1 页' }).click();
  await expect(page).toHaveURL(/sort=newest/);
  await expect(page.locator('article.review-card').first()).toBeVisible();

  // A new review, then edit it and delete it (tombstone).
  await page.goto('/platforms/haoping-ka/review');
  await page.getByLabel('总体评分').selectOption('3');
  await page.getByLabel('评价内容').fill('到账还算及时，但客服一直引导我写好评返现，这点不好。');
  await page.getByRole('button', { name: '发布评价' }).click();
  await expect(page).toHaveURL(/\/reviews\/\d+\?posted=1/);
  const reviewPath = new URL(page.url()).pathname;
  await page.getByRole('link', { name: '编辑或删除' }).click();
  await page.getByLabel('总体评分').selectOption('2');
  await page.getByLabel('评价内容').fill('改一下：客服反复引导写好评返现，还不肯开发票，降为两星。');
  await page.getByRole('button', { name: '保存修改' }).click();
  await expect(page.getByText('修改已保存。')).toBeVisible();
  await expect(page.getByText('降为两星')).toBeVisible();
  await expect(page.getByText('已编辑')).toBeVisible();
  await page.goto(`${reviewPath}/edit`);
  await page.getByRole('button', { name: '删除评价' }).click();
  await expect(page.getByText('请勾选确认后再删除。')).toBeVisible();
  await page.getByLabel('我确认删除这条评价').check();
  await page.getByRole('button', { name: '删除评价' }).click();
  await expect(page.getByText('此评价已被作者删除。')).toBeVisible();
  await expect(page.getByText('降为两星')).toHaveCount(0);

  // An incident: file it, add an update, resolve it.
  await page.goto('/platforms/xiaolu-kapu/incidents/new');
  await page.getByLabel('问题类型').selectOption('invalid_keys');
  await page.getByLabel('发生日期').fill('2026-11-01');
  await page.getByLabel('涉及金额（元，选填）').fill('abc');
  await page.getByLabel('经过').fill('买的三张音乐会员卡密都提示已被使用，联系站长暂时没有回复。');
  await page.getByRole('button', { name: '提交投诉' }).click();
  await expect(page.getByText('请输入有效金额（元），例如 199.00。')).toBeVisible();
  await expect(page.getByLabel('经过')).toHaveValue(/三张音乐会员卡密/);
  await page.getByLabel('涉及金额（元，选填）').fill('45');
  await page.getByRole('button', { name: '提交投诉' }).click();
  await expect(page).toHaveURL(/\/incidents\/KP-\d{8}-\d{4}\?filed=1/);
  await expect(page.getByText(/投诉已提交，案件编号 KP-/)).toBeVisible();
  await page.getByLabel('补充说明').fill('补充：站长回复说明天补发。');
  await page.getByRole('button', { name: '发布补充' }).click();
  await expect(page.getByText('补充：站长回复说明天补发。')).toBeVisible();
  await page.getByRole('button', { name: '标记为已解决' }).click();
  await expect(page.locator('h1').getByText('已解决')).toBeVisible();

  // Case reports are for resellers only; the claim form creates a pending claim.
  const gate = await page.goto('/platforms/xingyao-card/case-report');
  expect(gate?.status()).toBe(403);
  await expect(page.getByRole('link', { name: '去账号设置声明分销商身份' })).toBeVisible();
  await page.goto('/platforms/xiaolu-kapu/claim');
  await page.getByLabel('证明材料').fill('我是小鹿卡铺的客服，可以在官网公告发布验证码。');
  await page.getByRole('button', { name: '提交认领申请' }).click();
  await expect(page.getByText('认领申请已提交，等待审核员核对。')).toBeVisible();
  await expect(page.getByText('你的认领申请正在审核。')).toBeVisible();

  // A moderator still sees the deleted review's text and its edit history.
  await logout(page);
  await loginStaff(page, personas.moderator.handle);
  await page.goto(reviewPath);
  await expect(page.getByText('此评价已被作者删除。')).toBeVisible();
  await expect(page.getByRole('heading', { name: '修改记录（仅审核员可见）' })).toBeVisible();
  await expect(page.getByText('到账还算及时，但客服一直引导我写好评返现，这点不好。')).toBeVisible();
  await expect(page.getByText(/降为两星/)).toBeVisible();
});

test('own review: no vote buttons; English pages; official reply shown', async ({ page }) => {
  await login(page, personas.honestBuyer.handle);
  await expect(page.getByRole('link', { name: personas.honestBuyer.handle })).toBeVisible();
  await page.goto('/reviews/1');
  await expect(page.locator('button.vote')).toHaveCount(0);
  await page.goto('/en/platforms/xingyao-card?sort=lowest');
  await expect(page.getByRole('heading', { name: /Reviews/ })).toBeVisible();
  await expect(page.getByText('Official reply').first()).toBeVisible();
  // English text is English: no full-width colon before the product name, "1 star" singular.
  await expect(page.getByText('Bought: Video memberships: 视频会员年卡').first()).toBeVisible();
  await expect(page.locator('.review-bought').filter({ hasText: '：' })).toHaveCount(0);
  await expect(page.locator('select[name=rating] option[value="1"]')).toHaveText('1 star');
  await page.goto('/en/incidents/' + (await page.locator('a[href*="/incidents/KP-"]').first().getAttribute('href'))!.split('/incidents/')[1]);
  await expect(page.getByRole('heading', { name: 'Status history' })).toBeVisible();
});
