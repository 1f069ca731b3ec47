// Page-cache invalidation across servers: tags published by one server reach the others
// through Redis pub/sub (REDIS_URL), and this server applies tags others publish.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { connectInvalidationBus, invalidatePages, onInvalidate } from '../../src/server/http/invalidation.ts';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let disconnect: () => Promise<void>;
let peer: Redis;
let peerSub: Redis;

beforeAll(async () => {
  disconnect = await connectInvalidationBus(url);
  peer = new Redis(url);
  peerSub = new Redis(url);
});
afterAll(async () => {
  await disconnect();
  peer.disconnect();
  peerSub.disconnect();
});

function waitFor<T>(p: (resolve: (v: T) => void) => void, ms = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    p((v) => {
      clearTimeout(timer);
      resolve(v);
    });
  });
}

describe('invalidation bus over Redis', () => {
  it('applies tags published by another server', async () => {
    const received = waitFor<readonly string[]>((resolve) => {
      const off = onInvalidate((tags) => {
        if (tags.includes('platform:42')) {
          off();
          resolve(tags);
        }
      });
    });
    await peer.publish('kaopu:invalidate', JSON.stringify({ tags: ['platform:42', 'home'] }));
    expect(await received).toEqual(['platform:42', 'home']);
  });

  it('publishes its own invalidations for the other servers', async () => {
    await peerSub.subscribe('kaopu:invalidate');
    const got = waitFor<string>((resolve) => peerSub.on('message', (_c: string, m: string) => resolve(m)));
    invalidatePages(['review:7']);
    expect(JSON.parse(await got)).toMatchObject({ tags: ['review:7'] });
  });

  it('ignores malformed messages', async () => {
    let calls = 0;
    const off = onInvalidate(() => calls++);
    await peer.publish('kaopu:invalidate', 'not json');
    await peer.publish('kaopu:invalidate', JSON.stringify({ tags: 'nope' }));
    await new Promise((r) => setTimeout(r, 200));
    off();
    expect(calls).toBe(0);
  });
});
