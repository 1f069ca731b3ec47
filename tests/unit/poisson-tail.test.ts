// The Poisson tail behind the burst scan's soft gate (bursts.ts poissonUpperTail) against values
// computed independently (exact sums in log space, Python math.lgamma), and its agreement
// with the threshold the scan uses.
import { describe, expect, it } from 'vitest';
import { poissonTailThreshold, poissonUpperTail } from '../../src/server/reputation/bursts.ts';

describe('poissonUpperTail', () => {
  it.each([
    // k, mu, P(X ≥ k)
    [0, 3, 1],
    [1, 1, 1 - Math.exp(-1)],
    [5, 1.07, 0.00484985],
    [10, 2, 4.6498075e-5],
    [20, 0.5, 2.4354654e-25],
  ])('P(X ≥ %d | mu = %d)', (k, mu, expected) => {
    expect(poissonUpperTail(k, mu)).toBeCloseTo(expected, 5);
    expect(Math.abs(poissonUpperTail(k, mu) - expected) / expected).toBeLessThan(0.01);
  });

  it('uses the normal approximation above mu = 200, continuous with the exact sum', () => {
    const exact = poissonUpperTail(230, 199.999);
    const approx = poissonUpperTail(230, 200.001);
    expect(Math.abs(exact - approx) / exact).toBeLessThan(0.1);
  });

  it('is the threshold the scan uses: the smallest k with P(X ≥ k) < alpha', () => {
    for (const mu of [0.05, 0.4, 1, 3.7, 12, 60]) {
      for (const alpha of [1e-3, 1e-5]) {
        const k = poissonTailThreshold(mu, alpha);
        expect(poissonUpperTail(k, mu)).toBeLessThan(alpha);
        expect(poissonUpperTail(k - 1, mu)).toBeGreaterThanOrEqual(alpha * 0.999);
      }
    }
  });

  it('decreases in k and increases in mu', () => {
    let prev = 1;
    for (let k = 0; k < 30; k++) {
      const p = poissonUpperTail(k, 4);
      expect(p).toBeLessThanOrEqual(prev);
      prev = p;
    }
    expect(poissonUpperTail(6, 2)).toBeLessThan(poissonUpperTail(6, 2.2));
  });
});
