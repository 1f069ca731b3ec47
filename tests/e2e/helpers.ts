// Shared e2e helpers: demo personas, log-in (with TOTP for staff), form helpers.
import { expect, type Page } from '@playwright/test';
import { demoPassword, demoStaffTotpKeyBase32, personas } from '../../db/seed/personas.ts';
import { totpCodeAtStep, totpStep } from '../../src/server/accounts/totp.ts';
import { tokenFromMailDir } from '../helpers/mail-files.ts';
import path from 'node:path';

export { demoPassword, personas };

export function base32Decode(s: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of s.toUpperCase().replace(/=+$/, '').replace(/\s+/g, '')) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return new Uint8Array(out);
}

const lastStepByKey = new Map<string, number>();

/** A fresh TOTP code for a base32 key; waits for the next 30 s step if this one was used (replay protection). */
export async function freshTotpCode(keyBase32: string): Promise<string> {
  let step = totpStep(Date.now());
  if ((lastStepByKey.get(keyBase32) ?? -1) >= step) {
    const waitMs = (step + 1) * 30_000 - Date.now() + 250;
    await new Promise((r) => setTimeout(r, waitMs));
    step = totpStep(Date.now());
  }
  lastStepByKey.set(keyBase32, step);
  return totpCodeAtStep(base32Decode(keyBase32), step);
}

export async function login(page: Page, identifier: string, password = demoPassword): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('邮箱或昵称').fill(identifier);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Log in a demo moderator/admin: password, then the TOTP step. */
export async function loginStaff(page: Page, handle: string): Promise<void> {
  await login(page, handle);
  await expect(page).toHaveURL(/\/login\/totp/);
  await page.getByLabel(/动态验证码/).fill(await freshTotpCode(demoStaffTotpKeyBase32));
  await page.getByRole('button', { name: '验证' }).click();
  await expect(page.getByRole('link', { name: handle })).toBeVisible();
}

export async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: '退出', exact: true }).click();
  await expect(page.getByRole('link', { name: '登录' })).toBeVisible();
}

let counter = 0;
/** A unique handle for accounts made during a run. */
export function uniqueHandle(prefix = 'e2e'): string {
  counter++;
  return `${prefix}_${Date.now().toString(36)}${counter}`;
}

/** Where the e2e server writes its mail (.eml files; no SMTP_URL in tests): see playwright.config.ts. */
export const e2eMailDir = path.join(process.env.E2E_DATA_DIR ?? '.cache/e2e/data', 'mail');

/** Sign up as a person does: the form, the link in the mail, then log in. Ends signed in. */
export async function signUp(page: Page, handle: string, password = 'e2e password long'): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('昵称（登录名）').fill(handle);
  await page.getByLabel('邮箱').fill(`${handle}@e2e.example`);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '注册' }).click();
  await expect(page.getByRole('heading', { name: '请查收邮件' })).toBeVisible();
  const token = await tokenFromMailDir(e2eMailDir, `${handle}@e2e.example`, '/verify-email');
  await page.goto(`/verify-email?token=${encodeURIComponent(token)}`);
  await page.getByRole('button', { name: '确认邮箱' }).click();
  await expect(page.getByRole('status').filter({ hasText: '邮箱已确认' })).toBeVisible();
  await login(page, handle, password);
  await expect(page.getByRole('link', { name: handle })).toBeVisible();
}
