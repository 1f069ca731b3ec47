// Request pipeline: database faults → locale (/en prefix) → runtime → rate limit (writes) → session → headers.
import { defineMiddleware, sequence } from 'astro:middleware';
import { localeFromPath, stripLocale } from './i18n/index.ts';
import { getRuntime } from './server/runtime.ts';
import { validateSessionToken } from './server/accounts/account.service.ts';
import { sessionCookieName, sessionCookieOptions } from './server/accounts/session-token.ts';
import { ipKey as hashIpKey, rateLimitKey, rateLimitPolicies } from './server/security/rate-limit.ts';
import { securityHeaders } from './server/security/headers.ts';
import { clientIp, tooManyRequests } from './server/http/request.ts';
import { isDatabaseUnavailable, withFaultScope } from './server/db/faults.ts';
import { databaseUnavailablePage, toResponse } from './server/http/unavailable.ts';

/**
 * Outermost: a request that failed because the database is unreachable gets the 503 page
 * (Retry-After), not the 500 page — whether the error was thrown (pages, the session check) or
 * caught and turned into a 500 result (Astro Actions do that with any error). Issue 16, item 1.
 */
const databaseFaults = defineMiddleware(async (ctx, next) => {
  const { scope, result } = withFaultScope(() => next());
  const unavailable = () => {
    console.error(`database unavailable: ${ctx.request.method} answered 503`);
    // After the /en rewrite the URL has lost its prefix; the locale middleware noted it first.
    const locale = ctx.locals.locale ?? localeFromPath(ctx.url.pathname);
    return toResponse(databaseUnavailablePage(locale), securityHeaders({ https: ctx.locals.secure ?? false }));
  };
  try {
    const response = await result;
    return scope.unavailable && response.status === 500 ? unavailable() : response;
  } catch (err) {
    if (scope.unavailable || isDatabaseUnavailable(err)) return unavailable();
    throw err;
  }
});

const locale = defineMiddleware(async (ctx, next) => {
  const pathname = ctx.url.pathname;
  ctx.locals.locale = localeFromPath(pathname);
  ctx.locals.pathname = stripLocale(pathname);
  if (ctx.locals.locale === 'en' && !ctx.locals.__rewritten) {
    ctx.locals.__rewritten = true;
    // English pages are the same page files under an /en prefix.
    return next(new URL(ctx.locals.pathname + ctx.url.search, ctx.url));
  }
  return next();
});

const context = defineMiddleware(async (ctx, next) => {
  if (ctx.locals.rt) return next(); // already set before a rewrite
  const rt = await getRuntime();
  ctx.locals.rt = rt;
  ctx.locals.nowMs = Date.now();
  ctx.locals.secure = ctx.url.protocol === 'https:' || (rt.config.publicOrigin?.startsWith('https:') ?? false);
  ctx.locals.ipKey = hashIpKey(clientIp(ctx, rt.config.trustedProxies), rt.config.appSecret);
  ctx.locals.user = null;
  ctx.locals.session = null;
  ctx.locals.pendingTotpAccountId = null;
  ctx.locals.sessionExpired = false;
  return next();
});

const session = defineMiddleware(async (ctx, next) => {
  if (ctx.locals.session) return next();
  const name = sessionCookieName(ctx.locals.secure);
  const token = ctx.cookies.get(name)?.value;
  if (token) {
    const result = await validateSessionToken(ctx.locals.rt.db, token, ctx.locals.nowMs);
    if (result) {
      ctx.locals.session = result.session;
      // Until the second factor is given, the session identifies nobody to the rest of the site.
      const needsTotp = result.account.totpEnabled && !result.session.twoFactorVerified;
      ctx.locals.user = needsTotp ? null : result.account;
      ctx.locals.pendingTotpAccountId = needsTotp ? result.account.id : null;
      if (result.refreshed) {
        ctx.cookies.set(name, token, sessionCookieOptions({ secure: ctx.locals.secure, maxAgeSeconds: (result.session.expiresAtMs - ctx.locals.nowMs) / 1000 }));
      }
    } else {
      ctx.locals.sessionExpired = true;
      ctx.cookies.delete(name, { path: '/' });
    }
  }
  return next();
});

const writeLimit = defineMiddleware(async (ctx, next) => {
  if (ctx.request.method !== 'POST' || ctx.locals.__limited) return next();
  ctx.locals.__limited = true;
  const { rateLimits } = ctx.locals.rt;
  // Every write: per IP, and per account when signed in.
  const checks = [rateLimits.consume(rateLimitKey('ip', ctx.locals.ipKey), rateLimitPolicies.write)];
  if (ctx.locals.user) checks.push(rateLimits.consume(rateLimitKey('account', String(ctx.locals.user.id)), rateLimitPolicies.write));
  const results = await Promise.all(checks);
  const refused = results.find((r) => !r.allowed);
  if (refused) return tooManyRequests(ctx.locals.locale, refused.retryAfterMs);
  return next();
});

const headers = defineMiddleware(async (ctx, next) => {
  const response = await next();
  for (const [k, v] of Object.entries(securityHeaders({ https: ctx.locals.secure }))) {
    if (!response.headers.has(k)) response.headers.set(k, v);
  }
  // Astro sends a bare `text/html`; name the charset so nothing has to sniff it (CJK text).
  if (response.headers.get('content-type') === 'text/html') response.headers.set('Content-Type', 'text/html; charset=utf-8');
  // A signed-in page is private; anonymous pages opt in to the page cache themselves.
  if (ctx.locals.user || ctx.request.method !== 'GET') {
    response.headers.set('Cache-Control', 'private, no-store');
    response.headers.delete('x-kaopu-cache');
  }
  return response;
});

export const onRequest = sequence(databaseFaults, locale, context, headers, session, writeLimit);
