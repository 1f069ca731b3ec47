// Plural-aware lookup for the early-warning strings: `${key}.one` / `${key}.other` chosen by
// Intl.PluralRules (zh-CN has only "other"; English says "1 review", never "1 reviews").
import { t, type Locale, type MessageKey } from '../../i18n/index.ts';

/** A key with both a `.one` and an `.other` form. */
export type PluralKey = { [K in MessageKey]: K extends `${infer B}.other` ? (`${B}.one` extends MessageKey ? B : never) : never }[MessageKey];

const rules = new Map<Locale, Intl.PluralRules>();

export function tPlural(locale: Locale, key: PluralKey, n: number, params: Record<string, string | number> = {}): string {
  let r = rules.get(locale);
  if (!r) rules.set(locale, (r = new Intl.PluralRules(locale)));
  return t(locale, r.select(n) === 'one' ? `${key}.one` : `${key}.other`, { n, count: n, ...params });
}

/** Expected counts are small decimals ("0.3"); one decimal is what a reader can use, and a
 *  quiet platform's baseline ("0.03") reads as "under 0.1" rather than a misleading "0.0". */
export function formatExpected(locale: Locale, x: number): string {
  if (x < 0.1) return t(locale, 'warning.expected.under', { n: (0.1).toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN') });
  return x.toLocaleString(locale === 'en' ? 'en-GB' : 'zh-CN', { maximumFractionDigits: 1, minimumFractionDigits: x < 10 ? 1 : 0 });
}
