import { describe, expect, it } from 'vitest';
import { dayRules, parseIsoDay, validateDay, type DayRule } from '../../src/server/content/day.ts';
import { FieldErrors } from '../../src/server/errors.ts';

const nowMs = Date.parse('2026-12-07T18:00:00Z');

describe('validateDay', () => {
  it.each([
    ['', dayRules.purchasedOn, null, undefined],
    [null, dayRules.purchasedOn, null, undefined],
    ['', dayRules.sinceOn, null, 'field.required'],
    ['2026-12-07', dayRules.occurredOn, '2026-12-07', undefined],
    ['2026-12-08', dayRules.occurredOn, '2026-12-08', undefined],
    ['2026-12-09', dayRules.occurredOn, null, 'reviews.error.futureDate'],
    ['2026-02-30', dayRules.purchasedOn, null, 'field.date'],
    ['2026-1-01', dayRules.purchasedOn, null, 'field.date'],
    ['1999-12-31', dayRules.sinceOn, null, 'field.date'],
    ['2000-01-01', dayRules.sinceOn, '2000-01-01', undefined],
    ['2026-12-08', dayRules.foundedOn, null, 'platforms.submit.foundedOn'],
    ['1994-12-31', dayRules.foundedOn, null, 'platforms.submit.foundedOn'],
    ['1995-01-01', dayRules.foundedOn, '1995-01-01', undefined],
  ] as ReadonlyArray<[unknown, DayRule, string | null, string | undefined]>)('%j → %j %s', (raw, rule, value, key) => {
    const errors = new FieldErrors();
    expect(validateDay(errors, 'd', raw, rule, nowMs)).toBe(value);
    expect(errors.fields['d']).toBe(key);
  });

  it('parseIsoDay reads UTC midnight of real days only', () => {
    expect(parseIsoDay('2024-02-29')).toBe(Date.parse('2024-02-29T00:00:00Z'));
    expect(parseIsoDay('2023-02-29')).toBeNull();
    expect(parseIsoDay('2024-02-29T00:00')).toBeNull();
  });
});
