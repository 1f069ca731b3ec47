// Plurals through Intl.PluralRules (i18n/index.ts): never "1 stars" or "1 years".
import { describe, expect, it } from 'vitest';
import { selectPlurals, t } from '../../src/i18n/index.ts';

describe('plural messages', () => {
  it.each([
    ['age.years', 1, '1 year'],
    ['age.years', 2, '2 years'],
    ['age.days', 1, '1 day'],
    ['age.months', 11, '11 months'],
    ['reviews.rating.n', 1, '1 star'],
    ['reviews.rating.n', 4, '4 stars'],
    ['reviews.badge.followUpCount', 1, '1 follow-up'],
    ['reviews.badge.followUpCount', 3, '3 follow-ups'],
    ['platforms.compare.years', '1.0', '1.0 years'],
    ['platforms.compare.years', '1', '1 year'],
    ['platforms.page.weighted', 1, 'weighted by credibility, 1 review'],
  ] as const)('en %s with %s → %s', (key, n, expected) => {
    expect(t('en', key, { n })).toBe(expected);
  });

  it('Chinese has no plural forms; the count is shown as it is', () => {
    expect(t('zh-CN', 'reviews.badge.followUpCount', { n: 1 })).toBe('有追评 1');
    expect(selectPlurals('zh-CN', '{n, plural, one {# 条} other {# 条}}', { n: 1 })).toBe('1 条');
  });

  it('exact matches win, and a missing or non-numeric value leaves the block untouched', () => {
    const msg = '{n, plural, =0 {none} one {# item} other {# items}}';
    expect(selectPlurals('en', msg, { n: 0 })).toBe('none');
    expect(selectPlurals('en', msg, { n: 1 })).toBe('1 item');
    expect(selectPlurals('en', msg, {})).toBe(msg);
    expect(selectPlurals('en', msg, { n: 'many' })).toBe(msg);
  });

  it('no English message shows a bare "{n} <plural noun>" for one', () => {
    for (const key of ['age.days', 'age.months', 'age.years', 'reviews.rating.n', 'platforms.check.reviews', 'platforms.directory.count', 'platforms.facts.hoursValue'] as const) {
      expect(t('en', key, { n: 1 })).not.toMatch(/^1 \w+s$/);
    }
  });
});
