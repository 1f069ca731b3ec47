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

  it('English counts that can be 1 in moderation and review cards say "1 flag", "1 star", "1 post" (issue 18, item 6)', () => {
    expect(t('en', 'reviews.superseded', { current: 1, original: 4 })).toBe('Now 1 star after follow-up (originally 4)');
    expect(t('en', 'reviews.superseded', { current: 2, original: 4 })).toBe('Now 2 stars after follow-up (originally 4)');
    expect(t('en', 'mod.flagCount', { count: 1, weighted: '1.0' })).toBe('1 flag · weight 1.0');
    expect(t('en', 'mod.ring.done', { posts: 1, accounts: 1 })).toBe('Removed 1 post of 1 account.');
    expect(t('en', 'mod.log.batchSummary', { posts: 3, accounts: 1 })).toBe('3 posts removed, 1 account banned (details)');
    expect(t('en', 'mod.finding.ev.sharedFingerprint', { n: 1 })).toMatch(/^1 account shares /);
    expect(t('en', 'mod.finding.ev.nearDuplicate', { n: 1 })).toMatch(/^1 review is a near-duplicate /);
    expect(t('en', 'mod.finding.ev.burstWindow', { n: 1, from: 'a', to: 'b' })).toMatch(/^1 review posted /);
    expect(t('en', 'reviews.incident.summary.medianDays', { days: 1 })).toBe('1 day');
    expect(t('en', 'mod.alert.ring_removed', { date: 'x', posts: 1, accounts: 2 })).toContain('(1 post from 2 accounts)');
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
