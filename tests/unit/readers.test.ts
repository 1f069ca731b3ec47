// Pure parts of the reader conveniences: the star histogram's whole percentages, review-tag
// validation, the transparency report's months and its folding of the grouped rows.
import { describe, expect, it } from 'vitest';
import { histogram, wholePercents } from '../../src/server/readers/histogram.ts';
import { checkReviewTags, maxReviewTags, reviewTags } from '../../src/server/reviews/review-tags.ts';
import { FieldErrors } from '../../src/server/errors.ts';
import { foldTransparency, lastMonths, monthStart } from '../../src/server/readers/transparency.service.ts';
import { formatDuration, formatMonth } from '../../src/components/readers/format.ts';

describe('star histogram', () => {
  it.each([
    [{ 1: 1, 2: 1, 3: 1, 4: 0, 5: 0 }, { 5: 0, 4: 0, 3: 34, 2: 33, 1: 33 }],
    [{ 1: 0, 2: 0, 3: 0, 4: 0, 5: 7 }, { 5: 100, 4: 0, 3: 0, 2: 0, 1: 0 }],
    [{ 1: 3, 2: 0, 3: 0, 4: 1, 5: 2 }, { 5: 33, 4: 17, 3: 0, 2: 0, 1: 50 }],
    [{ 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 }, { 5: 20, 4: 20, 3: 20, 2: 20, 1: 20 }],
    [{ 1: 1, 2: 1, 3: 1, 4: 1, 5: 2 }, { 5: 33, 4: 17, 3: 17, 2: 17, 1: 16 }],
  ])('whole percents of %j add up to 100: %j', (counts, expected) => {
    const p = wholePercents(counts);
    expect(p).toEqual(expected);
    expect(Object.values(p).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('sums to 100 for many random distributions, and each percent is within 1 of the exact share', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 500; i++) {
      const c = { 1: Math.floor(rnd() * 50), 2: Math.floor(rnd() * 5), 3: Math.floor(rnd() * 9), 4: Math.floor(rnd() * 30), 5: Math.floor(rnd() * 200) + 1 };
      const total = c[1] + c[2] + c[3] + c[4] + c[5];
      const p = wholePercents(c);
      expect(Object.values(p).reduce((a, b) => a + b, 0)).toBe(100);
      for (const s of [1, 2, 3, 4, 5] as const) expect(Math.abs(p[s] - (c[s] * 100) / total)).toBeLessThan(1);
    }
  });

  it('no ratings: all zero, no division by zero; bars run 5 stars to 1', () => {
    const h = histogram({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 });
    expect(h.total).toBe(0);
    expect(h.bars.map((b) => [b.stars, b.percent, b.widthPercent])).toEqual([[5, 0, 0], [4, 0, 0], [3, 0, 0], [2, 0, 0], [1, 0, 0]]);
  });
});

describe('review tags', () => {
  const check = (raw: unknown) => {
    const e = new FieldErrors();
    return { tags: checkReviewTags(e, raw), error: e.fields.tags, params: e.fieldParams.tags };
  };
  it('keeps the list order and drops duplicates; absent means none', () => {
    expect(check(['price', 'arrival', 'price'])).toEqual({ tags: ['arrival', 'price'], error: undefined, params: undefined });
    expect(check('refund')).toEqual({ tags: ['refund'], error: undefined, params: undefined });
    expect(check(null)).toEqual({ tags: [], error: undefined, params: undefined });
    expect(check([])).toEqual({ tags: [], error: undefined, params: undefined });
  });
  it('refuses unknown values and more than the maximum', () => {
    expect(check(['arrival', 'x']).error).toBe('reviews.error.unknownTag');
    expect(check([1]).error).toBe('reviews.error.unknownTag');
    expect(check(reviewTags.slice(0, maxReviewTags + 1))).toMatchObject({ error: 'reviews.error.tooManyTags', params: { max: maxReviewTags } });
    expect(check(reviewTags.slice(0, maxReviewTags)).error).toBeUndefined();
  });
});

describe('transparency months', () => {
  it('counts Beijing-time months back from now, across a year boundary', () => {
    // 2026-12-31T17:00Z is 1 January 2027 01:00 in Beijing
    expect(lastMonths(Date.parse('2026-12-31T17:00:00Z'), 3)).toEqual(['2027-01', '2026-12', '2026-11']);
    expect(lastMonths(Date.parse('2026-12-31T15:00:00Z'), 2)).toEqual(['2026-12', '2026-11']);
    expect(monthStart('2026-01').toISOString()).toBe('2025-12-31T16:00:00.000Z');
  });
  it('folds grouped rows into months; rows outside the months are ignored', () => {
    const out = foldTransparency(['2026-12', '2026-11'], [
      { month: '2026-12', action: 'remove', subjectKind: 'review', reason: 'spam', count: 2 },
      { month: '2026-12', action: 'ring_remove', subjectKind: 'ring', reason: null, count: 1 },
      { month: '2026-12', action: 'approve', subjectKind: 'platform', reason: null, count: 9 },
      { month: '2026-11', action: 'reject', subjectKind: 'proof', reason: null, count: 4 },
      { month: '2025-01', action: 'remove', subjectKind: 'review', reason: 'spam', count: 50 },
    ], [{ month: '2026-11', medianSeconds: 90, decided: 4 }]);
    expect(out[0]).toMatchObject({ removals: { spam: 2, ring: 1 }, removalsTotal: 3, proofsVerified: 0, medianSeconds: null });
    expect(out[1]).toMatchObject({ removalsTotal: 0, proofsRejected: 4, medianSeconds: 90, decided: 4 });
  });
  it('words a month and a duration in both languages', () => {
    expect(formatMonth('zh-CN', '2026-12')).toBe('2026年12月');
    expect(formatMonth('en', '2026-12')).toBe('December 2026');
    expect(formatDuration('zh-CN', 90)).toBe('2 分钟');
    expect(formatDuration('en', 3600)).toBe('1 hour');
    expect(formatDuration('en', 2.25 * 3600)).toBe('2.3 hours');
    expect(formatDuration('zh-CN', 3 * 86_400)).toBe('3 天');
  });
});

describe('review list query: tag and keyword', () => {
  it('keeps a known tag and a cleaned keyword, drops an unknown tag, and round-trips through the URL', async () => {
    const { parseReviewListQuery, reviewListSearch } = await import('../../src/server/reviews/review.read.ts');
    const q = parseReviewListQuery(new URLSearchParams('tag=refund&q=%20%E5%88%B0%E8%B4%A6%00%20&rating=2'));
    expect(q).toMatchObject({ tag: 'refund', q: '到账', rating: 2 });
    expect(parseReviewListQuery(new URLSearchParams(reviewListSearch(q, 3).slice(1)))).toEqual({ ...q, page: 3 });
    expect(parseReviewListQuery(new URLSearchParams('tag=Refund')).tag).toBeNull();
    expect(parseReviewListQuery(new URLSearchParams(`q=${'长'.repeat(1000)}`)).q.length).toBe(256);
  });
});
