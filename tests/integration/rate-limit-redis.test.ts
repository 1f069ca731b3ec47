// One behaviour table, run on the memory store and on the real Redis store (clock =
// wall time here; the exact arithmetic is pinned by tests/unit/rate-limit.test.ts).
// Redis: REDIS_URL or redis://127.0.0.1:6379. Unreachable Redis fails this file unless
// SKIP_REDIS=1.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MemoryRateLimitStore,
  RedisRateLimitStore,
  rateLimitPolicies,
} from '../../src/server/security/rate-limit.ts';
import type { BucketPolicy, RateLimitStore } from '../../src/server/security/rate-limit.ts';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const skipRedis = process.env.SKIP_REDIS === '1';
// Unique per run, so parallel runs and leftovers never share buckets.
const keyPrefix = `kaopu:rl:test:${randomUUID()}:`;

const clients: Redis[] = [];

function describeUrl(url: string): string {
  // Host and port only: a REDIS_URL may carry a password.
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return '(unparsable REDIS_URL)';
  }
}

async function connectRedis(): Promise<Redis> {
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 3_000,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null, // fail instead of retrying forever
    enableOfflineQueue: false,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw new Error(
      `Redis is unreachable at ${describeUrl(redisUrl)} (${(error as Error).message}). ` +
        'Start it (see STACK.md) or set SKIP_REDIS=1 to skip the Redis suite.',
    );
  }
  clients.push(client);
  return client;
}

let redisA: Redis | undefined;
let redisB: Redis | undefined;

beforeAll(async () => {
  if (skipRedis) {
    console.warn('SKIP_REDIS=1: the Redis rate-limit suite is skipped');
    return;
  }
  redisA = await connectRedis();
  redisB = await connectRedis();
});

afterAll(async () => {
  const client = clients[0];
  if (client) {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 500);
      if (keys.length > 0) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
  await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
});

type Backend = { name: string; make: () => RateLimitStore };

const backends: Backend[] = [
  { name: 'memory', make: () => new MemoryRateLimitStore() },
  ...(skipRedis
    ? []
    : [{ name: 'redis', make: () => new RedisRateLimitStore(redisA as Redis, { keyPrefix }) }]),
];

const slow: BucketPolicy = { name: 'slow', max: 5, refillIntervalMs: 60_000 };
const fast: BucketPolicy = { name: 'fast', max: 2, refillIntervalMs: 200 };

const key = () => `account:${randomUUID()}`;

describe.each(backends)('$name store', ({ make }) => {
  it('allows a burst of max, then refuses with retryAfterMs ≈ one interval', async () => {
    const store = make();
    const k = key();
    const remaining: number[] = [];
    for (let i = 0; i < slow.max; i++) {
      const r = await store.consume(k, slow);
      expect(r.allowed).toBe(true);
      expect(r.retryAfterMs).toBe(0);
      remaining.push(r.remaining);
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    const refused = await store.consume(k, slow);
    expect(refused.allowed).toBe(false);
    expect(refused.remaining).toBe(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(refused.retryAfterMs).toBeGreaterThan(55_000);
  });

  it('charges cost > 1 and a refused call spends nothing', async () => {
    const store = make();
    const k = key();
    expect(await store.consume(k, slow, 3)).toEqual({ allowed: true, remaining: 2, retryAfterMs: 0 });
    const refused = await store.consume(k, slow, 3);
    expect(refused.allowed).toBe(false);
    expect(refused.remaining).toBe(2);
    expect(refused.retryAfterMs).toBeGreaterThan(55_000);
    expect(await store.consume(k, slow, 2)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
    const empty = await store.consume(k, slow, 5);
    expect(empty.retryAfterMs).toBeGreaterThan(4 * 60_000);
    expect(empty.retryAfterMs).toBeLessThanOrEqual(5 * 60_000);
  });

  it('refills over time', async () => {
    const store = make();
    const k = key();
    expect((await store.consume(k, fast, 2)).allowed).toBe(true);
    expect((await store.consume(k, fast)).allowed).toBe(false);
    await sleep(2 * fast.refillIntervalMs + 50);
    expect(await store.consume(k, fast, 2)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
  });

  it('keeps keys and policies apart', async () => {
    const store = make();
    const k = key();
    await store.consume(k, slow, slow.max);
    expect((await store.consume(k, slow)).allowed).toBe(false);
    expect((await store.consume(key(), slow)).allowed).toBe(true);
    expect((await store.consume(k, { ...slow, name: 'slow-other' })).allowed).toBe(true);
  });

  it('works with the named policies', async () => {
    const store = make();
    const k = key();
    for (let i = 0; i < rateLimitPolicies.totp.max; i++) {
      expect((await store.consume(k, rateLimitPolicies.totp)).allowed).toBe(true);
    }
    expect((await store.consume(k, rateLimitPolicies.totp)).allowed).toBe(false);
  });

  it('rejects an unpayable cost', async () => {
    await expect(make().consume(key(), slow, slow.max + 1)).rejects.toThrow(RangeError);
  });
});

describe.skipIf(skipRedis)('redis store across servers', () => {
  it('two store instances (two connections) share one bucket', async () => {
    const a = new RedisRateLimitStore(redisA as Redis, { keyPrefix });
    const b = new RedisRateLimitStore(redisB as Redis, { keyPrefix });
    const k = key();
    expect((await a.consume(k, slow, 3)).remaining).toBe(2);
    expect((await b.consume(k, slow, 2)).remaining).toBe(0);
    expect((await a.consume(k, slow)).allowed).toBe(false);
    expect((await b.consume(k, slow)).allowed).toBe(false);
  });

  it('is atomic under concurrent consumers: exactly max succeed', async () => {
    const a = new RedisRateLimitStore(redisA as Redis, { keyPrefix });
    const b = new RedisRateLimitStore(redisB as Redis, { keyPrefix });
    const k = key();
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).consume(k, slow)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(slow.max);
  });

  it('stores under kaopu:rl:<prefix><policy>:<key> with a PEXPIRE until the bucket is full again', async () => {
    const store = new RedisRateLimitStore(redisA as Redis, { keyPrefix });
    expect(keyPrefix.startsWith('kaopu:rl:')).toBe(true);
    const k = key();
    await store.consume(k, slow, 2);
    const ttlMs = await (redisA as Redis).pttl(`${keyPrefix}slow:${k}`);
    expect(ttlMs).toBeGreaterThan(2 * 60_000 - 5_000);
    expect(ttlMs).toBeLessThanOrEqual(2 * 60_000);
    // An idle bucket vanishes once full: with a 200 ms interval, after ~400 ms.
    const f = key();
    await store.consume(f, fast, 2);
    await sleep(2 * fast.refillIntervalMs + 100);
    expect(await (redisA as Redis).exists(`${keyPrefix}fast:${f}`)).toBe(0);
  });

  it('falls back to EVAL when the script cache is empty (NOSCRIPT)', async () => {
    const store = new RedisRateLimitStore(redisA as Redis, { keyPrefix });
    const k = key();
    await store.consume(k, slow);
    await (redisA as Redis).script('FLUSH');
    expect((await store.consume(k, slow)).remaining).toBe(3);
    expect((await store.consume(k, slow)).remaining).toBe(2); // cached again: EVALSHA works
  });

  it('stores no raw key material beyond what the caller passed', async () => {
    const store = new RedisRateLimitStore(redisA as Redis, { keyPrefix });
    const k = key();
    await store.consume(k, slow);
    const fields = await (redisA as Redis).hgetall(`${keyPrefix}slow:${k}`);
    expect(Object.keys(fields).sort()).toEqual(['count', 'refilled_at_ms']);
  });
});
