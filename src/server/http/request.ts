// Small helpers shared by middleware, pages and actions.
import type { APIContext } from 'astro';
import { t, type Locale } from '../../i18n/index.ts';

/** The client's address as the adapter saw it (no proxy headers are trusted by default). */
export function clientIp(ctx: Pick<APIContext, 'clientAddress' | 'request'>): string {
  try {
    return ctx.clientAddress || '0.0.0.0';
  } catch {
    return '0.0.0.0';
  }
}

export function tooManyRequests(locale: Locale, retryAfterMs: number): Response {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new Response(t(locale, 'error.rateLimited', { seconds }), {
    status: 429,
    headers: { 'Retry-After': String(seconds), 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/**
 * Mark an anonymous page as cacheable by the page cache in front of Astro, with the tags
 * whose writes invalidate it (see server/http/invalidation.ts). Signed-in responses are
 * never cached (the middleware strips the marker).
 */
export function cachePublicPage(ctx: { response: { headers: Headers } }, tags: readonly string[]): void {
  ctx.response.headers.set('x-kaopu-cache', tags.join(' '));
}

/** Page-number query parameter: a positive integer, else 1. */
export function pageParam(url: URL, name = 'page', max = 10_000): number {
  const raw = url.searchParams.get(name) ?? '';
  const n = /^\d{1,6}$/.test(raw) ? Number(raw) : 1;
  return Math.min(Math.max(1, n), max);
}
