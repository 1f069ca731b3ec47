// The relevance scorer (src/server/search/relevance.ts) and the page's flattening (rankedList).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dcg, gradeList, ndcgAt, relevanceReport, successAt1, type Expected, type Ranked } from '../../src/server/search/relevance.ts';
import { rankedList } from '../../src/server/search/search.service.ts';
import { relevanceCases } from '../fixtures/search-relevance.ts';

const plat = (platform: string): Ranked => ({ kind: 'platform', platform, text: '' });
const rev = (platform: string, text: string): Ranked => ({ kind: 'review', platform, text });

describe('gradeList', () => {
  const expected: Expected[] = [
    { kind: 'platform', platform: 'a', grade: 3 },
    { kind: 'review', platform: 'a', contains: '退款', grade: 2 },
    { kind: 'review', platform: 'a', grade: 1 },
  ];
  it('credits each expectation once, to the first entry it matches', () => {
    expect(gradeList([plat('a'), plat('a'), rev('a', '申请退款'), rev('a', '再次退款'), rev('a', 'x')], expected)).toEqual([3, 0, 2, 1, 0]);
  });
  it('needs kind, platform and the substring to agree', () => {
    expect(gradeList([rev('b', '退款'), { kind: 'incident', platform: 'a', text: '退款' }, plat('b')], expected)).toEqual([0, 0, 0]);
  });
});

describe('nDCG@10 and success@1', () => {
  const expected: Expected[] = [{ kind: 'platform', platform: 'a', grade: 3 }, { kind: 'review', platform: 'a', contains: 'x', grade: 2 }];
  it('is 1 for the ideal order, lower for a worse one, 0 for nothing relevant', () => {
    expect(ndcgAt([plat('a'), rev('a', 'x')], expected)).toBeCloseTo(1);
    const swapped = ndcgAt([rev('a', 'x'), plat('a')], expected);
    expect(swapped).toBeLessThan(1);
    expect(swapped).toBeGreaterThan(0);
    expect(ndcgAt([plat('z')], expected)).toBe(0);
    expect(ndcgAt([], [])).toBe(1);
  });
  it('counts only the first ten', () => {
    const late = [...Array.from({ length: 10 }, (_, i) => plat(`n${i}`)), plat('a')];
    expect(ndcgAt(late, expected)).toBe(0);
  });
  it('success@1 needs a grade-3 entry first', () => {
    expect(successAt1([plat('a')], expected)).toBe(true);
    expect(successAt1([rev('a', 'x'), plat('a')], expected)).toBe(false);
  });
  it('dcg uses 2^g − 1 gains and log2(rank + 1) discounts', () => {
    expect(dcg([3, 2], 10)).toBeCloseTo(7 + 3 / Math.log2(3));
  });
  it('nDCG is within [0, 1] for any ranking of the expected entries', () => {
    fc.assert(fc.property(fc.shuffledSubarray([plat('a'), rev('a', 'x'), plat('q'), rev('b', 'y')]), (ranked) => {
      const v = ndcgAt(ranked, expected);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1 + 1e-9);
    }), { numRuns: 100 });
  });
  it('averages over cases and lists the failures, worst first', () => {
    const rep = relevanceReport([
      { query: 'good', ranked: [plat('a'), rev('a', 'x')], expected },
      { query: 'bad', ranked: [plat('z')], expected },
    ]);
    expect(rep.successAt1).toBe(0.5);
    expect(rep.ndcgAt10).toBeCloseTo(0.5);
    expect(rep.failures.map((f) => f.query)).toEqual(['bad']);
  });
});

describe('rankedList: the page order', () => {
  it('answer platforms, then other platforms, then items in rank order', () => {
    const card = (slug: string) => ({ slug }) as never;
    const list = rankedList({
      platforms: [
        { card: card('other'), namesHtml: '', matchedBy: 'words', answer: false },
        { card: card('named'), namesHtml: '', matchedBy: 'name', answer: true },
      ],
      items: [
        { kind: 'incident', refId: 1, reviewId: null, caseNo: 'KP-1', incidentKind: 'exit_scam', platform: card('named'), snippetHtml: '', body: '跑路了', createdAt: new Date(0) },
        { kind: 'review', refId: 2, reviewId: 2, caseNo: null, incidentKind: null, platform: null, snippetHtml: '', body: '好', createdAt: new Date(0) },
      ],
    });
    expect(list).toEqual([
      { kind: 'platform', platform: 'named', text: '' },
      { kind: 'platform', platform: 'other', text: '' },
      { kind: 'incident', platform: 'named', text: '跑路了' },
      { kind: 'review', platform: '', text: '好' },
    ]);
  });
});

describe('the relevance set', () => {
  it('has at least 120 queries, each with a grade-3 answer, and no duplicate query', () => {
    expect(relevanceCases.length).toBeGreaterThanOrEqual(120);
    expect(new Set(relevanceCases.map((c) => c.query)).size).toBe(relevanceCases.length);
    for (const c of relevanceCases) expect(c.expect.some((e) => e.grade === 3), c.query).toBe(true);
  });
  it('covers traditional characters, pasted URLs, English and mixed queries', () => {
    const qs = relevanceCases.map((c) => c.query);
    expect(qs.filter((q) => /[譜嗎發門還現鋪騙評單麼樣網開辦]/.test(q)).length).toBeGreaterThanOrEqual(5);
    expect(qs.filter((q) => /\.example/.test(q)).length).toBeGreaterThanOrEqual(5);
    expect(qs.filter((q) => /^[\x20-\x7e]+$/.test(q)).length).toBeGreaterThanOrEqual(10);
    expect(qs.filter((q) => /[a-z]/i.test(q) && /\p{Script=Han}/u.test(q)).length).toBeGreaterThanOrEqual(5);
  });
});
