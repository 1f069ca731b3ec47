// Words for the transparency report's numbers: a Beijing-time month and a duration.
import { t, type Locale } from '../../i18n/index.ts';

const monthFormats: Record<Locale, Intl.DateTimeFormat> = {
  'zh-CN': new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: 'long', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'long', timeZone: 'UTC' }),
};

/** 'YYYY-MM' → "2026年12月" / "December 2026" (the month is already Beijing time: format it as is). */
export function formatMonth(locale: Locale, month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return monthFormats[locale].format(new Date(Date.UTC(y, m - 1, 1)));
}

/**
 * A median decision time in the unit a reader thinks in: minutes under an hour, hours under two
 * days (one decimal under ten hours), days beyond (one decimal under ten days).
 */
export function formatDuration(locale: Locale, seconds: number): string {
  const oneDecimal = (x: number) => (x < 10 ? Math.round(x * 10) / 10 : Math.round(x));
  if (seconds < 3600) return t(locale, 'readers.duration.minutes', { n: Math.max(1, Math.round(seconds / 60)) });
  if (seconds < 48 * 3600) return t(locale, 'readers.duration.hours', { n: oneDecimal(seconds / 3600) });
  return t(locale, 'readers.duration.days', { n: oneDecimal(seconds / 86_400) });
}
