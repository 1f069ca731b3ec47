// Canonical and alternate-language URLs of a page (issue 17, item 4). Pure: the origin comes
// from configuration (http/origin.ts), never from the request's Host header.
// One canonical per page: `/en` and `/en/` are one page, a trailing slash is dropped, and a
// query keeps only the parameters that change what the page shows (`?page=1` is the first page).
import { localePath, type Locale } from '../../i18n/index.ts';
import { absoluteUrl } from '../http/origin.ts';

export interface Alternate { hreflang: 'zh-CN' | 'en' | 'x-default'; href: string }
export interface PageUrls { canonical: string; alternates: Alternate[] }

/** Query parameters every page keeps in its canonical URL unless it names its own. */
export const defaultCanonicalParams: readonly string[] = ['page'];

/** The path without its locale prefix, normalised: no trailing slash (but `/`), no empty segments. */
export function normalisePath(pathname: string): string {
  const collapsed = pathname.replace(/\/{2,}/g, '/');
  const trimmed = collapsed.length > 1 ? collapsed.replace(/\/+$/, '') : collapsed;
  return trimmed === '' ? '/' : trimmed;
}

/**
 * The query part of the canonical URL: only `keep`'s parameters, in that order, first value only,
 * empty values dropped, and `page` only when it is a page after the first.
 */
export function canonicalQuery(search: URLSearchParams, keep: readonly string[]): string {
  const out = new URLSearchParams();
  for (const name of keep) {
    const value = search.get(name)?.trim();
    if (!value) continue;
    if (name === 'page' && !(/^\d{1,6}$/.test(value) && Number(value) > 1)) continue;
    out.set(name, name === 'page' ? String(Number(value)) : value);
  }
  const q = out.toString();
  return q ? `?${q}` : '';
}

/**
 * The canonical URL of this page in `locale` and its language alternates: zh-CN, en and
 * x-default (the zh-CN page: the site's default language), each absolute; the page's own
 * language is among them (Google asks for the self-reference).
 */
export function pageUrls(origin: string, locale: Locale, pathname: string, search: URLSearchParams, keep: readonly string[] = defaultCanonicalParams): PageUrls {
  const path = normalisePath(pathname);
  const query = canonicalQuery(search, keep);
  const zh = absoluteUrl(origin, localePath('zh-CN', path)) + query;
  const en = absoluteUrl(origin, localePath('en', path)) + query;
  return {
    canonical: locale === 'en' ? en : zh,
    alternates: [
      { hreflang: 'zh-CN', href: zh },
      { hreflang: 'en', href: en },
      { hreflang: 'x-default', href: zh },
    ],
  };
}

/** OpenGraph locale names (underscore form, per ogp.me). */
export function ogLocale(locale: Locale): string {
  return locale === 'en' ? 'en_US' : 'zh_CN';
}
