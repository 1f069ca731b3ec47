// Shared controller helpers for Actions: field schemas whose errors are message keys,
// auth/role guards, and one mapping from DomainError to ActionError.
import { ActionError, type ActionAPIContext } from 'astro:actions';
import { z } from 'astro/zod';
import { DomainError, FieldErrors, encodeMessage, type EncodedError, type MessageParams } from '../server/errors.ts';
import type { MessageKey } from '../i18n/index.ts';
import { isWellFormedInput, validateText } from '../server/content/text.ts';
import type { Account } from '../server/accounts/account.service.ts';
import { checkStaff, type StaffRole } from '../server/accounts/staff.ts';
import { presentFile } from '../server/uploads/upload.service.ts';
import { rateLimitKey, rateLimitPolicies, type RateLimitPolicyName, type RateLimitResult } from '../server/security/rate-limit.ts';
import { runOnce, type OnceResult } from '../server/writes/write-once.service.ts';
import { invalidatePages } from '../server/http/invalidation.ts';
import type { CacheTag } from '../server/http/cache-tags.ts';

/**
 * Encodes a message key, its params and the field (and any other fields' messages) into
 * ActionError.message; server/http/form-errors.ts reads it back (EncodedError is the shape both share).
 */
export function encodeError(messageKey: MessageKey, field?: string, params?: MessageParams, fields?: Record<string, MessageKey>, fieldParams?: Record<string, MessageParams>): string {
  const encoded: EncodedError = { k: messageKey, f: field ?? null, p: params ?? null, fs: fields ?? null, fp: fieldParams ?? null };
  return JSON.stringify(encoded);
}

const emptyToString = (v: unknown) => (v === null || v === undefined ? '' : v);

/**
 * A text field: empty form fields arrive as null; the one text rule (server/content/text.ts
 * validateText) gives each problem its keyed error. Only trimmed here: the services clean, and
 * some look at what was typed first (an invisible character in a handle has its own message).
 */
export function text(opts: { max: number; min?: number; required?: boolean }) {
  const rule = { max: opts.max, min: opts.min, required: opts.required !== false, clean: (s: string) => s.trim() };
  return z.preprocess(
    emptyToString,
    z.string({ error: 'field.invalid' }).transform((s, ctx) => {
      const errors = new FieldErrors();
      const value = validateText(errors, 'text', s, rule);
      if (value !== null) return value;
      ctx.addIssue({ code: 'custom', input: s, message: encodeMessage(errors.fields['text'] ?? 'field.invalid', errors.fieldParams['text']) });
      return z.NEVER;
    }),
  );
}

/**
 * A password: not trimmed. `required: false` leaves presence to a service that checks several
 * fields together (a failed schema stops before the service, hiding the other fields' errors).
 */
export function secret(max = 256, opts: { required?: boolean } = {}) {
  return z.preprocess(
    emptyToString,
    z
      .string({ error: 'field.invalid' })
      .refine((s) => opts.required === false || s.length > 0, { error: 'field.required' })
      .refine((s) => s.length <= max * 4, { error: encodeMessage('field.tooLong', { max }) })
      .refine(isWellFormedInput, { error: 'field.invalidUtf8' }),
  );
}

/** Several values of one field (checkbox groups): each a short, well-formed string. */
export function stringList(maxItems: number, maxUnits: number) {
  return z.array(z.string({ error: 'field.choice' }).max(maxUnits, { error: 'field.choice' }).refine(isWellFormedInput, { error: 'field.invalidUtf8' })).max(maxItems, { error: 'field.choice' }).default([]);
}

export function choice<T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(emptyToString, z.enum(values, { error: 'field.choice' }));
}

export function integer(min: number, max: number, messageKey: MessageKey = 'field.number') {
  return z.preprocess(
    (v) => (v === null || v === undefined || v === '' ? undefined : typeof v === 'string' ? Number(v) : v),
    z.number({ error: 'field.required' }).int({ error: messageKey }).min(min, { error: messageKey }).max(max, { error: messageKey }),
  );
}

export function optionalInteger(min: number, max: number, messageKey: MessageKey = 'field.number') {
  return z.preprocess(
    (v) => (v === null || v === undefined || v === '' ? undefined : typeof v === 'string' ? Number(v) : v),
    z.number({ error: messageKey }).int({ error: messageKey }).min(min, { error: messageKey }).max(max, { error: messageKey }).optional(),
  );
}

/**
 * A form value passed through as a string for a service that validates several fields together
 * and says what is wrong with each; only a size bound (in UTF-16 units) is checked here.
 */
export function formString(maxUnits: number) {
  return z.preprocess(emptyToString, z.string({ error: 'field.invalid' }).max(maxUnits, { error: 'error.tooLarge' }).refine(isWellFormedInput, { error: 'field.invalidUtf8' }));
}

/** A record id from a hidden field: digits only, else a generic error (a tampered form). */
export const recordId = z.preprocess((v) => (typeof v === 'string' && /^\d{1,12}$/.test(v) ? Number(v) : v), z.number({ error: 'error.generic' }).int().positive());

/** An optional upload: a non-empty File or null (the upload service checks its bytes). */
export const uploadedFile = z.unknown().transform((v) => presentFile(v));

export const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true || v === '1', z.boolean());

// ── guards ──
export function requireUser(ctx: ActionAPIContext): Account {
  const user = ctx.locals.user;
  if (!user || !ctx.locals.session) {
    // Invalid UTF-8 in a form body arrives as U+FFFD; an expired cookie gets its own message.
    const key = ctx.locals.sessionExpired ? 'error.sessionExpired' : 'common.loginToContinue';
    throw new ActionError({ code: 'UNAUTHORIZED', message: encodeError(key) });
  }
  if (user.totpEnabled && !ctx.locals.session.twoFactorVerified) {
    throw new ActionError({ code: 'UNAUTHORIZED', message: encodeError('auth.totp.prompt') });
  }
  return user;
}

/** A member who may write: signed in, not suspended or banned. */
export function requireWriter(ctx: ActionAPIContext): Account {
  const user = requireUser(ctx);
  if (user.status !== 'active') throw new ActionError({ code: 'FORBIDDEN', message: encodeError('error.suspended') });
  return user;
}

/** A member who may write, within the write rate limits of both the account and the network. */
export async function writeGuard(ctx: ActionAPIContext): Promise<Account> {
  const user = requireWriter(ctx);
  await limit(ctx, 'write', 'account', String(user.id));
  await limit(ctx, 'write', 'ip');
  return user;
}

/** Active moderators and admins, with a TOTP-verified session (server/accounts/staff.ts). */
export function requireModerator(ctx: ActionAPIContext, roles: ReadonlyArray<StaffRole> = ['moderator', 'admin']): Account {
  const user = requireUser(ctx);
  const check = checkStaff(user, ctx.locals.session?.twoFactorVerified ?? false, roles);
  if (check === 'not_staff') throw new ActionError({ code: 'FORBIDDEN', message: encodeError('error.forbidden') });
  if (check !== 'ok') throw new ActionError({ code: 'FORBIDDEN', message: encodeError('auth.totp.required') });
  return user;
}

/**
 * `failOpen`: use the policy's buckets but keep going on per-server buckets when Redis is down,
 * for a policy that otherwise fails closed (mailed links carry a 120-bit single-use token, account-mail.service.ts).
 */
export async function limit(ctx: ActionAPIContext, policy: RateLimitPolicyName, scope: 'ip' | 'account', value?: string, opts: { failOpen?: boolean } = {}): Promise<void> {
  const key = rateLimitKey(scope, scope === 'ip' ? ctx.locals.ipKey : (value ?? String(ctx.locals.user?.id ?? 'anon')));
  const p = rateLimitPolicies[policy];
  refuseIfLimited(await ctx.locals.rt.rateLimits.consume(key, opts.failOpen ? { ...p, failClosed: false } : p));
}

/** 429 with the wait, or 503 when a fail-closed limit cannot be checked (Redis down). */
export function refuseIfLimited(r: RateLimitResult): void {
  if (r.allowed) return;
  const seconds = Math.ceil(r.retryAfterMs / 1000);
  if (r.unavailable) throw new ActionError({ code: 'SERVICE_UNAVAILABLE', message: encodeError('hardening.limitsUnavailable', undefined, { seconds }) });
  throw new ActionError({ code: 'TOO_MANY_REQUESTS', message: encodeError('error.rateLimited', undefined, { seconds }) });
}

/** Runs a controller body, mapping domain errors to ActionErrors with a message key. */
export async function run<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof DomainError) {
      throw new ActionError({
        code: e.status as ActionError['code'],
        message: encodeError(e.messageKey, e.field, e.params, e.fields, e.fieldParams),
      });
    }
    throw e;
  }
}

// ── after the commit ──
/**
 * A service's write has committed (services open and close their own transactions): drop the
 * pages it names, and hand on the rest of its result — the tags are not part of the answer, and
 * `once` stores the answer to replay it.
 */
export function invalidated<T extends { tags: readonly CacheTag[] }>(r: T): Omit<T, 'tags'> {
  invalidatePages(r.tags);
  const { tags: _tags, ...rest } = r;
  return rest;
}

// ── one-time form tokens ──
/** The hidden `formToken` field of a create form (components/FormToken.astro); optional for API clients. */
export const formToken = z.preprocess((v) => (v === null || v === undefined ? '' : v), z.string({ error: 'error.generic' }).max(64, { error: 'error.generic' }));

/** Cookie that tells the next page "this was a second submit; here is the first one's result" (layouts/Base.astro). */
export const duplicateNoticeCookie = 'kaopu_once';

/**
 * Runs a create at most once per form token (server/writes/write-once.service.ts). A repeated
 * submit returns the first result, so the page redirects where the first one did, and leaves a
 * one-minute cookie so that page can say why nothing new appeared.
 */
export async function once<T extends object>(ctx: ActionAPIContext, accountId: number, action: string, token: string, create: () => Promise<T>): Promise<OnceResult<T>> {
  const result = await runOnce(ctx.locals.rt.db, accountId, action, token, create);
  if (result.duplicate) {
    ctx.cookies.set(duplicateNoticeCookie, '1', { path: '/', maxAge: 60, httpOnly: true, sameSite: 'lax', secure: ctx.locals.secure });
  }
  return result;
}
