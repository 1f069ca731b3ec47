import { describe, expect, it } from 'vitest';
import { runEvaluation } from '../../src/server/reputation/evaluation/run.ts';

describe('reputation evaluation (one seed)', () => {
  // One seed keeps this fast (~0.3 s). Single seeds are noisy: the full run
  // (npm run eval:reputation, 40 seeds, with a per-seed table; --robust for other world shapes) is the reference;
  // seed 1 passes every target.
  it('meets every target on a single seed', () => {
    const result = runEvaluation({ seeds: [1] });
    const failed = result.checks.filter((c) => !c.pass).map((c) => `${c.name}: ${c.measured} (target ${c.target})`);
    expect(failed).toEqual([]);
  }, 30_000);
});
