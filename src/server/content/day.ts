// The one rule for a calendar day typed into a form (`<input type="date">`: YYYY-MM-DD), and the
// bounds of every such field in one table. Pure: the caller passes the clock.
import type { FieldErrors } from '../errors.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { dayMs } from '../time.ts';

export interface DayRule {
  /** Default false: an empty field is no day (null); true: it gets `field.required`. */
  required?: boolean;
  /** The earliest day accepted (YYYY-MM-DD); earlier reads as a mistyped year (`field.date`). */
  notBefore: string;
  /**
   * How far past now the day may start, in ms. A day is read as UTC midnight, and a member in
   * China (UTC+8) is on tomorrow's date for 8 hours of UTC's today: one day of slack lets
   * "today" through in every time zone; a later day is `reviews.error.futureDate`.
   */
  futureSlackMs: number;
  /** One message for every problem but emptiness, for a form whose hint explains all bounds. */
  invalidKey?: MessageKey;
}

/** Every day field of the site and its bounds. */
export const dayRules = {
  /** A review's purchase date (optional). */
  purchasedOn: { notBefore: '2000-01-01', futureSlackMs: dayMs },
  /** A case report's start of cooperation. */
  sinceOn: { required: true, notBefore: '2000-01-01', futureSlackMs: dayMs },
  /** When an incident happened. */
  occurredOn: { required: true, notBefore: '2000-01-01', futureSlackMs: dayMs },
  /** A submitted platform's founding date (optional): not in the future, from 1995 on. */
  foundedOn: { notBefore: '1995-01-01', futureSlackMs: 0, invalidKey: 'platforms.submit.foundedOn' },
} as const satisfies Record<string, DayRule>;

const isoDayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** UTC midnight of an existing calendar day in YYYY-MM-DD (2026-02-30 is not one), else null. */
export function parseIsoDay(s: string): number | null {
  if (!isoDayPattern.test(s)) return null;
  const ms = Date.parse(`${s}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== s) return null;
  return ms;
}

/**
 * Checks a day field against its rule; a problem is added to `errors` under `field`. Returns the
 * day as typed (YYYY-MM-DD), or null when it is empty or got an error.
 */
export function validateDay(errors: FieldErrors, field: string, raw: unknown, rule: DayRule, nowMs: number): string | null {
  const s = typeof raw === 'string' ? raw : '';
  if (s === '') {
    if (rule.required) errors.add(field, 'field.required');
    return null;
  }
  const ms = parseIsoDay(s);
  if (ms === null || s < rule.notBefore) errors.add(field, rule.invalidKey ?? 'field.date');
  else if (ms > nowMs + rule.futureSlackMs) errors.add(field, rule.invalidKey ?? 'reviews.error.futureDate');
  else return s;
  return null;
}
