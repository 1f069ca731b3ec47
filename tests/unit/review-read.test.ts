// Pure pieces of the review domain: list query parsing, age bands, case numbers, the
// 15-day rule and the median.
import { describe, expect, it } from 'vitest';
import { accountAgeBand, followUpGapKey, parseReviewListQuery, reviewListSearch } from '../../src/server/reviews/review.read.ts';
import { formErrors } from '../../src/server/http/form-errors.ts';
import { caseNoPrefix, effectiveStatus, medianDays, unresolvedAfterMs } from '../../src/server/incidents/incident.service.ts';

const dayMs = 86_400_000;

describe('review list query', () => {
  it.each([
    ['', { sort: 'helpful', verifiedOnly: false, withFollowUps: false, rating: null, category: null, page: 1 }],
    ['sort=lowest&verified=1&followups=1&rating=2&category=phone_topup&page=3', { sort: 'lowest', verifiedOnly: true, withFollowUps: true, rating: 2, category: 'phone_topup', page: 3 }],
    ['sort=DROP TABLE&rating=0&category=../../etc&page=abc', { sort: 'helpful', rating: null, category: null, page: 1 }],
    ['rating=6&page=9999999', { rating: null, page: 1 }],
  ])('%s', (qs, expected) => {
    expect(parseReviewListQuery(new URLSearchParams(qs))).toMatchObject(expected);
  });

  it('round-trips through the link builder', () => {
    const q = parseReviewListQuery(new URLSearchParams('sort=newest&verified=1&rating=5&category=game_cards'));
    expect(parseReviewListQuery(new URLSearchParams(reviewListSearch(q, 2).slice(1)))).toEqual({ ...q, page: 2 });
    expect(reviewListSearch(parseReviewListQuery(new URLSearchParams()), 1)).toBe('');
  });
});

describe('account age band', () => {
  const now = Date.parse('2026-11-25T00:00:00Z');
  it.each([[1, 'new'], [29, 'new'], [30, 'lt1y'], [364, 'lt1y'], [365, 'y1to3'], [3 * 365, 'gt3y']] as const)('%i days → %s', (days, band) => {
    expect(accountAgeBand(new Date(now - days * dayMs), now)).toBe(band);
  });
});

describe('incidents', () => {
  it('case numbers use the date in China', () => {
    expect(caseNoPrefix(Date.parse('2026-11-25T15:59:00Z'))).toBe('KP-20261125-');
    expect(caseNoPrefix(Date.parse('2026-11-25T16:01:00Z'))).toBe('KP-20261126-');
  });

  it('only accepted or answered cases turn unresolved, and only after 15 days', () => {
    const now = Date.parse('2026-11-25T00:00:00Z');
    const at = (ms: number) => new Date(now - ms);
    for (const status of ['accepted', 'platform_replied'] as const) {
      expect(effectiveStatus({ status, acceptedAt: at(unresolvedAfterMs + 1), createdAt: at(unresolvedAfterMs * 2) }, now)).toBe('unresolved');
      expect(effectiveStatus({ status, acceptedAt: at(unresolvedAfterMs - 1), createdAt: at(unresolvedAfterMs * 2) }, now)).toBe(status);
    }
    for (const status of ['submitted', 'resolved', 'rejected', 'unresolved'] as const) {
      expect(effectiveStatus({ status, acceptedAt: null, createdAt: at(100 * dayMs) }, now)).toBe(status);
    }
  });

  it('median is order-independent and between min and max', () => {
    const xs = [7, 1, 3, 9, 2].map((d) => d * dayMs);
    expect(medianDays(xs)).toBe(3);
    expect(medianDays([...xs].reverse())).toBe(3);
    expect(medianDays([dayMs, 2 * dayMs])).toBe(1.5);
  });
});

describe('follow-up gap label', () => {
  const at = Date.parse('2026-08-25T00:00:00Z');
  it.each([[0, 'reviews.followUpSameDay'], [dayMs - 1, 'reviews.followUpSameDay'], [dayMs, 'reviews.followUpAfter'], [92 * dayMs, 'reviews.followUpAfter']] as const)('%i ms later → %s', (gapMs, key) => {
    expect(followUpGapKey(at, at + gapMs)).toBe(key);
  });
});

describe('errors Astro raises itself', () => {
  it('a body over the action size limit gets a clear message in the reader\'s language, not "try again"', () => {
    expect(formErrors('zh-CN', { code: 'CONTENT_TOO_LARGE', message: 'Request body exceeds 12582912 bytes' }).form).toBe('提交的内容太大。');
    expect(formErrors('en', { code: 'CONTENT_TOO_LARGE', message: 'too large' }).form).toBe('What you sent is too large.');
  });
});
