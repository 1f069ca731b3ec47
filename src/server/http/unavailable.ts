// The 503 page (database unreachable) and the 421 page (a host name this site does not serve):
// small pages in the site's style built from dictionary text only, usable both inside Astro
// (middleware, as a Response) and in the node:http server in front of it (a page the cache or
// the member-page path failed on). Never cached: the next reader must get the real page.
import { assetPath } from './assets.ts';
import { t, localeFromPath, type Locale, type MessageKey } from '../../i18n/index.ts';
import type http from 'node:http';
import { databaseRetryAfterSeconds, isDatabaseUnavailable } from '../db/faults.ts';

export interface PlainPage {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function page(locale: Locale, status: number, titleKey: MessageKey, bodyKey: MessageKey, headers: Record<string, string>): PlainPage {
  const title = t(locale, titleKey);
  const home = locale === 'en' ? '/en' : '/';
  const body = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<title>${title}</title><link rel="stylesheet" href="${assetPath('/styles.css')}"></head><body><main class="wrap" id="main"><div class="card">`
    + `<h1>${title}</h1><p>${t(locale, bodyKey)}</p><p><a class="button" href="${home}">${t(locale, 'error.backHome')}</a></p>`
    + `</div></main></body></html>`;
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers }, body };
}

/** 503 with Retry-After. */
export function databaseUnavailablePage(locale: Locale): PlainPage {
  return page(locale, 503, 'error.503.title', 'error.503.body', { 'Retry-After': String(databaseRetryAfterSeconds) });
}

/** 421 Misdirected Request (RFC 9110 §15.5.20): the Host names a site this server does not answer for. */
export function misdirectedPage(locale: Locale): PlainPage {
  return page(locale, 421, 'error.421.title', 'error.421.body', {});
}

export function toResponse(p: PlainPage, extraHeaders: Record<string, string> = {}): Response {
  return new Response(p.body, { status: p.status, headers: { ...extraHeaders, ...p.headers } });
}

/** A request that failed outside Astro: the 503 page when the database is unreachable, else a bare 500. */
export function sendFailure(req: http.IncomingMessage, res: http.ServerResponse, err: unknown, headers: Readonly<Record<string, string>> = {}): void {
  if (isDatabaseUnavailable(err)) {
    const page = databaseUnavailablePage(localeFromPath((req.url ?? '/').split('?')[0]!));
    res.writeHead(page.status, { ...headers, ...page.headers });
    res.end(req.method === 'HEAD' ? undefined : page.body);
    return;
  }
  res.writeHead(500, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end('500');
}
