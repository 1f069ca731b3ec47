import { expect, test } from '@playwright/test';
import { base32Decode, e2eMailDir, login, logout, signUp, uniqueHandle } from './helpers.ts';
import { tokenFromMailDir } from '../helpers/mail-files.ts';
import { totpCodeAtStep, totpStep } from '../../src/server/accounts/totp.ts';

test('sign up, log out, log in, enable TOTP, log in with TOTP', async ({ page }) => {
  const handle = uniqueHandle('alice');
  const password = 'e2e password long';
  await signUp(page, handle, password);
  await logout(page);

  await login(page, handle, password);
  await expect(page.getByRole('link', { name: handle })).toBeVisible();

  await page.goto('/settings');
  await page.getByRole('link', { name: '启用两步验证' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  const key = base32Decode(secret);
  // a mistyped code keeps the key already scanned
  await page.getByLabel('输入 App 显示的 6 位码以确认').fill('000000');
  await page.getByRole('button', { name: '确认启用' }).click();
  await expect(page.locator('#totp-code-error')).toBeVisible();
  await expect(page.getByTestId('totp-secret')).toHaveText(secret);
  const step = totpStep(Date.now());
  await page.getByLabel('输入 App 显示的 6 位码以确认').fill(totpCodeAtStep(key, step));
  await page.getByRole('button', { name: '确认启用' }).click();
  await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
  await logout(page);

  await login(page, handle, password);
  await expect(page).toHaveURL(/\/login\/totp/);
  // Until the second factor, nobody is signed in.
  await expect(page.getByRole('link', { name: handle })).toHaveCount(0);
  // The enrolment code's step was used: wait for the next one.
  await page.waitForTimeout(Math.max(0, (step + 1) * 30_000 - Date.now() + 300));
  await page.getByLabel(/动态验证码/).fill(totpCodeAtStep(key, totpStep(Date.now())));
  await page.getByRole('button', { name: '验证' }).click();
  await expect(page.getByRole('link', { name: handle })).toBeVisible();
});

test('field errors are shown next to the field, in Chinese and in English, and input is kept', async ({ page }) => {
  await page.goto('/signup');
  await page.getByLabel('昵称（登录名）').fill('x');
  await page.getByLabel('邮箱').fill('not-an-email');
  await page.getByLabel('密码').fill('123');
  await page.getByRole('button', { name: '注册' }).click();
  await expect(page.locator('#email-error')).toHaveText('请输入有效的邮箱地址。');
  await expect(page.locator('#password-error')).toHaveText('密码至少 10 个字符。');
  await expect(page.getByLabel('邮箱')).toHaveValue('not-an-email');

  await page.goto('/en/signup');
  await page.getByLabel('Handle').fill('valid_handle');
  await page.getByLabel('E-mail').fill('still-bad');
  await page.getByLabel('Password').fill('123');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page.locator('#email-error')).toHaveText('Enter a valid e-mail address.');
});

test('a wrong password does not say which part was wrong', async ({ page }) => {
  await login(page, '老王买卡', 'definitely wrong password');
  await expect(page.getByRole('alert')).toHaveText('账号或密码不正确。');
  await login(page, 'no_such_user_here', 'definitely wrong password');
  await expect(page.getByRole('alert')).toHaveText('账号或密码不正确。');
});

test('log out all sessions: every session ends and the log-in page says so', async ({ page, browser }) => {
  const handle = uniqueHandle('bob');
  await signUp(page, handle);
  await page.goto('/settings');
  // a second device
  const other = await browser.newContext({ locale: 'zh-CN', baseURL: test.info().project.use.baseURL });
  const otherPage = await other.newPage();
  await login(otherPage, handle, 'e2e password long');
  await expect(otherPage.getByRole('link', { name: handle })).toBeVisible();

  await page.getByRole('button', { name: '退出所有设备' }).click();
  await expect(page).toHaveURL(/\/login\?signedOut=all/);
  await expect(page.getByRole('status')).toContainText('已退出所有设备上的登录');
  await expect(page.getByRole('link', { name: '登录' })).toBeVisible();
  await otherPage.goto('/settings');
  await expect(otherPage).toHaveURL(/\/login/);
  await other.close();
});

test('forgot password: the same answer for any address; the mailed link sets a new password once', async ({ page }) => {
  const handle = uniqueHandle('reset');
  await signUp(page, handle);
  await logout(page);
  for (const address of [`${handle}@e2e.example`, `nobody_${handle}@e2e.example`]) {
    await page.goto('/login');
    await page.getByRole('link', { name: '忘记密码？' }).click();
    await page.getByLabel('邮箱').fill(address);
    await page.getByRole('button', { name: '发送链接' }).click();
    await expect(page.getByRole('status')).toHaveText(/如果这个邮箱注册过靠谱账号/);
  }
  const token = await tokenFromMailDir(e2eMailDir, `${handle}@e2e.example`, '/reset-password');
  await page.goto(`/reset-password?token=${encodeURIComponent(token)}`);
  await page.getByLabel('新密码').fill('short');
  await page.getByRole('button', { name: '保存新密码' }).click();
  await expect(page.locator('#newPassword-error')).toHaveText('密码至少 10 个字符。');
  await page.getByLabel('新密码').fill('a fresh e2e password');
  await page.getByRole('button', { name: '保存新密码' }).click();
  await expect(page.getByRole('status')).toContainText('密码已重设');
  await login(page, handle, 'a fresh e2e password');
  await expect(page.getByRole('link', { name: handle })).toBeVisible();
  await page.goto(`/reset-password?token=${encodeURIComponent(token)}`);
  await expect(page.getByRole('alert')).toHaveText(/链接无效、已过期或已经用过/);
});
