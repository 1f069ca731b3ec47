// Image work runs at most `limit` jobs at once (issue 16, finding 9); the rest wait in order.
import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { Semaphore } from '../../src/server/uploads/image-pool.ts';

describe('Semaphore', () => {
  it('never runs more than its limit, runs every job, frees slots on failure', async () => {
    const pool = new Semaphore(2);
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    const jobs = Array.from({ length: 8 }, (_, i) => pool.run(async () => {
      active++;
      peak = Math.max(peak, active);
      await sleep(5);
      active--;
      if (i === 3) throw new Error('bad image');
      done.push(i);
      return i;
    }));
    const results = await Promise.allSettled(jobs);
    expect(peak).toBe(2);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(done.sort()).toEqual([0, 1, 2, 4, 5, 6, 7]);
    expect(pool.active).toBe(0);
    expect(pool.waiting).toBe(0);
  });

  it('refuses a limit below one', () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
