// Small helpers shared by middleware, pages and actions.
import { assetPath } from './assets.ts';
import type { CacheTag } from './cache-tags.ts';
import type { APIContext } from 'astro';
import { t, type Locale } from '../../i18n/index.ts';
import type { Account } from '../accounts/account.repository.ts';
import { templateHandle } from './member-template.ts';
import { noTrustedProxies, resolveClientIp, type TrustedProxies } from './client-ip.ts';

/**
 * The client's address: the connection's peer, or — only when that peer is a proxy named in
 * TRUST_PROXY — the rightmost untrusted X-Forwarded-For hop (client-ip.ts).
 */
export function clientIp(ctx: Pick<APIContext, 'clientAddress' | 'request'>, trusted: TrustedProxies = noTrustedProxies): string {
  let peer: string;
  try {
    peer = ctx.clientAddress || '0.0.0.0';
  } catch {
    peer = '0.0.0.0';
  }
  return resolveClientIp(peer, ctx.request.headers.get('x-forwarded-for'), trusted);
}

/**
 * 429 as a small page in the site's style (a form post without JavaScript lands here, so a
 * bare text body would look broken). Only dictionary text and a number go into the HTML.
 */
export function tooManyRequests(locale: Locale, retryAfterMs: number): Response {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const title = t(locale, 'error.429.title');
  const home = locale === 'en' ? '/en/' : '/';
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<title>${title}</title><link rel="stylesheet" href="${assetPath('/styles.css')}"></head><body><main class="wrap" id="main"><div class="card">`
    + `<h1>${title}</h1><p>${t(locale, 'error.rateLimited', { seconds })}</p><p><a class="button" href="${home}">${t(locale, 'error.backHome')}</a></p>`
    + `</div></main></body></html>`;
  return new Response(html, {
    status: 429,
    headers: { 'Retry-After': String(seconds), 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/**
 * Mark an anonymous page as cacheable by the page cache in front of Astro, with the tags
 * whose writes invalidate it (see server/http/invalidation.ts). Signed-in responses are
 * never cached (the middleware strips the marker).
 */
export function cachePublicPage(ctx: { response: { headers: Headers } }, tags: readonly CacheTag[]): void {
  ctx.response.headers.set('x-kaopu-cache', tags.join(' '));
}

/** Page-number query parameter: a positive integer, else 1. */
export function pageParam(url: URL, name = 'page', max = 10_000): number {
  const raw = url.searchParams.get(name) ?? '';
  const n = /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return Math.min(Math.max(1, n), max);
}

/** The stand-in reader of a shared member render: no real account has id 0. */
const standInMember: Account = {
  id: 0, handle: templateHandle, email: '', role: 'member', status: 'active', statusReason: null, isReseller: false,
  locale: 'zh-CN', totpEnabled: false, totpEnabledAt: null, emailVerified: true, createdAt: new Date(0),
};

/**
 * For a page whose only per-reader parts are written as holes (components/Hole.astro): when the
 * server asked for a shared member render (server/http/member-pages.ts) and the reader is a
 * plain member, render for the stand-in instead, with the invalidation tags of the page.
 * Call before anything reads `Astro.locals.user`. Returns true when rendering as the stand-in.
 */
export function renderAsMemberTemplate(ctx: { locals: App.Locals; response: { headers: Headers } }, tags: readonly string[]): boolean {
  const { locals } = ctx;
  if (locals.memberTemplate !== 'requested') return false;
  if (!locals.user || locals.user.role !== 'member' || locals.user.status !== 'active') return false;
  locals.user = standInMember;
  locals.memberTemplate = 'active';
  ctx.response.headers.set('x-kaopu-member-template', tags.join(' '));
  return true;
}
