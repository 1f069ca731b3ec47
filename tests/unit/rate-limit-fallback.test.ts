// Issue 16, finding 8: with Redis down, rate limits answer from in-process buckets within the
// budget; fail-closed policies (log-in, TOTP) are refused instead; bad arguments still throw.
import { describe, expect, it } from 'vitest';
import {
  FallbackRateLimitStore, rateLimitPolicies, unavailableRetryMs,
  type BucketPolicy, type ClosableRateLimitStore, type RateLimitResult,
} from '../../src/server/security/rate-limit.ts';

function primary(behaviour: 'hang' | 'fail' | 'ok'): ClosableRateLimitStore & { calls: number } {
  return {
    calls: 0,
    consume(): Promise<RateLimitResult> {
      this.calls++;
      if (behaviour === 'hang') return new Promise(() => {});
      if (behaviour === 'fail') return Promise.reject(new Error('Stream isn\'t writeable and enableOfflineQueue options is false'));
      return Promise.resolve({ allowed: true, remaining: 99, retryAfterMs: 0 });
    },
    async close() {},
  };
}

describe('FallbackRateLimitStore', () => {
  it('a hanging store gives way to in-process buckets within the budget', async () => {
    const store = new FallbackRateLimitStore(primary('hang'), { timeoutMs: 200 });
    const t0 = performance.now();
    const r = await store.consume('ip:a', rateLimitPolicies.write);
    const elapsed = performance.now() - t0;
    expect(r.allowed).toBe(true);
    expect(r.remaining).toBe(rateLimitPolicies.write.max - 1); // counted in the fallback bucket
    expect(elapsed).toBeLessThan(1_000); // generous bound for a loaded machine; the budget is 200 ms
    expect(store.degraded).toBe(true);
  });

  it('falls back and still limits: the in-process bucket refuses past max', async () => {
    const p = primary('fail');
    const store = new FallbackRateLimitStore(p, { retryAfterFailureMs: 60_000 });
    const policy: BucketPolicy = { name: 'tiny', max: 2, refillIntervalMs: 60_000 };
    expect((await store.consume('k', policy)).allowed).toBe(true);
    expect((await store.consume('k', policy)).allowed).toBe(true);
    expect((await store.consume('k', policy)).allowed).toBe(false);
    expect(p.calls).toBe(1); // not asked again while marked down
  });

  it('fail-closed policies are refused as unavailable while the store is down', async () => {
    const store = new FallbackRateLimitStore(primary('fail'));
    for (const policy of [rateLimitPolicies.login, rateLimitPolicies.loginKnownDevice, rateLimitPolicies.totp]) {
      expect(await store.consume('k', policy)).toEqual({ allowed: false, unavailable: true, remaining: 0, retryAfterMs: unavailableRetryMs });
    }
    expect((await store.consume('k', rateLimitPolicies.signup)).allowed).toBe(true);
  });

  it('tries the shared store again after the back-off', async () => {
    let now = 0;
    let behaviour: 'fail' | 'ok' = 'fail';
    const p = { calls: 0, consume() { this.calls++; return behaviour === 'fail' ? Promise.reject(new Error('down')) : Promise.resolve({ allowed: true, remaining: 5, retryAfterMs: 0 }); }, async close() {} };
    const store = new FallbackRateLimitStore(p, { now: () => now, retryAfterFailureMs: 1_000 });
    await store.consume('k', rateLimitPolicies.write);
    behaviour = 'ok';
    now = 500;
    expect((await store.consume('k', rateLimitPolicies.write)).remaining).not.toBe(5);
    now = 1_001;
    expect((await store.consume('k', rateLimitPolicies.write)).remaining).toBe(5);
    expect(store.degraded).toBe(false);
  });

  it('an invalid cost is a bug, not an outage', async () => {
    const store = new FallbackRateLimitStore({ consume: () => Promise.reject(new RangeError('cost')), async close() {} });
    await expect(store.consume('k', rateLimitPolicies.login, 99)).rejects.toThrow(RangeError);
    expect(store.degraded).toBe(false);
  });
});

describe('FallbackRateLimitStore budgets', () => {
  it('fail-closed policies wait five budgets for a slow store before refusing; others one', async () => {
    const store = new FallbackRateLimitStore(primary('hang'), { timeoutMs: 40 });
    let t0 = performance.now();
    expect((await store.consume('k', rateLimitPolicies.write)).allowed).toBe(true);
    const writeMs = performance.now() - t0;
    const fresh = new FallbackRateLimitStore(primary('hang'), { timeoutMs: 40 });
    t0 = performance.now();
    expect((await fresh.consume('k', rateLimitPolicies.login)).unavailable).toBe(true);
    const loginMs = performance.now() - t0;
    expect(writeMs).toBeGreaterThanOrEqual(39);
    expect(loginMs).toBeGreaterThanOrEqual(199);
  });
});
