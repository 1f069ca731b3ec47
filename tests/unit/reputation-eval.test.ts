import { describe, expect, it } from 'vitest';
import { FIELD_MAX_DISPLACEMENT, fieldGenerator, runEvaluation } from '../../src/server/reputation/evaluation/run.ts';

describe('reputation evaluation (one seed)', () => {
  // One seed keeps this fast (~0.3 s). Single seeds are noisy: the full run
  // (npm run eval:reputation, 40 seeds, with a per-seed table; --robust for other world shapes) is the reference;
  // seed 1 passes every target.
  it('meets every target on a single seed', () => {
    const result = runEvaluation({ seeds: [1] });
    const failed = result.checks.filter((c) => !c.pass).map((c) => `${c.name}: ${c.measured} (target ${c.target})`);
    expect(failed).toEqual([]);
  }, 30_000);

  // The independent field generator (issue 14) on one seed (~3 s of model time; the full report
  // is npm run eval:reputation over three seed sets of both generators). Seed 1 passes every target.
  it('meets every target on a single seed of the field generator', () => {
    const result = runEvaluation({ seeds: [1], generator: fieldGenerator(), maxDisplacement: FIELD_MAX_DISPLACEMENT });
    const failed = result.checks.filter((c) => !c.pass).map((c) => `${c.name}: ${c.measured} (target ${c.target})`);
    expect(failed).toEqual([]);
  }, 60_000);
});

describe('reputation model on generated worlds', () => {
  // Simultaneous reviews (equal createdAt) must not make the result depend on the input
  // order: the surge scan and the near-duplicate "who posted first" both order by time.
  it('weights and ranks do not depend on the input order when many reviews share a time', async () => {
    const { computeReputation } = await import('../../src/server/reputation/index.ts');
    const { generateAttackWorld } = await import('../../src/server/reputation/evaluation/generator.ts');
    const { createRng } = await import('../../src/server/reputation/evaluation/prng.ts');
    for (const kind of ['drip', 'brushing', 'ring'] as const) {
      const world = generateAttackWorld(3, kind);
      const rng = createRng(11);
      const reviews = world.input.reviews.map((r) => ({ ...r }));
      for (let k = 0; k < 300; k++) {
        const a = rng.pick(reviews);
        const b = rng.pick(reviews);
        if (a.platformId === b.platformId) b.createdAtMs = a.createdAtMs;
      }
      const input = { ...world.input, reviews };
      const one = computeReputation(input);
      const two = computeReputation({ ...input, reviews: rng.shuffle([...reviews]), accounts: rng.shuffle([...input.accounts]) });
      const rank = new Map(one.platforms.map((p) => [p.id, p.rank]));
      const weight = new Map(one.reviews.map((r) => [r.id, r.weight]));
      for (const p of two.platforms) expect(p.rank, kind).toBe(rank.get(p.id));
      for (const r of two.reviews) expect(r.weight).toBeCloseTo(weight.get(r.id)!, 9);
    }
  }, 30_000);
});
