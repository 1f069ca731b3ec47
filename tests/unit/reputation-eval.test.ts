import { describe, expect, it } from 'vitest';
import { FIELD_MAX_DISPLACEMENT, MAX_DISPLACEMENT, fieldGenerator, overLimits, runEvaluation } from '../../src/server/reputation/evaluation/run.ts';

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

describe('overLimits', () => {
  it('counts the (seed, attack) pairs over their limit and the ranks over it, from the per-seed table', () => {
    const result = runEvaluation({ seeds: [1, 2], maxDisplacement: { ring: 0, smear: 0, camouflage: 0, dormant: 0, drip: 0, brushing: 0 } });
    let pairs = 0;
    let ranks = 0;
    for (const row of result.perSeed) for (const { model } of Object.values(row.displacement)) if (model > 0) { pairs++; ranks += model; }
    expect(pairs).toBeGreaterThan(0); // seeds 1 and 2 move a few targets a rank or two
    expect(overLimits(result)).toEqual({ pairs, ranks });
    // with the limits at zero every displaced target counts; at the issue's limits, fewer or as many
    const atIssueLimits = overLimits({ ...result, limits: MAX_DISPLACEMENT });
    expect(atIssueLimits.pairs).toBeLessThanOrEqual(pairs);
    expect(atIssueLimits.ranks).toBeLessThanOrEqual(ranks);
  }, 30_000);
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

describe('honest verified buyers inside a push (issue 14: the target must not drop beyond the attack’s limit)', () => {
  // The two worlds where the target once dropped because honest new buyers with checked orders were
  // attributed to a campaign: a slow drip's one-off surge (classic seed 1005: two verified 4★
  // one-offs fell from weight ~0.7 to 0.04 and the target lost 4 ranks) and a fresh ring's burst
  // (field seed 4: a verified 5★ newcomer fell from 0.5 to 0.001, 3 ranks). Since stop 24 two or
  // more verified reviews in a campaign's stretch or segment are a campaign that bought some of its
  // orders (the held-out market worlds: camouflage and drips with two to four bought orders each
  // kept weight 1 and moved thin targets 8–10 ranks), so honest newcomers with orders who share such
  // a stretch lose weight too: they cannot be told from bought orders. What must hold is the
  // target's rank, within the attack's limit, and the voice of verified customers the campaign's
  // accounts do not resemble.
  const onTarget = async (gen: 'classic' | 'field', seed: number, kind: 'drip' | 'ring') => {
    const { computeReputation } = await import('../../src/server/reputation/index.ts');
    const classic = await import('../../src/server/reputation/evaluation/generator.ts');
    const field = await import('../../src/server/reputation/evaluation/generator-field.ts');
    const world = gen === 'classic' ? classic.generateAttackWorld(seed, kind) : field.generateFieldAttackWorld(seed, kind);
    const honest = gen === 'classic' ? classic.generateHonestWorld(seed) : field.generateFieldHonestWorld(seed);
    const attackedOut = computeReputation(world.input);
    const honestOut = computeReputation(honest.input);
    const attacked = new Map(attackedOut.reviews.map((r) => [r.id, r]));
    const before = new Map(honestOut.reviews.map((r) => [r.id, r.weight]));
    const created = new Map(world.input.accounts.map((a) => [a.id, a.createdAtMs]));
    const rankOf = (out: typeof honestOut) => out.platforms.find((p) => p.id === world.targetId)!.rank!;
    const verified = world.input.reviews
      .filter((r) => r.platformId === world.targetId && r.proof === 'verified' && !world.fake.has(r.id) && before.has(r.id))
      .map((r) => ({ ageDays: (r.createdAtMs - created.get(r.accountId)!) / 86_400_000, before: before.get(r.id)!, after: attacked.get(r.id)!.weight }));
    return { displacement: Math.abs(rankOf(attackedOut) - rankOf(honestOut)), verified };
  };

  it('a slow drip: the target stays within the drip’s limit, and verified customers older than the drip’s accounts keep their weight', async () => {
    const { displacement, verified } = await onTarget('classic', 1005, 'drip');
    expect(displacement).toBeLessThanOrEqual(MAX_DISPLACEMENT.drip);
    const established = verified.filter((r) => r.ageDays >= 90);
    expect(established.length).toBeGreaterThan(0);
    for (const r of established) expect(r.after).toBeGreaterThan(0.95 * r.before);
  });

  it('a fresh ring: the target stays within the ring’s limit, and a verified customer of years keeps its weight', async () => {
    const { displacement, verified } = await onTarget('field', 4, 'ring');
    expect(displacement).toBeLessThanOrEqual(FIELD_MAX_DISPLACEMENT.ring);
    const established = verified.filter((r) => r.ageDays >= 365);
    expect(established.length).toBeGreaterThan(0);
    for (const r of established) expect(r.after).toBeGreaterThan(0.9 * r.before);
  });
});
