// Pure pieces of the JSON API: signed cursors, the language choice, ETag matching, and the
// window arithmetic over fixed-size service pages.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeCursor, encodeCursor, maxCursorOffset } from '../../src/server/api/cursor.ts';
import { apiLocale, etagOf, notModified } from '../../src/server/api/http.ts';
import { sliceFromPages } from '../../src/server/api/api.service.ts';
import { generateApiKey, hashApiKey, looksLikeApiKey } from '../../src/server/api/api-key.service.ts';

const secret = 'unit-secret-unit-secret-unit-secret-0123';

describe('cursors', () => {
  it('round-trip for their own list only', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: maxCursorOffset }), fc.string({ maxLength: 40 }), (offset, scope) => {
      const c = encodeCursor(secret, scope, offset);
      expect(decodeCursor(secret, scope, c)).toBe(offset);
      expect(decodeCursor(secret, `${scope}x`, c)).toBeNull();
      expect(decodeCursor(`${secret}x`, scope, c)).toBeNull();
    }), { numRuns: 200 });
  });

  it('any change to a cursor makes it invalid', () => {
    const c = encodeCursor(secret, 'reviews:1:newest::', 40);
    fc.assert(fc.property(fc.integer({ min: 0, max: c.length - 1 }), fc.constantFrom(...'ABCxyz019-_.'), (i, ch) => {
      const changed = c.slice(0, i) + ch + c.slice(i + 1);
      if (changed !== c) expect(decodeCursor(secret, 'reviews:1:newest::', changed)).toBeNull();
    }), { numRuns: 300 });
  });

  it('refuses garbage and offsets out of range even when signed', () => {
    for (const g of ['', '.', 'a.b', 'x'.repeat(1000), '💥.💥', 'eyJzIjoiYSIsIm8iOjF9']) expect(decodeCursor(secret, 'a', g)).toBeNull();
    expect(decodeCursor(secret, 'a', encodeCursor(secret, 'a', -1))).toBeNull();
    expect(decodeCursor(secret, 'a', encodeCursor(secret, 'a', maxCursorOffset + 1))).toBeNull();
    expect(decodeCursor(secret, 'a', encodeCursor(secret, 'a', 1.5))).toBeNull();
  });
});

describe('language', () => {
  it('?lang first, then Accept-Language by q-value, else zh-CN', () => {
    expect(apiLocale('en', 'zh-CN')).toBe('en');
    expect(apiLocale(undefined, 'en-US,en;q=0.9')).toBe('en');
    expect(apiLocale(undefined, 'en;q=0.4, zh-TW;q=0.8')).toBe('zh-CN');
    expect(apiLocale(undefined, 'fr, de;q=0.9')).toBe('zh-CN');
    expect(apiLocale(undefined, 'en;q=0')).toBe('zh-CN');
    expect(apiLocale(undefined, null)).toBe('zh-CN');
    expect(apiLocale(undefined, 'en;q=abc')).toBe('zh-CN');
  });
});

describe('ETag', () => {
  it('is stable per body and matched strongly or weakly, in a list or as *', () => {
    const tag = etagOf('{"a":1}');
    expect(tag).toBe(etagOf('{"a":1}'));
    expect(tag).not.toBe(etagOf('{"a":2}'));
    expect(notModified(tag, tag)).toBe(true);
    expect(notModified(`W/${tag}`, tag)).toBe(true);
    expect(notModified(`"x", ${tag}`, tag)).toBe(true);
    expect(notModified('*', tag)).toBe(true);
    expect(notModified('"x"', tag)).toBe(false);
    expect(notModified(null, tag)).toBe(false);
  });
});

describe('windows over fixed pages', () => {
  it('returns exactly the items of the window and whether more follow', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 1, max: 25 }), fc.integer({ min: 0, max: 130 }), fc.integer({ min: 1, max: 50 }),
      async (total, pageSize, offset, limit) => {
        const all = Array.from({ length: total }, (_, i) => i);
        const loads: number[] = [];
        const r = await sliceFromPages(pageSize, { offset, limit }, async (page) => {
          loads.push(page);
          const items = all.slice((page - 1) * pageSize, page * pageSize);
          return { items, hasNext: page * pageSize < total };
        });
        expect(r.items).toEqual(all.slice(offset, offset + limit));
        expect(r.hasMore).toBe(offset + limit < total);
        // never more pages than the window (plus one item) spans
        expect(loads.length).toBeLessThanOrEqual(Math.ceil((limit + 1) / pageSize) + 1);
      }), { numRuns: 300 });
  });
});

describe('API keys', () => {
  it('are 160 random bits in the key alphabet; the hash is SHA-256 hex', () => {
    const keys = new Set(Array.from({ length: 200 }, generateApiKey));
    expect(keys.size).toBe(200);
    for (const k of keys) expect(looksLikeApiKey(k)).toBe(true);
    expect(hashApiKey('kp_x')).toMatch(/^[0-9a-f]{64}$/);
    expect(looksLikeApiKey('kp_' + 'l'.repeat(32))).toBe(false);
  });
});
