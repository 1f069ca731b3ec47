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

describe('honest verified buyers inside an unproven push (issue 14: the target must not drop)', () => {
  // The two worlds where the target dropped because honest new buyers with checked orders were
  // attributed to an unproven campaign: a slow drip's one-off surge (classic seed 1005: two
  // verified 4★ one-offs fell from weight ~0.7 to 0.04 and the target lost 4 ranks) and a fresh
  // ring's burst (field seed 4: a verified 5★ newcomer fell from 0.5 to 0.001, 3 ranks).
  const honestVerifiedOnTarget = async (gen: 'classic' | 'field', seed: number, kind: 'drip' | 'ring') => {
    const { computeReputation } = await import('../../src/server/reputation/index.ts');
    const classic = await import('../../src/server/reputation/evaluation/generator.ts');
    const field = await import('../../src/server/reputation/evaluation/generator-field.ts');
    const world = gen === 'classic' ? classic.generateAttackWorld(seed, kind) : field.generateFieldAttackWorld(seed, kind);
    const honest = gen === 'classic' ? classic.generateHonestWorld(seed) : field.generateFieldHonestWorld(seed);
    const attacked = new Map(computeReputation(world.input).reviews.map((r) => [r.id, r]));
    const before = new Map(computeReputation(honest.input).reviews.map((r) => [r.id, r.weight]));
    return world.input.reviews
      .filter((r) => r.platformId === world.targetId && r.proof === 'verified' && !world.fake.has(r.id) && before.has(r.id))
      .map((r) => ({ id: r.id, before: before.get(r.id)!, after: attacked.get(r.id)!.weight, reasons: attacked.get(r.id)!.reasons.map((x) => x.code) }));
  };

  it('a drip of unproven one-offs does not take the weight of the verified one-offs around it', async () => {
    const rows = await honestVerifiedOnTarget('classic', 1005, 'drip');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.reasons).not.toContain('ONE_OFF_SURGE');
      expect(r.after).toBeGreaterThan(0.8 * r.before);
    }
  });

  it('a fresh ring without orders does not take the weight of a verified newcomer in its window', async () => {
    const rows = await honestVerifiedOnTarget('field', 4, 'ring');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.reasons).not.toContain('BURST');
  });
});
