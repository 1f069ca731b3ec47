// The burst mixture posterior refined by independence traits (bursts.ts, usualPosterior):
// properties rather than magic numbers, plus the two named cases it exists for.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { campaignTraitShare, TRAIT_COUNT, usualPosterior } from '../../src/server/reputation/bursts.ts';

const share = fc.double({ min: 0.01, max: 0.99, noNaN: true });
const shares = fc.array(share, { minLength: TRAIT_COUNT, maxLength: TRAIT_COUNT });
const prior = fc.double({ min: 0.001, max: 0.999, noNaN: true });
const bits = fc.integer({ min: 0, max: (1 << TRAIT_COUNT) - 1 });
// Campaign counts large enough that the add-½ floor (0.5 / count) stays below every share drawn.
const bigCount = fc.integer({ min: 100, max: 1000 });

describe('usualPosterior', () => {
  it('stays in [0, 1] and is 1 when the window holds no excess', () => {
    fc.assert(
      fc.property(prior, bits, shares, shares, fc.integer({ min: 1, max: 200 }), (pi, b, u, c, k) => {
        const p = usualPosterior(pi, b, u, c, k);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(usualPosterior(1, b, u, c, k)).toBe(1);
      }),
    );
  });

  it('traits the campaign shares with usual traffic leave the prior as it is', () => {
    fc.assert(
      fc.property(prior, bits, shares, bigCount, (pi, b, u, k) => {
        expect(usualPosterior(pi, b, u, u, k)).toBeCloseTo(pi, 9);
      }),
    );
  });

  it('having a trait the campaign lacks more than usual traffic does can only raise the posterior', () => {
    fc.assert(
      fc.property(prior, bits, shares, shares, fc.integer({ min: 0, max: TRAIT_COUNT - 1 }), bigCount, (pi, b, u, c, t, k) => {
        fc.pre(u[t]! > c[t]!);
        const without = usualPosterior(pi, b & ~(1 << t), u, c, k);
        const withTrait = usualPosterior(pi, b | (1 << t), u, c, k);
        expect(withTrait).toBeGreaterThanOrEqual(without - 1e-12);
      }),
    );
  });

  it('a campaign share is recovered from a window that mixes it with usual traffic', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.9, noNaN: true }), shares, shares, (pi, u, c) => {
        const window = u.map((x, t) => pi * x + (1 - pi) * c[t]!);
        const out = campaignTraitShare(pi, u, window, new Float64Array(TRAIT_COUNT));
        for (let t = 0; t < TRAIT_COUNT; t++) expect(out[t]).toBeCloseTo(c[t]!, 9);
      }),
    );
  });

  describe.each([
    {
      name: 'an established customer (years old, history elsewhere, own device) posting during a sleeper push of old accounts with no history',
      // usual: old 45 %, history 50 %, own device 95 %; the push: all old, no history, own devices
      pi: 0.3, bits: 0b110, usual: [0.45, 0.5, 0.95], campaign: [1, 0, 1], k: 29, atLeast: 0.9,
    },
    {
      name: 'a ring straggler that looks like the ring (young, no history, own device)',
      pi: 0.02, bits: 0b100, usual: [0.1, 0.4, 0.95], campaign: [0, 0, 0.4], k: 25, atMost: 0.1,
    },
  ])('$name', ({ pi, bits: b, usual, campaign, k, atLeast, atMost }) => {
    it('gets the posterior the traits earn', () => {
      const p = usualPosterior(pi, b, usual, campaign, k);
      if (atLeast !== undefined) expect(p).toBeGreaterThanOrEqual(atLeast);
      if (atMost !== undefined) expect(p).toBeLessThanOrEqual(atMost);
    });
  });
});
