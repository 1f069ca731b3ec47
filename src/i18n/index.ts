// UI strings: one dictionary per locale (zh-CN is the default and the reference for keys).
import { zhCN } from './zh-CN.ts';
import { en } from './en.ts';
import { dayMs } from '../server/time.ts';

export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'zh-CN';
export type MessageKey = keyof typeof zhCN;
/**
 * What may follow `${P}.` in a key: a key built as `${P}.${value}` type-checks only when `value`
 * is typed as a union every member of which has a key, so a missing key fails `npm run check`.
 */
export type KeySuffix<P extends string> = MessageKey extends infer K ? (K extends `${P}.${infer R}` ? R : never) : never;

const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(zhCN, key);
}

// Plurals: a message may hold ICU-style `{n, plural, one {# star} other {# stars}}` (the subset
// with `=N`, the CLDR categories and `#`), chosen with Intl.PluralRules — never "1 stars".
const pluralRuleCache = new Map<string, Intl.PluralRules>();
function pluralRules(locale: Locale, fractionDigits: number): Intl.PluralRules {
  const k = `${locale}|${fractionDigits}`;
  let r = pluralRuleCache.get(k);
  if (!r) pluralRuleCache.set(k, (r = new Intl.PluralRules(locale, { minimumFractionDigits: fractionDigits })));
  return r;
}
const pluralPattern = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other)\s*\{[^{}]*\})+)\s*\}/g;
const pluralBranch = /(=\d+|zero|one|two|few|many|other)\s*\{([^{}]*)\}/g;

/** Resolves the plural blocks of a message for `params` (a missing or non-numeric value leaves the block). */
export function selectPlurals(locale: Locale, text: string, params: Record<string, string | number>): string {
  return text.replace(pluralPattern, (whole, name: string, body: string) => {
    if (!(name in params)) return whole;
    const raw = String(params[name]);
    const value = Number(raw);
    if (!Number.isFinite(value)) return whole;
    // "1.0 years" is plural in English: the shown fraction digits take part in the choice.
    const fractionDigits = raw.includes('.') ? raw.length - raw.indexOf('.') - 1 : 0;
    const branches = new Map([...body.matchAll(pluralBranch)].map((m) => [m[1]!, m[2]!] as const));
    const chosen = branches.get(`=${raw}`) ?? branches.get(pluralRules(locale, fractionDigits).select(value)) ?? branches.get('other') ?? '';
    return chosen.replace(/#/g, raw);
  });
}

/** Translate a key, filling {name} placeholders (and plural blocks). Unknown keys fall back to the key itself. */
export function t(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const dict = dictionaries[locale] ?? dictionaries[defaultLocale];
  let text: string = dict[key] ?? key;
  if (params) {
    if (text.includes(', plural,')) text = selectPlurals(locale, text, params);
    text = text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
  }
  return text;
}

/** Locale from a URL path: /en and /en/… are English; everything else is zh-CN. */
export function localeFromPath(pathname: string): Locale {
  return pathname === '/en' || pathname.startsWith('/en/') ? 'en' : 'zh-CN';
}

/** Strip the /en prefix: the path the page files are written for. */
export function stripLocale(pathname: string): string {
  if (pathname === '/en') return '/';
  return pathname.startsWith('/en/') ? pathname.slice(3) : pathname;
}

/** A site path in the given locale: localePath('en', '/platforms') → '/en/platforms'. */
export function localePath(locale: Locale, path: string): string {
  const clean = path.startsWith('/') ? path : `/${path}`;
  if (locale === 'en') return clean === '/' ? '/en' : `/en${clean}`;
  return clean;
}

export function htmlLang(locale: Locale): string {
  return locale === 'en' ? 'en' : 'zh-CN';
}

// Building an Intl.DateTimeFormat costs far more than using one (profiled: ~20% of a
// platform page's render), so each locale's formatters are made once.
const dateFormats = {
  'zh-CN': new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'Asia/Shanghai' }),
  en: new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'Asia/Shanghai' }),
} as const;
const dateTimeFormats = {
  'zh-CN': new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' }),
  en: new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' }),
} as const;

/** Format a date for people (China time). */
export function formatDate(locale: Locale, date: Date | string | number): string {
  return dateFormats[locale].format(date instanceof Date ? date : new Date(date));
}

export function formatDateTime(locale: Locale, date: Date | string | number): string {
  return dateTimeFormats[locale].format(date instanceof Date ? date : new Date(date));
}

/** "3 个月" / "3 months": a coarse age for account and platform ages and follow-up gaps. */
export function formatAge(locale: Locale, fromMs: number, toMs: number): string {
  const days = Math.max(0, Math.floor((toMs - fromMs) / dayMs));
  if (days < 1) return t(locale, 'age.today');
  if (days < 31) return t(locale, 'age.days', { n: days });
  const months = Math.floor(days / 30.44);
  if (months < 12) return t(locale, 'age.months', { n: months });
  const years = Math.floor(months / 12);
  return t(locale, 'age.years', { n: years });
}
