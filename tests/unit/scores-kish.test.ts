// The lower bound's sample size is Kish's effective n (scores.ts): evenly down-weighted honest
// reviews keep their interval, while a swarm of near-zero weights does not narrow it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boundedScore, kishEffectiveN } from '../../src/server/reputation/scores.ts';
import { DEFAULT_CONFIG } from '../../src/server/reputation/config.ts';

function sums(reviews: { w: number; r: number }[]) {
  let sw = 0, swr = 0, swrr = 0, sww = 0;
  for (const { w, r } of reviews) {
    sw += w;
    swr += w * r;
    swrr += w * r * r;
    sww += w * w;
  }
  return [sw, swr, swrr, sww] as const;
}

describe('kishEffectiveN', () => {
  it('equals the count for equal weights, whatever the weight', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.double({ min: 0.001, max: 1, noNaN: true }), (k, w) => {
        expect(kishEffectiveN(k * w, k * w * w)).toBeCloseTo(k, 6);
      }),
      { numRuns: 200 },
    );
  });
  it('is never more than the number of reviews and 0 without weight', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 60 }), (ws) => {
        const sw = ws.reduce((a, b) => a + b, 0);
        const sww = ws.reduce((a, b) => a + b * b, 0);
        expect(kishEffectiveN(sw, sww)).toBeLessThanOrEqual(ws.filter((w) => w > 0).length + 1e-9);
      }),
      { numRuns: 200 },
    );
    expect(kishEffectiveN(0, 0)).toBe(0);
  });
});

describe('boundedScore with Kish effective n', () => {
  it('forty honest reviews all at weight 0.3 get the interval of forty reviews, not of twelve', () => {
    const ratings = Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? 4 : 5));
    const low = boundedScore(...sums(ratings.map((r) => ({ w: 0.3, r }))), DEFAULT_CONFIG);
    const full = boundedScore(...sums(ratings.map((r) => ({ w: 1, r }))), DEFAULT_CONFIG);
    // same ratings, same spread: only the prior's pull differs (C = 1 against Σw = 12 vs 40)
    expect(full.score - full.lowerBound).toBeGreaterThan(0);
    expect(low.score - low.lowerBound).toBeLessThan((full.score - full.lowerBound) * 1.3);
  });
  it('a swarm of near-zero weights (discounted fakes) does not shrink the interval much', () => {
    const honest = Array.from({ length: 10 }, (_, i) => ({ w: 0.8, r: i % 2 ? 3 : 4 }));
    const fakes = Array.from({ length: 200 }, () => ({ w: 0.002, r: 5 }));
    const before = boundedScore(...sums(honest), DEFAULT_CONFIG);
    const after = boundedScore(...sums([...honest, ...fakes]), DEFAULT_CONFIG);
    const wBefore = before.score - before.lowerBound;
    const wAfter = after.score - after.lowerBound;
    expect(wAfter).toBeGreaterThan(wBefore * 0.8);
    expect(after.lowerBound - before.lowerBound).toBeLessThan(0.1);
  });
});
