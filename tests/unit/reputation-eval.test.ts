import { describe, expect, it } from 'vitest';
import { runEvaluation } from '../../src/server/reputation/evaluation/run.ts';

describe('reputation evaluation (one seed)', () => {
  it('meets every target on a single seed', () => {
    const result = runEvaluation({ seeds: [11] });
    const failed = result.checks.filter((c) => !c.pass).map((c) => `${c.name}: ${c.measured} (target ${c.target})`);
    expect(failed).toEqual([]);
  }, 30_000);
});
