// Account actions (controllers): validate, limit, call the service, set cookies, and drop the
// pages the service names once its transaction has committed.
import { ActionError, defineAction } from 'astro:actions';
import { z } from 'astro/zod';
import type { ActionAPIContext } from 'astro:actions';
import * as accounts from '../server/accounts/account.service.ts';
import * as accountMail from '../server/accounts/account-mail.service.ts';
import { isWellFormedInput, normaliseIdentifier } from '../server/content/text.ts';
import { encodeMessage } from '../server/errors.ts';
import { registrationFingerprint } from '../server/accounts/fingerprint.ts';
import { sessionCookieName, sessionCookieOptions } from '../server/accounts/session-token.ts';
import { clientIp } from '../server/http/request.ts';
import { encodeError, invalidated, limit, refuseIfLimited, requireUser, run, secret, text, checkbox } from './_shared.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { deviceCookieMaxAgeSeconds, deviceCookieName, issueDeviceToken, verifyDeviceToken } from '../server/accounts/device-cookie.ts';
import { gateLogin } from '../server/accounts/login-throttle.ts';

function setSessionCookie(ctx: ActionAPIContext, token: string, expiresAtMs: number): void {
  ctx.cookies.set(
    sessionCookieName(ctx.locals.secure),
    token,
    sessionCookieOptions({ secure: ctx.locals.secure, maxAgeSeconds: (expiresAtMs - Date.now()) / 1000 }),
  );
}

/** Mail context for the account-mail flows: links use PUBLIC_ORIGIN, never a Host header (mailLinkOrigin). */
function mailContext(ctx: ActionAPIContext): accountMail.MailContext {
  const { config, mailer } = ctx.locals.rt;
  return { mailer, origin: accountMail.mailLinkOrigin(config.publicOrigin, ctx.url, config.port), nowMs: Date.now() };
}

/** One mail budget per address, whether or not it has an account (so the limit tells nothing either). */
async function limitMailTo(ctx: ActionAPIContext, address: string): Promise<void> {
  await limit(ctx, 'mail', 'ip');
  await limit(ctx, 'mail', 'account', `mail:${normaliseIdentifier(address).slice(0, 254)}`);
}

function clearSessionCookie(ctx: ActionAPIContext): void {
  ctx.cookies.delete(sessionCookieName(ctx.locals.secure), { path: '/' });
}

export const auth = {
  signup: defineAction({
    accept: 'form',
    // Presence and length are left to the service (limits there: 32, 254, 256), which checks
    // all three fields at once: the form then shows every field's error, not only the first.
    // The bound here only stops absurd bodies before any work.
    input: z.object({ handle: text({ max: 10_000, required: false }), email: text({ max: 10_000, required: false }), password: z.preprocess((v) => v ?? '', z.string({ error: 'field.invalid' }).max(10_000, { error: encodeMessage('field.tooLong', { max: 256 }) }).refine(isWellFormedInput, { error: 'field.invalidUtf8' })) }),
    handler: (input, ctx) =>
      run(async () => {
        await limit(ctx, 'signup', 'ip');
        const { db } = ctx.locals.rt;
        const fingerprint = registrationFingerprint(
          { ip: clientIp(ctx, ctx.locals.rt.config.trustedProxies), userAgent: ctx.request.headers.get('user-agent'), acceptLanguage: ctx.request.headers.get('accept-language') },
          ctx.locals.rt.config.appSecret,
        );
        if (input.email) await limitMailTo(ctx, input.email);
        // No session here: the account waits for the link mailed to the address, and an
        // address that already had an account gets the same answer (account.service signUp).
        await accounts.signUp(db, { ...input, fingerprint, locale: ctx.locals.locale }, mailContext(ctx));
        return { sent: true };
      }),
  }),

  login: defineAction({
    accept: 'form',
    input: z.object({ identifier: text({ max: 254 }), password: secret(256) }),
    handler: (input, ctx) =>
      run(async () => {
        const { db, rateLimits, config } = ctx.locals.rt;
        const deviceCookie = deviceCookieName(ctx.locals.secure);
        const device = verifyDeviceToken(config.appSecret, ctx.cookies.get(deviceCookie)?.value);
        const gate = await gateLogin(rateLimits, {
          ipKey: ctx.locals.ipKey,
          identifierKey: normaliseIdentifier(input.identifier),
          accountId: await accounts.loginAccountId(db, input.identifier),
          device,
        });
        if (gate.kind === 'refused') refuseIfLimited(gate.result);
        else if (gate.delayMs > 0) await sleep(gate.delayMs);
        const { account, needsTotp } = await accounts.verifyCredentials(db, input.identifier, input.password);
        const { token, session } = await accounts.createSession(db, account.id, false, Date.now());
        setSessionCookie(ctx, token, session.expiresAtMs);
        // This browser is now a known device of the account (login-throttle.ts). One per browser:
        // logging in to another account here moves it.
        if (device?.accountId !== account.id) {
          ctx.cookies.set(deviceCookie, issueDeviceToken(config.appSecret, account.id), {
            httpOnly: true, sameSite: 'lax', path: '/', secure: ctx.locals.secure, maxAge: deviceCookieMaxAgeSeconds,
          });
        }
        return { needsTotp, staff: account.role !== 'member' };
      }),
  }),

  totp: defineAction({
    accept: 'form',
    input: z.object({ code: text({ max: 32 }) }),
    handler: (input, ctx) =>
      run(async () => {
        const session = ctx.locals.session;
        const accountId = ctx.locals.pendingTotpAccountId;
        if (!session || !accountId) throw new ActionError({ code: 'UNAUTHORIZED', message: encodeError('error.sessionExpired') });
        await limit(ctx, 'totp', 'account', String(accountId));
        const role = await accounts.verifySecondFactor(ctx.locals.rt.db, ctx.locals.rt.totpBox, session.id, accountId, input.code, Date.now());
        // Staff land on the moderation desk when no page asked to be returned to.
        return { ok: true, staff: role !== 'member' };
      }),
  }),

  logout: defineAction({
    accept: 'form',
    handler: async (_input, ctx) => {
      if (ctx.locals.session) invalidated(await accounts.logOut(ctx.locals.rt.db, ctx.locals.session.id));
      clearSessionCookie(ctx);
      return { ok: true };
    },
  }),

  logoutAll: defineAction({
    accept: 'form',
    handler: (_input, ctx) =>
      run(async () => {
        const user = requireUser(ctx);
        invalidated(await accounts.logOutAll(ctx.locals.rt.db, user.id));
        clearSessionCookie(ctx);
        return { ok: true };
      }),
  }),

  changePassword: defineAction({
    accept: 'form',
    // Presence is checked by the service with the rest, so every field's error shows at once.
    input: z.object({ currentPassword: secret(256, { required: false }), newPassword: secret(256, { required: false }) }),
    handler: (input, ctx) =>
      run(async () => {
        const user = requireUser(ctx);
        await limit(ctx, 'login', 'account', `pw:${user.id}`);
        invalidated(await accounts.changePassword(ctx.locals.rt.db, user, input.currentPassword, input.newPassword, ctx.locals.session!.id));
        return { ok: true };
      }),
  }),

  totpConfirm: defineAction({
    accept: 'form',
    input: z.object({ sealedKey: text({ max: 512 }), code: text({ max: 16 }) }),
    handler: (input, ctx) =>
      run(async () => {
        const user = requireUser(ctx);
        await limit(ctx, 'totp', 'account', String(user.id));
        const codes = await accounts.confirmTotpEnrolment(ctx.locals.rt.db, ctx.locals.rt.totpBox, user.id, input.sealedKey, input.code, Date.now());
        return { recoveryCodes: codes };
      }),
  }),

  totpDisable: defineAction({
    accept: 'form',
    input: z.object({ currentPassword: secret(256) }),
    handler: (input, ctx) =>
      run(async () => {
        const user = requireUser(ctx);
        await limit(ctx, 'login', 'account', `pw:${user.id}`);
        await accounts.verifyCredentials(ctx.locals.rt.db, user.email, input.currentPassword).catch(() => {
          throw new ActionError({ code: 'BAD_REQUEST', message: encodeError('settings.wrongPassword', 'currentPassword') });
        });
        await accounts.disableTotp(ctx.locals.rt.db, user);
        return { ok: true };
      }),
  }),

  profile: defineAction({
    accept: 'form',
    input: z.object({ isReseller: checkbox }),
    handler: (input, ctx) =>
      run(async () => {
        const user = requireUser(ctx);
        await accounts.setResellerFlag(ctx.locals.rt.db, user.id, input.isReseller);
        return { ok: true };
      }),
  }),

  verifyEmail: defineAction({
    accept: 'form',
    input: z.object({ token: text({ max: 128 }) }),
    handler: (input, ctx) =>
      run(async () => {
        await limit(ctx, 'login', 'ip', undefined, { failOpen: true });
        invalidated(await accountMail.verifyEmail(ctx.locals.rt.db, input.token, Date.now()));
        return { ok: true };
      }),
  }),

  forgotPassword: defineAction({
    accept: 'form',
    input: z.object({ email: text({ max: 254 }) }),
    handler: (input, ctx) =>
      run(async () => {
        await limitMailTo(ctx, input.email);
        await accountMail.requestPasswordReset(ctx.locals.rt.db, mailContext(ctx), input.email);
        return { ok: true };
      }),
  }),

  resetPassword: defineAction({
    accept: 'form',
    input: z.object({ token: text({ max: 128 }), newPassword: secret(256, { required: false }) }),
    handler: (input, ctx) =>
      run(async () => {
        await limit(ctx, 'login', 'ip', undefined, { failOpen: true });
        invalidated(await accountMail.resetPassword(ctx.locals.rt.db, input.token, input.newPassword, Date.now()));
        // This browser's session ended with the others.
        clearSessionCookie(ctx);
        return { ok: true };
      }),
  }),

  requestEmailChange: defineAction({
    accept: 'form',
    input: z.object({ newEmail: text({ max: 10_000, required: false }), currentPassword: secret(256, { required: false }) }),
    handler: (input, ctx) =>
      run(async () => {
        const user = requireUser(ctx);
        await limit(ctx, 'login', 'account', `pw:${user.id}`);
        if (input.newEmail) await limitMailTo(ctx, input.newEmail);
        await accountMail.requestEmailChange(ctx.locals.rt.db, mailContext(ctx), user, input.currentPassword, input.newEmail);
        return { ok: true };
      }),
  }),

  confirmEmailChange: defineAction({
    accept: 'form',
    input: z.object({ token: text({ max: 128 }) }),
    handler: (input, ctx) =>
      run(async () => {
        await limit(ctx, 'login', 'ip', undefined, { failOpen: true });
        return invalidated(await accountMail.confirmEmailChange(ctx.locals.rt.db, input.token, Date.now()));
      }),
  }),
};
