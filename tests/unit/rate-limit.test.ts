import { describe, expect, it } from 'vitest';
import {
  consumeBucket,
  createRateLimitStore,
  ipKey,
  ipKeyHexLength,
  MemoryRateLimitStore,
  rateLimitKey,
  rateLimitPolicies,
} from '../../src/server/security/rate-limit.ts';
import type { BucketPolicy } from '../../src/server/security/rate-limit.ts';

const salt = 'unit-test-salt-0123456789abcdef';

function fakeClock(startMs = 1_700_000_000_000) {
  let nowMs = startMs;
  return {
    now: () => nowMs,
    advance(ms: number) {
      nowMs += ms;
    },
  };
}

const policy: BucketPolicy = { name: 'test', max: 5, refillIntervalMs: 1000 };

describe('MemoryRateLimitStore (injected clock)', () => {
  it('allows a burst of max, then refuses', async () => {
    const clock = fakeClock();
    const store = new MemoryRateLimitStore({ now: clock.now });
    const remaining: number[] = [];
    for (let i = 0; i < policy.max; i++) {
      const r = await store.consume('k', policy);
      expect(r.allowed).toBe(true);
      expect(r.retryAfterMs).toBe(0);
      remaining.push(r.remaining);
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    const refused = await store.consume('k', policy);
    expect(refused).toEqual({ allowed: false, remaining: 0, retryAfterMs: 1000 });
  });

  it('refills one token per interval, and not before', async () => {
    const clock = fakeClock();
    const store = new MemoryRateLimitStore({ now: clock.now });
    for (let i = 0; i < policy.max; i++) await store.consume('k', policy);
    clock.advance(999);
    const early = await store.consume('k', policy);
    expect(early.allowed).toBe(false);
    expect(early.retryAfterMs).toBe(1);
    clock.advance(1);
    expect((await store.consume('k', policy)).allowed).toBe(true);
    expect((await store.consume('k', policy)).allowed).toBe(false);
    // Partial progress is kept: 2.5 intervals give 2 tokens, the half carries over.
    clock.advance(2500);
    expect((await store.consume('k', policy)).remaining).toBe(1);
    expect((await store.consume('k', policy)).remaining).toBe(0);
    const refused = await store.consume('k', policy);
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBe(500);
  });

  it('never refills past max', async () => {
    const clock = fakeClock();
    const store = new MemoryRateLimitStore({ now: clock.now });
    await store.consume('k', policy);
    clock.advance(1_000_000);
    const r = await store.consume('k', policy);
    expect(r.remaining).toBe(policy.max - 1);
  });

  it('a full bucket does not bank time: the next token after draining takes a whole interval', async () => {
    const clock = fakeClock();
    const store = new MemoryRateLimitStore({ now: clock.now });
    await store.consume('k', policy);
    clock.advance(10_900); // refills to full, 900 ms of progress must not carry over
    for (let i = 0; i < policy.max; i++) expect((await store.consume('k', policy)).allowed).toBe(true);
    const refused = await store.consume('k', policy);
    expect(refused.retryAfterMs).toBe(1000);
  });

  it('charges cost > 1 and reports retryAfterMs for the whole cost', async () => {
    const clock = fakeClock();
    const store = new MemoryRateLimitStore({ now: clock.now });
    expect(await store.consume('k', policy, 3)).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
    // 2 left, 3 needed: one more token, one interval.
    expect(await store.consume('k', policy, 3)).toEqual({ allowed: false, remaining: 2, retryAfterMs: 1000 });
    // A refused call spends nothing.
    expect(await store.consume('k', policy, 2)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
    clock.advance(400);
    expect(await store.consume('k', policy, 4)).toEqual({ allowed: false, remaining: 0, retryAfterMs: 3600 });
    clock.advance(3600);
    expect((await store.consume('k', policy, 4)).allowed).toBe(true);
  });

  it('retryAfterMs is exact: waiting exactly that long succeeds, 1 ms less fails', async () => {
    const clock = fakeClock();
    const store = new MemoryRateLimitStore({ now: clock.now });
    const slow: BucketPolicy = { name: 'slow', max: 2, refillIntervalMs: 7_000 };
    await store.consume('k', slow, 2);
    clock.advance(1234);
    const refused = await store.consume('k', slow, 2);
    expect(refused.retryAfterMs).toBe(2 * 7000 - 1234);
    clock.advance(refused.retryAfterMs - 1);
    expect((await store.consume('k', slow, 2)).allowed).toBe(false);
    clock.advance(1);
    expect((await store.consume('k', slow, 2)).allowed).toBe(true);
  });

  it('rejects a cost that could never be paid', async () => {
    const store = new MemoryRateLimitStore();
    for (const cost of [0, -1, 1.5, policy.max + 1, Number.NaN]) {
      await expect(store.consume('k', policy, cost)).rejects.toThrow(RangeError);
    }
  });

  it('keeps keys and policies apart', async () => {
    const clock = fakeClock();
    const store = new MemoryRateLimitStore({ now: clock.now });
    for (let i = 0; i < policy.max; i++) await store.consume('a', policy);
    expect((await store.consume('a', policy)).allowed).toBe(false);
    expect((await store.consume('b', policy)).allowed).toBe(true);
    expect((await store.consume('a', { ...policy, name: 'other' })).allowed).toBe(true);
  });

  it('a clock stepping backwards grants nothing', async () => {
    const clock = fakeClock();
    const store = new MemoryRateLimitStore({ now: clock.now });
    for (let i = 0; i < policy.max; i++) await store.consume('k', policy);
    clock.advance(-60_000);
    expect((await store.consume('k', policy)).allowed).toBe(false);
  });

  it('bounds memory: past maxKeys the least recently used bucket goes', async () => {
    const clock = fakeClock();
    const store = new MemoryRateLimitStore({ now: clock.now, maxKeys: 3 });
    for (let i = 0; i < policy.max; i++) await store.consume('old', policy);
    await store.consume('b', policy);
    await store.consume('c', policy);
    expect(store.size).toBe(3);
    await store.consume('b', policy); // touch b: "old" is now the least recently used
    await store.consume('d', policy);
    expect(store.size).toBe(3);
    // "old" was evicted, so it starts over full.
    expect((await store.consume('old', policy)).remaining).toBe(policy.max - 1);
    for (let i = 0; i < 1000; i++) await store.consume(`flood-${i}`, policy);
    expect(store.size).toBe(3);
  });
});

describe('consumeBucket (pure step)', () => {
  it('full-in time is when the bucket would be full again', () => {
    const step = consumeBucket(null, policy, 2, 0);
    expect(step.fullInMs).toBe(2000);
    const later = consumeBucket(step.state, policy, 1, 300);
    expect(later.fullInMs).toBe(3000 - 300);
  });

  it('property: remaining stays within [0, max] and allowed calls never exceed burst + refills', () => {
    const p: BucketPolicy = { name: 'p', max: 7, refillIntervalMs: 250 };
    let state = null;
    let nowMs = 0;
    let allowed = 0;
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 5000; i++) {
      nowMs += Math.floor(random() * 100);
      const cost = 1 + Math.floor(random() * 3);
      const step = consumeBucket(state, p, cost, nowMs);
      expect(step.result.remaining).toBeGreaterThanOrEqual(0);
      expect(step.result.remaining).toBeLessThanOrEqual(p.max);
      expect(step.result.retryAfterMs).toBeGreaterThanOrEqual(0);
      if (step.result.allowed) allowed += cost;
      state = step.state;
    }
    expect(allowed).toBeLessThanOrEqual(p.max + Math.floor(nowMs / p.refillIntervalMs));
  });
});

describe('policies', () => {
  it('are frozen, named after their key, and sane', () => {
    expect(Object.isFrozen(rateLimitPolicies)).toBe(true);
    for (const [name, p] of Object.entries(rateLimitPolicies)) {
      expect(Object.isFrozen(p)).toBe(true);
      expect(p.name).toBe(name);
      expect(Number.isSafeInteger(p.max) && p.max > 0).toBe(true);
      expect(Number.isSafeInteger(p.refillIntervalMs) && p.refillIntervalMs > 0).toBe(true);
    }
    expect(Object.keys(rateLimitPolicies).sort()).toEqual(
      ['api', 'apiKey', 'flag', 'followUp', 'followUpNewAccount', 'login', 'loginKnownDevice', 'mail', 'search', 'signup', 'totp', 'upload', 'write'],
    );
    expect(rateLimitPolicies.signup).toMatchObject({ max: 5, refillIntervalMs: 600_000 });
    expect(rateLimitPolicies.totp).toMatchObject({ max: 5, refillIntervalMs: 60_000 });
    // A key buys ten times the anonymous API rate (issue 17).
    expect(rateLimitPolicies.apiKey.max).toBe(10 * rateLimitPolicies.api.max);
  });
});

describe('ipKey', () => {
  it('hashes the /24 (IPv4) or /64 (IPv6) with the salt, never containing the address', () => {
    const a = ipKey('203.0.113.7', salt);
    expect(a).toMatch(new RegExp(`^[0-9a-f]{${ipKeyHexLength}}$`));
    expect(a).not.toContain('203');
    expect(ipKey('203.0.113.250', salt)).toBe(a);
    expect(ipKey('::ffff:203.0.113.9', salt)).toBe(a);
    expect(ipKey('203.0.114.7', salt)).not.toBe(a);
    expect(ipKey('203.0.113.7', `${salt}-other`)).not.toBe(a);
    const v6 = ipKey('2001:db8:1:2::1', salt);
    expect(ipKey('2001:db8:1:2:ffff:ffff:ffff:ffff', salt)).toBe(v6);
    expect(ipKey('2001:db8:1:3::1', salt)).not.toBe(v6);
  });

  it('refuses a missing or short salt', () => {
    expect(() => ipKey('203.0.113.7', '')).toThrow(TypeError);
    expect(() => ipKey('203.0.113.7', 'short')).toThrow(TypeError);
  });

  it('rateLimitKey scopes keys', () => {
    expect(rateLimitKey('ip', 'abc')).toBe('ip:abc');
    expect(rateLimitKey('account', 'abc')).not.toBe(rateLimitKey('ip', 'abc'));
  });
});

describe('createRateLimitStore', () => {
  it('uses memory without a Redis URL', async () => {
    const store = createRateLimitStore(undefined);
    expect(store).toBeInstanceOf(MemoryRateLimitStore);
    expect((await store.consume('k', policy)).allowed).toBe(true);
    await store.close();
  });
});
